"""The action's PDF: the text, the parties, a signature page and a QR code to its verification page,
carrying one PAdES signature per signatory, each added as an incremental update when they sign."""
import hashlib

from flask_babel import force_locale
from sqlalchemy import select

from ..documents.links import public_url
from ..documents.pdf import render_pdf
from ..documents.qr import qr_svg
from ..extensions import db
from ..signing.pdf import sign_pdf
from .models import CollectiveAction, DocumentVersion, Signature, SignedPdf
from .policies import PARTY_ROLE_LABELS
# The version whose PDF the public gets (the one in force), and the one an uploaded copy must be to be this
# action's (verification.py asks it here).
from .queries import published_version
from .text import render_markdown


def verification_url(action: CollectiveAction) -> str:
    return public_url(f"/verify/actions/{action.id}")


def _values(action: CollectiveAction, version: DocumentVersion, tenant_name: str) -> dict:
    """Plain values only: templates never see ORM objects (DESIGN.md §2, PDFs)."""
    tender = action.tender
    return {
        "title": action.title,
        "kind_label": str(action.policy.label),
        "tenant_name": tenant_name,
        "version_number": version.number,
        "version_sha256": version.sha256,
        "body_html": render_markdown(version.body),
        "parties": [
            {"name": p.organisation.name, "role": str(PARTY_ROLE_LABELS[p.role])} for p in action.parties
        ],
        "tender": None if tender is None else {
            "code": tender.code, "title": tender.title, "year": tender.year,
            "budget_ceiling": tender.budget_ceiling, "owner_estimate": tender.owner_estimate,
        },
        "verification_url": verification_url(action),
        "qr_svg": qr_svg(verification_url(action)),
    }


def render_unsigned(action: CollectiveAction, version: DocumentVersion, tenant_name: str, locale: str) -> bytes:
    with force_locale(locale):
        return render_pdf("pdf/action.html", **_values(action, version, tenant_name))


def add_signature(action: CollectiveAction, version: DocumentVersion, signature: Signature, private_key) -> SignedPdf:
    """Append the signer's PAdES signature; the row lock keeps two signers from overwriting each other."""
    from ..tenancy.models import Tenant

    stored = db.session.scalar(
        select(SignedPdf).where(SignedPdf.document_version_id == version.id).with_for_update()
    )
    if stored is None:
        tenant = db.session.get(Tenant, action.tenant_id)
        stored = SignedPdf(tenant_id=action.tenant_id, document_version_id=version.id,
                           pdf=render_unsigned(action, version, tenant.name, tenant.default_locale), signature_count=0)
        db.session.add(stored)
    stored.pdf = sign_pdf(
        stored.pdf, private_key, signature.certificate_pem, field_name=f"Signature{signature.id}",
        reason=f"{PARTY_ROLE_LABELS[signature.role]}: {signature.organisation.name}",
        signer_name=signature.signer.name,
    )
    stored.signature_count += 1
    # The file as it stands now is the revision this signature closes: an uploaded copy of it, or of
    # any later revision, is paired with this record by that hash (signing/pdf_check.py).
    signature.pdf_revision_sha256 = hashlib.sha256(stored.pdf).hexdigest()
    db.session.flush()
    return stored


def document_pdf(action: CollectiveAction, tenant_name: str, locale: str) -> bytes:
    """The signed PDF of the version the public sees (the one in force, never a pending amendment), or a
    fresh unsigned one when nobody signed it yet."""
    version = published_version(action)
    stored = db.session.scalar(select(SignedPdf).where(SignedPdf.document_version_id == version.id))
    if stored is not None:
        return stored.pdf
    return render_unsigned(action, version, tenant_name, locale)
