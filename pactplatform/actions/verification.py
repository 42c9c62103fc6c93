"""Checks anyone can run on a signature or on a PDF someone holds: is this what they signed?"""
import json
from collections.abc import Collection

from cryptography import x509
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..orgs.models import Organisation
from ..signing import operations as signing
from ..signing import pdf_check
from . import queries
from .models import DRAFT, CollectiveAction, DocumentVersion, Signature, SignedPdf
from .pdf import published_version
from .policies import PARTY_ROLE_LABELS


def check_signature(signature: Signature) -> dict:
    """Re-check a stored signature from its public parts, as an outsider would."""
    payload = json.loads(signature.payload)
    version = signature.version
    checks = {
        "signature_valid": signing.verify_payload(signature.certificate_pem, signature.payload.encode("utf-8"),
                                                  signature.signature),
        "certificate_trusted": signing.verify_chain(signature.certificate_pem),
        "document_matches": payload["document"] == {"version": version.number, "sha256": version.sha256},
        "parties_match": (payload["organisation"]["id"] == signature.organisation_id
                          and payload["role"] == signature.role and payload["signer"]["id"] == signature.signer_id
                          and payload["action"]["id"] == signature.action_id),
    }
    checks["ok"] = all(checks.values())
    return checks


def certificate_subject(certificate_pem: str) -> str:
    certificate = x509.load_pem_x509_certificate(certificate_pem.encode("ascii"))
    return certificate.subject.rfc4514_string()


# Uploaded PDFs (signing/pdf_check.py does the checking; this module says which documents are ours) ----

ACTION_VERSION = "action_version"


def _version_description(number: int, title: str):
    return _l("version %(number)s of “%(title)s”", number=number, title=title)


def _find_signatures(hashes: Collection[str]) -> dict[str, pdf_check.KnownSignature]:
    """Signed revisions of any action's PDF, across tenants; only published actions are named."""
    rows = db.session.execute(
        select(Signature.id, Signature.pdf_revision_sha256, Signature.role, Signature.withdrawn_at,
               DocumentVersion.number, CollectiveAction.id, CollectiveAction.title, CollectiveAction.status,
               Organisation.name)
        .join(DocumentVersion, Signature.document_version_id == DocumentVersion.id)
        .join(CollectiveAction, Signature.action_id == CollectiveAction.id)
        .join(Organisation, Signature.organisation_id == Organisation.id)
        .where(Signature.pdf_revision_sha256.in_(list(hashes)))
        .execution_options(**queries.PUBLIC)
    ).all()
    known = {}
    for signature_id, digest, role, withdrawn_at, number, action_id, title, status, organisation in rows:
        key = (ACTION_VERSION, action_id, number)
        if status == DRAFT:  # never name or link what is not public
            known[digest] = pdf_check.KnownSignature(
                pdf_check.SignedDocument(key, _l("a document of an action that is not public")),
                record=_l("a signature of an action that is not public"))
            continue
        known[digest] = pdf_check.KnownSignature(
            pdf_check.SignedDocument(key, _version_description(number, title),
                                     f"/actions/{action_id}/versions/{number}"),
            record=f"{organisation} · {PARTY_ROLE_LABELS.get(role, role)}",
            record_url=f"/verify/signatures/{signature_id}",
            note=_l("withdrawn on %(date)s", date=format_date(withdrawn_at)) if withdrawn_at else None,
        )
    return known


pdf_check.register_finder(ACTION_VERSION, _find_signatures)


def expected_document(action: CollectiveAction) -> pdf_check.SignedDocument:
    version = published_version(action)
    return pdf_check.SignedDocument((ACTION_VERSION, action.id, version.number),
                                    _version_description(version.number, action.title),
                                    f"/actions/{action.id}/versions/{version.number}")


def check_upload(action: CollectiveAction, data: bytes | None) -> pdf_check.Verification:
    """The verdict on an uploaded PDF for this action's page and API (OperationError on bad input)."""
    verification = pdf_check.verify_upload(data, expected_document(action))
    if verification.verdict == pdf_check.INTACT:
        stored = db.session.scalar(
            select(SignedPdf.signature_count).where(SignedPdf.document_version_id == published_version(action).id))
        found = len(verification.signatures)
        if stored and found < stored:
            verification.notes.append(_l(
                "This copy carries %(found)s of the %(total)s signatures the platform holds for this version: it "
                "was downloaded before the others signed. The PDF published on this page carries them all.",
                found=found, total=stored))
    return verification
