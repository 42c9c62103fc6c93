"""Certificates: status computed day by day from dates, decrees and sanctions in force; renewal; the
signed PDF (pdfsig: valid and trusted; its QR code decodes to the verification page); upload check."""
from datetime import date

import pytest
from sqlalchemy import select

from pactplatform.certification import operations, status, verification
from pactplatform.certification.models import Certificate
from pactplatform.errors import Conflict, OperationError
from pactplatform.extensions import db
from pactplatform.signing import pdf_check
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.actions.test_pdf import nss_database, pdfsig
from tests.certification.conftest import at, make_body, progressed
from tests.documents.test_links import qr_codes

P = factories.SIGNING_PASSPHRASE


def _status(certificate, day: str) -> str:
    db.session.expire_all()
    return status.status_of(db.session.get(Certificate, certificate.id), date.fromisoformat(day)).code


@pytest.fixture
def certificate(body):
    progressed(body, "granted")
    return db.session.scalar(select(Certificate))


def test_status_day_by_day_with_decrees(body, certificate, english_messages):
    tenant, admin = body["tenant"], body["admin"]
    assert certificate.issued_on == date(2026, 3, 10)
    assert _status(certificate, "2026-03-10") == "active"
    with tenant_scope(tenant.id):
        operations.decree(tenant, admin, certificate, "suspend", "Temuan audit ulang.", P,
                          until=date(2026, 4, 10), now=at(20))
        with pytest.raises(Conflict, match="already suspended"):
            operations.decree(tenant, admin, certificate, "suspend", "Lagi.", P, now=at(21))
    db.session.commit()
    assert _status(certificate, "2026-03-21") == "active"  # the day before the decree
    assert _status(certificate, "2026-03-22") == "suspended"
    assert _status(certificate, "2026-04-09") == "suspended"
    assert _status(certificate, "2026-04-10") == "active"  # the suspension's end date passed
    with tenant_scope(tenant.id):
        operations.decree(tenant, admin, certificate, "suspend", "Sampai diperbaiki.", P, now=at(60))
        operations.decree(tenant, admin, certificate, "lift", "Sudah diperbaiki.", P, now=at(70))
        with pytest.raises(Conflict, match="no open suspension"):
            operations.decree(tenant, admin, certificate, "lift", "Lagi.", P, now=at(71))
    db.session.commit()
    assert _status(certificate, "2026-05-05") == "suspended"
    assert _status(certificate, "2026-05-11") == "active"
    assert _status(certificate, "2029-03-09") == "active"
    assert _status(certificate, "2029-03-10") == "expired"
    with tenant_scope(tenant.id):
        operations.decree(tenant, admin, certificate, "withdraw", "Pelanggaran berat.", P, now=at(100))
        with pytest.raises(Conflict):
            operations.decree(tenant, admin, certificate, "suspend", "x", P, now=at(101))
    db.session.commit()
    assert _status(certificate, "2026-06-10") == "withdrawn"
    decrees = db.session.get(Certificate, certificate.id).decrees
    assert all(operations.check_signed(d.payload, d.signature, d.certificate_pem)["ok"] for d in decrees)


def test_a_sanction_in_force_suspends_the_certificate(monitored, bureau, english_messages):
    from tests.sanctions.helpers import decided

    body = make_body(bureau["tenant"], bureau["admin"], bureau["firm_a"], bureau["signer_a"])
    progressed(body, "granted")
    certificate = db.session.scalar(select(Certificate))
    sanction = decided(bureau, monitored)  # blacklisting of PT Alpha, decided 2026-07-10, 2 years
    assert _status(certificate, "2026-07-15") == "active"  # objection window
    assert _status(certificate, "2026-07-16") == "suspended"
    found = status.status_of(db.session.get(Certificate, certificate.id), date(2026, 7, 16))
    assert found.sanction.id == sanction.id
    assert _status(certificate, "2028-07-10") == "active"  # the blacklisting ended


def test_renewal_opens_in_its_window_and_links(body, certificate, english_messages):
    tenant, rep = body["tenant"], body["firm_rep"]
    with tenant_scope(tenant.id):
        with pytest.raises(Conflict, match="Renewal opens 6 months"):
            operations.declare(tenant, rep, body["coalition"], body["firm"].id, P,
                               renews_certificate_id=certificate.id, now=at(365))
    db.session.rollback()
    # Window: from 2028-09-10 (six months before 2029-03-10).
    renewal = progressed_renewal(body, certificate, start=(date(2028, 9, 10) - at(0).date()).days)
    new = db.session.scalar(select(Certificate).where(Certificate.id != certificate.id))
    assert renewal.renews_certificate_id == certificate.id and new.renews_id == certificate.id
    assert new.number == "CAC/2028/000001" and new.expires_on == date(2031, 9, 18)


def progressed_renewal(body, old, start: int):
    from tests.certification.conftest import COALITION_EXAMPLE

    tenant, rep, admin, auditor = body["tenant"], body["firm_rep"], body["admin"], body["auditor"]
    with tenant_scope(tenant.id):
        application = operations.declare(tenant, rep, body["coalition"], body["firm"].id, P,
                                         renews_certificate_id=old.id, now=at(start))
        operations.self_assess(application, rep, COALITION_EXAMPLE, now=at(start + 1))
        operations.submit(application, rep, now=at(start + 2))
        operations.assign_auditor(tenant, admin, application, auditor.id, now=at(start + 3))
        operations.sign_no_conflict(application, auditor, P, now=at(start + 3))
        operations.audit(application, auditor, COALITION_EXAMPLE, now=at(start + 4))
        operations.recommend(application, auditor, "Baik.", P, now=at(start + 5))
        operations.decide(tenant, admin, application, True, "certified", "", P, now=at(start + 8))
    db.session.commit()
    return application


def test_the_pdf_is_signed_trusted_and_its_qr_code_leads_to_the_verification_page(body, certificate, tmp_path,
                                                                                    app):
    from pactplatform.signing import ca

    path = tmp_path / "certificate.pdf"
    path.write_bytes(certificate.pdf)
    report = pdfsig(nss_database(ca.root_certificate_pem(), tmp_path), path)
    assert "Signature Validation: Signature is Valid." in report, report
    assert "Certificate Validation: Certificate is Trusted." in report, report
    assert "Signer Certificate Common Name: Ketua Komite" in report
    expected = app.config["PUBLIC_BASE_URL"].rstrip("/") + "/verify/certificates/CAC/2026/000001"
    assert qr_codes(certificate.pdf, tmp_path) == [expected]


def test_the_upload_check_recognises_the_certificate(body, certificate, english_messages):
    result = verification.check_upload(certificate, certificate.pdf)
    assert result.verdict == pdf_check.INTACT
    tampered = certificate.pdf + b"\n% appended\n"
    assert verification.check_upload(certificate, tampered).verdict == pdf_check.MODIFIED
    with pytest.raises(OperationError):
        verification.check_upload(certificate, b"not a pdf")
