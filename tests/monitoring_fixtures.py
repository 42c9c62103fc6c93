"""A monitored integrity pact (the shared `bureau` and `pact` of tests/action_fixtures.py), a monitor with a signing key, and cases
built to any state through the real operations. Loaded for the whole suite by tests/conftest.py."""
from datetime import datetime, timedelta

import pytest

from pactplatform.extensions import db
from pactplatform.monitoring import operations
from pactplatform.signing import operations as signing
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
NOW = datetime(2026, 7, 1, 3, 0, 0)


@pytest.fixture
def monitored(pact, bureau):
    """The pact's monitor has a signing key; `bureau` gains it as "monitor"."""
    signing.create_signing_key(bureau["monitor"], factories.SIGNING_PASSPHRASE)
    db.session.commit()
    return pact


CASE = {"stage": "selection", "violation_type": "collusion", "severity": "major",
        "description": "Dua penawar memakai dokumen teknis yang identik."}


def make_case(bureau, action, organisation=None, until="reported", files=None, now=NOW):
    """A case against `organisation` (default PT Alpha) taken through the process up to `until`."""
    organisation = organisation or bureau["firm_a"]
    tenant, monitor = bureau["tenant"], bureau["monitor"]
    steps = ["reported", "notified", "answered", "confirmed"]
    with tenant_scope(tenant.id):
        case = operations.log_case(tenant, monitor, action, {**CASE, "organisation_id": organisation.id},
                                   files or [], now=now)
        if until in steps[1:] or until == "dismissed":
            operations.notify(case, monitor, (now + timedelta(days=10)).date(), "Mohon tanggapan.", now=now)
        if until in steps[2:] or until == "dismissed":
            respondent = bureau["signer_a"] if organisation.id == bureau["firm_a"].id else bureau["signer_b"]
            operations.answer(case, respondent, "Kami membantah.", now=now + timedelta(days=2))
        if until in ("confirmed", "dismissed"):
            operations.decide(case, monitor, until, "Bukti kuat." if until == "confirmed" else "Bukti lemah.",
                              factories.SIGNING_PASSPHRASE, now=now + timedelta(days=3))
    db.session.commit()
    return case


@pytest.fixture
def people(monitored, bureau):
    """Everyone who might look at a case of the pact."""
    other_monitor = factories.user(name="Pemantau Lain")
    factories.member(bureau["tenant"], other_monitor, "monitor")
    auditor = factories.user(name="Auditor")
    factories.member(bureau["tenant"], auditor, "auditor")
    outsider = factories.user(name="Orang Luar")
    factories.tenant(outsider, slug="lain")
    return {"monitor": bureau["monitor"], "admin": bureau["admin"], "officer": bureau["officer"],
            "respondent": bureau["signer_a"], "other_party": bureau["signer_b"], "other_monitor": other_monitor,
            "auditor": auditor, "outsider": outsider}
