"""A certification body: a tenant with an admin (the committee), an auditor, published schemes of both
templates, a firm and a public work unit, each with a representative who has a signing key."""
from datetime import datetime, timedelta

import pytest

from pactplatform.certification import operations
from pactplatform.extensions import db
from pactplatform.signing import operations as signing
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def make_body(tenant, admin, firm, firm_rep):
    """Certification in an existing tenant: the admin gets a signing key, an auditor joins, a public work
    unit with its head, and both templates published."""
    signing.create_signing_key(admin, factories.SIGNING_PASSPHRASE)
    auditor = factories.user(name="Auditor Satu")
    factories.member(tenant, auditor, "auditor")
    signing.create_signing_key(auditor, factories.SIGNING_PASSPHRASE)
    unit = factories.organisation(factories.user(), name="Kantor Pertanahan Kota", kind="public_body", nib="")
    unit_head = factories.signer(tenant, unit, name="Kepala Kantor")
    with tenant_scope(tenant.id):
        coalition = operations.create_scheme(tenant, admin, "coalition")
        operations.publish(coalition, admin)
        zi = operations.create_scheme(tenant, admin, "zona_integritas")
        operations.publish(zi, admin)
    db.session.commit()
    return {"tenant": tenant, "admin": admin, "auditor": auditor, "firm": firm, "unit": unit, "firm_rep": firm_rep,
            "unit_head": unit_head, "coalition": coalition, "zi": zi}


@pytest.fixture
def body(app_ctx):
    admin = factories.user(name="Ketua Komite")
    tenant = factories.tenant(admin, slug="kadin")
    firm = factories.organisation(factories.user(), name="PT Jujur Abadi")
    return make_body(tenant, admin, firm, factories.signer(tenant, firm, name="Direktur Jujur"))


NOW = datetime(2026, 3, 2, 3, 0, 0)
COALITION_EXAMPLE = {
    "A1": "yes", "A2": "yes", "A3": "B", "B1": "yes", "B2": "A", "B3": "B",
    "C1": "A", "C2": "B", "C3": "no", "C4": "yes", "C5": "A", "C6": "C",
    "D1": "A", "D2": "60", "D3": "yes", "E1": "85", "E2": "no", "F1": "A", "F2": "B", "F3": "yes",
    "G1": "yes", "G2": "C", "G3": "yes",
}


def at(days: int) -> datetime:
    return NOW + timedelta(days=days)


def declared(body, kind: str = "coalition", now: datetime = NOW, **extra):
    scheme = body["coalition" if kind == "coalition" else "zi"]
    organisation = body["firm" if kind == "coalition" else "unit"]
    person = body["firm_rep" if kind == "coalition" else "unit_head"]
    with tenant_scope(body["tenant"].id):
        application = operations.declare(body["tenant"], person, scheme, organisation.id, factories.SIGNING_PASSPHRASE,
                                         now=now, **extra)
    db.session.commit()
    return application


def progressed(body, until: str, answers: dict | None = None, audit_answers: dict | None = None, start: int = 0):
    """A coalition application taken through the process up to `until` (a status name), day by day."""
    application = declared(body, now=at(start))
    rep, admin, auditor, tenant = body["firm_rep"], body["admin"], body["auditor"], body["tenant"]
    steps = ["self_assessed", "submitted", "under_audit", "changes_requested", "resubmitted", "recommended",
             "granted"]
    with tenant_scope(tenant.id):
        operations.self_assess(application, rep, answers or COALITION_EXAMPLE, now=at(start + 1))
        if until in steps[1:]:
            operations.submit(application, rep, now=at(start + 2))
        if until in steps[2:]:
            operations.assign_auditor(tenant, admin, application, auditor.id, now=at(start + 3))
            operations.sign_no_conflict(application, auditor, factories.SIGNING_PASSPHRASE, now=at(start + 3))
            operations.audit(application, auditor, audit_answers or answers or COALITION_EXAMPLE, now=at(start + 4))
        if until in steps[3:]:
            operations.request_changes(application, auditor, "Lengkapi bukti C1.", (at(start + 20)).date(),
                                       now=at(start + 5))
        if until in steps[4:]:
            operations.submit(application, rep, now=at(start + 6))
        if until in steps[5:]:
            operations.recommend(application, auditor, "Memenuhi syarat.", factories.SIGNING_PASSPHRASE,
                                 now=at(start + 7))
        if until in steps[6:]:
            operations.decide(tenant, admin, application, True, "certified", "", factories.SIGNING_PASSPHRASE,
                              now=at(start + 8))
    db.session.commit()
    return application
