"""The certificate's PDF (WeasyPrint, in the tenant's language): holder, level, validity, number, a QR
code to its public verification page; PAdES-signed by the deciding admin's key when it is issued.

The PDF carries one signature, so the stored file is that signature's revision: `Certificate.pdf_sha256`
(in the transparency log) is what an uploaded copy's signed revision must hash to (verification.py)."""
from urllib.parse import quote

from flask_babel import force_locale

from ..documents.links import public_url
from ..documents.pdf import render_pdf
from ..documents.qr import qr_svg
from ..signing.pdf import sign_pdf
from .models import localised


def verification_path(number: str) -> str:
    return "/verify/certificates/" + quote(number, safe="/")


def pdf_path(number: str) -> str:
    return "/certificates/pdf/" + quote(number, safe="/")


def verification_url(number: str) -> str:
    return public_url(verification_path(number))


def _values(certificate, tenant, decided_by) -> dict:
    version = certificate.scheme_version
    application = certificate.application
    url = verification_url(certificate.number)
    return {
        "number": certificate.number,
        "tenant_name": tenant.name,
        "holder": certificate.organisation.name,
        "scheme_name": certificate.scheme.name,
        "scheme_version": version.number,
        "level": version.level_label(certificate.level),
        "scope": certificate.scope,
        "issued_on": certificate.issued_on.isoformat(),
        "expires_on": certificate.expires_on.isoformat(),
        "auditors": ", ".join(a.user.name for a in application.auditors) or "-",
        "decided_by": decided_by.name,
        "renews": certificate.renews.number if certificate.renews else None,
        "verification_url": url,
        "qr_svg": qr_svg(url),
    }


def render(certificate, tenant, decided_by) -> bytes:
    with force_locale(tenant.default_locale):
        return render_pdf("pdf/certificate.html", **_values(certificate, tenant, decided_by))


def signed_pdf(certificate, tenant, decided_by, certificate_pem: str, private_key) -> bytes:
    with force_locale(tenant.default_locale):
        reason = localised({"id": "Keputusan sertifikasi", "en": "Certification decision"})
    return sign_pdf(render(certificate, tenant, decided_by), private_key, certificate_pem,
                    field_name="CertificationDecision", reason=f"{reason}: {certificate.number}",
                    signer_name=decided_by.name)
