"""Which signed PDFs are certificates: the finder signing/pdf_check.py asks about an upload.

A certificate's PDF carries one signature, the deciding admin's, so the stored file is that signature's
revision, and `Certificate.pdf_sha256` (in the transparency log) is what an uploaded copy must hash to."""
from collections.abc import Collection

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import User
from ..extensions import db
from ..signing import pdf_check
from .models import Certificate
from .pdf import pdf_path, verification_path

CERTIFICATE = "certificate"


def _description(number: str, holder: str):
    return _l("the certificate %(number)s of %(holder)s", number=number, holder=holder)


def _find(hashes: Collection[str]) -> dict[str, pdf_check.KnownSignature]:
    from ..orgs.models import Organisation

    rows = db.session.execute(
        select(Certificate.id, Certificate.number, Certificate.pdf_sha256, Organisation.name, User.name)
        .join(Organisation, Organisation.id == Certificate.organisation_id)
        .join(User, User.id == Certificate.decided_by_id)
        .where(Certificate.pdf_sha256.in_(list(hashes))).execution_options(all_tenants=True)).all()
    return {
        digest: pdf_check.KnownSignature(
            pdf_check.SignedDocument((CERTIFICATE, certificate_id), _description(number, holder),
                                     verification_path(number)),
            record=_l("%(name)s, for the certification committee", name=admin),
            record_url=pdf_path(number))
        for certificate_id, number, digest, holder, admin in rows
    }


pdf_check.register_finder(CERTIFICATE, _find)


def expected_document(certificate: Certificate) -> pdf_check.SignedDocument:
    return pdf_check.SignedDocument((CERTIFICATE, certificate.id),
                                    _description(certificate.number, certificate.organisation.name),
                                    verification_path(certificate.number))


def check_upload(certificate: Certificate, data: bytes | None) -> pdf_check.Verification:
    return pdf_check.verify_upload(data, expected_document(certificate))
