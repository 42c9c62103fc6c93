"""Public JSON of collective actions (no login): lists, the exact signed texts and every signature."""
from apiflask import APIBlueprint, Schema
from apiflask.fields import Boolean, Integer, List, Nested, String
from apiflask.validators import OneOf
from flask import Response, request

from ..errors import OperationError
from ..extensions import csrf
from ..ledger.canonical import iso_utc
from ..signing import pdf_check
from ..signing.ca import root_certificate_pem
from ..signing.limits import pdf_checks
from ..web.api import api_error, binary_body, choice_arg, pagination
from . import operations, pdf, policies, queries, verification
from .models import STATUSES

bp = APIBlueprint("actions_api", __name__, url_prefix="/api/v1", tag="Collective actions")



def _summary(action) -> dict:
    tenant = queries.tenant_of(action)
    return {
        "id": action.id, "kind": action.kind, "title": action.title, "status": action.status,
        "tenant": {"slug": tenant.slug, "name": tenant.name},
        "starts_on": action.starts_on.isoformat() if action.starts_on else None,
        "ends_on": action.ends_on.isoformat() if action.ends_on else None,
        "upgraded_from": action.upgraded_from_id,
        "url": f"/actions/{action.id}",
    }


@bp.get("/actions")
@bp.doc(summary="List published collective actions", description="Every non-draft action, newest first; "
        "filter by kind and status; paginated (page, per_page ≤ 100).")
def list_actions():
    kind = choice_arg("kind", policies.KINDS)
    status = choice_arg("status", STATUSES)
    page, per_page = pagination()
    actions, total = queries.public_actions(kind, status, page, per_page)
    return {"items": [_summary(a) for a in actions], "page": page, "per_page": per_page, "total": total}


def _signature(signature) -> dict:
    return {
        "id": signature.id,
        "organisation": {"id": signature.organisation_id, "name": signature.organisation.name},
        "role": signature.role,
        "signer": {"id": signature.signer_id, "name": signature.signer.name},
        "document_version": signature.version.number,
        "signed_at": iso_utc(signature.signed_at),
        "payload": signature.payload,
        "signature": operations.signature_b64(signature),
        "certificate": signature.certificate_pem,
        "withdrawn_at": iso_utc(signature.withdrawn_at),
        "withdrawal_reason": signature.withdrawal_reason or None,
        "verification_url": f"/verify/signatures/{signature.id}",
    }


@bp.get("/actions/<int:action_id>")
@bp.doc(summary="One published action with its texts and signatures",
        description="Each document version gives the exact signed text and its SHA-256; each signature gives the "
        "exact signed payload, the ECDSA P-256 signature (base64 DER) and the signer's certificate (PEM), "
        "verifiable against /api/v1/ca.pem with openssl alone.")
def get_action(action_id: int):
    action = queries.public_action(action_id)
    if action is None:
        return api_error(404, "not_found", "No published action has this id.")
    data = _summary(action)
    tender = action.tender
    data.update({
        "summary": action.summary,
        "tender": None if tender is None else {
            "code": tender.code, "title": tender.title, "year": tender.year, "stage": tender.stage,
            "procuring_entity": {"id": tender.procuring_entity_id, "name": tender.procuring_entity.name},
            "budget_ceiling": tender.budget_ceiling, "owner_estimate": tender.owner_estimate, "currency": "IDR",
        },
        "parties": [
            {"id": p.id, "organisation": {"id": p.organisation_id, "name": p.organisation.name}, "role": p.role,
             "parent_party": p.parent_party_id}
            for p in action.parties
        ],
        "monitors": [{"name": m.user.name} for m in action.monitors],
        "current_version": action.current_version.number,
        "document_versions": [
            {"number": v.number, "text": v.body, "sha256": v.sha256, "created_at": iso_utc(v.created_at),
             "signed": v.frozen}
            for v in action.versions
        ],
        "signatures": [_signature(s) for s in action.signatures],
        "pdf_url": f"/api/v1/actions/{action.id}/document.pdf",
    })
    return data


@bp.get("/actions/<int:action_id>/document.pdf")
@bp.doc(summary="The action's PDF, with one PAdES signature per signatory of its current version")
def document_pdf(action_id: int):
    action = queries.public_action(action_id)
    if action is None:
        return api_error(404, "not_found", "No published action has this id.")
    tenant = queries.tenant_of(action)
    data = pdf.document_pdf(action, tenant.name, tenant.default_locale)
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="action-{action.id}.pdf"'})


@bp.get("/ca.pem")
@bp.doc(summary="The platform's root certificate, which issues every signer's certificate")
def ca_pem():
    return Response(root_certificate_pem(), mimetype="application/x-pem-file")


# Checking a PDF someone holds -------------------------------------------------------------------

class ErrorOut(Schema):
    class Body(Schema):
        code = String(required=True)
        message = String(required=True)

    error = Nested(Body, required=True)


class DocumentOut(Schema):
    description = String(required=True)
    url = String(required=True, allow_none=True, metadata={"description": "its public page; null when not public"})


class RecordOut(Schema):
    document = String(required=True)
    document_url = String(required=True, allow_none=True)
    signature = String(required=True, metadata={"description": "the platform's record of this signature"})
    signature_url = String(required=True, allow_none=True)
    note = String(required=True, allow_none=True)


class CoveredRangeOut(Schema):
    byte_range = List(Integer(), required=True, metadata={"description": "the signature's /ByteRange"})
    signed_until = Integer(required=True, metadata={"description": "the last signed byte (exclusive)"})
    revision = Integer(required=True)
    coverage = String(required=True, validate=OneOf(list(pdf_check.COVERAGE_LABELS)))
    coverage_label = String(required=True)


class EmbeddedSignatureOut(Schema):
    field = String(required=True)
    signer = String(required=True, metadata={"description": "the common name of the signer's certificate"})
    signed_at = String(required=True, allow_none=True, metadata={"description": "as the signer reported it"})
    signature_valid = Boolean(required=True)
    certificate_chain = List(String(), required=True,
                             metadata={"description": "common names, signer first, root last"})
    chain_to_platform_root = Boolean(required=True)
    covered_range = Nested(CoveredRangeOut, required=True)
    modification_level = String(required=True, allow_none=True, metadata={
        "description": "pyHanko's ModificationLevel of what followed: none, lta_updates, form_filling, annotations, "
                       "other; null when the difference analysis could not run"})
    modification_label = String(required=True)
    modifications_accepted = Boolean(required=True)
    difference_analysis = String(required=True, allow_none=True,
                                 metadata={"description": "pyHanko's finding on a suspicious modification"})
    revision_sha256 = String(required=True)
    finding = String(required=True, validate=OneOf(list(pdf_check.FINDING_LABELS)))
    finding_label = String(required=True)
    record = Nested(RecordOut, required=True, allow_none=True)


class FileOut(Schema):
    size = Integer(required=True)
    signatures = Integer(required=True)
    bytes_after_last_signature = Integer(required=True)
    unsigned_updates = Integer(required=True)


class VerificationOut(Schema):
    verdict = String(required=True, validate=OneOf(pdf_check.VERDICTS))
    verdict_label = String(required=True)
    summary = String(required=True, metadata={"description": "the one sentence the verification page leads with"})
    explanation = String(required=True)
    reasons = List(String(), required=True)
    expected_document = Nested(DocumentOut, required=True)
    other_documents = List(Nested(DocumentOut), required=True)
    notes = List(String(), required=True)
    file = Nested(FileOut, required=True)
    signatures = List(Nested(EmbeddedSignatureOut), required=True)


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ErrorOut}}}


@bp.post("/actions/<int:action_id>/verify")
@pdf_checks
@binary_body("application/pdf", "The PDF to check, as it is: at most 10 MB.")
@bp.output(VerificationOut, description="The verdict and what was found about each embedded signature")
@bp.doc(
    summary="Check a PDF against this action's signed document",
    description="Send the PDF as the request body (Content-Type: application/pdf). No login, no CSRF token; "
    "rate-limited per client. `verdict` is `intact` (every signature valid, issued under the platform's root, "
    "together covering the whole file, and the signed content is this action's published version), "
    "`modified_after_signing` (an incremental update, appended bytes, or a change the difference analysis "
    "does not accept), `different_document` (genuine signatures of another action or version, named in "
    "`other_documents`), `unsigned` or `invalid` (a signature does not verify). The texts are the "
    "verification page's own, in the visitor's language.",
    responses={404: _error("No published action has this id"), 413: _error("The PDF is larger than 10 MB"),
               415: _error("The body is not sent as application/pdf"),
               422: _error("The body is not a PDF, or a PDF too damaged to read"),
               429: _error("Too many checks from this client; try again in a minute")},
)
def verify_pdf(action_id: int):
    action = queries.public_action(action_id)
    if action is None:
        return api_error(404, "not_found", "No published action has this id.")
    if request.mimetype != "application/pdf":
        return api_error(415, "unsupported_media_type", "Send the PDF as the body, with Content-Type: application/pdf.")
    if (request.content_length or 0) > pdf_check.MAX_PDF_BYTES:
        return api_error(413, "payload_too_large", str(pdf_check.TOO_LARGE))
    try:
        result = verification.check_upload(action, request.get_data(cache=False))
    except OperationError as error:
        return api_error(error.status, "payload_too_large" if error.status == 413 else "unprocessable_pdf",
                         str(error.message))
    return result.as_json()


csrf.exempt(verify_pdf)
