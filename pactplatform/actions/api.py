"""Public JSON of collective actions (no login): lists, the exact signed texts and every signature."""
from apiflask.schemas import FileSchema
from flask import Response

from ..errors import OperationError
from ..signing import pdf_check
from ..signing.api_schemas import VerificationOut
from ..signing.ca import root_certificate_pem
from ..signing.limits import pdf_checks
from ..web import keyset
from ..web.api import NO_SUCH_CURSOR, ApiError, api_blueprint, binary_body, cursor_error
from . import operations, pdf, queries, verification
from .api_schemas import ActionDetail, ActionListQuery, ActionPage

bp = api_blueprint("actions_api", __name__, url_prefix="/api/v1", tag="Collective actions")

NO_ACTION = "No published action has this id."


def _public(action_id: int):
    action = queries.public_action(action_id)
    if action is None:
        raise ApiError(404, "not_found", NO_ACTION)
    return action


def _summary(action, tenant=None) -> dict:
    tenant = tenant or queries.tenant_of(action)
    return {
        "id": action.id, "kind": action.kind, "title": action.title, "status": action.status,
        "tenant": tenant, "starts_on": action.starts_on, "ends_on": action.ends_on,
        "upgraded_from": action.upgraded_from_id, "url": f"/actions/{action.id}",
    }


@bp.get("/actions")
@bp.input(ActionListQuery, location="query", arg_name="query")
@bp.output(ActionPage)
@bp.doc(responses={404: NO_SUCH_CURSOR}, summary="List published collective actions", description="Every "
        "non-draft action, newest first; filter by kind and status, search titles and tender codes with q; a page at "
        "a time (per_page ≤ 100): pass the answer's `next` as `after` for the following page (keyset pagination).")
def list_actions(query):
    try:
        actions, next_cursor = queries.public_actions_page(query.get("kind"), query.get("status"), query.get("q", ""),
                                                           query.get("after"), query["per_page"])
    except keyset.BadCursor:
        raise cursor_error() from None
    tenants = queries.tenants_by_id(a.tenant_id for a in actions)
    return {"items": [_summary(a, tenants[a.tenant_id]) for a in actions], "next": next_cursor}


def _signature(signature) -> dict:
    return {
        "id": signature.id, "organisation": signature.organisation, "role": signature.role,
        "signer": signature.signer, "document_version": signature.version.number,
        "signed_at": signature.signed_at, "payload": signature.payload,
        "signature": operations.signature_b64(signature), "certificate": signature.certificate_pem,
        "withdrawn_at": signature.withdrawn_at, "withdrawal_reason": signature.withdrawal_reason or None,
        "verification_url": f"/verify/signatures/{signature.id}",
    }


@bp.get("/actions/<int:action_id>")
@bp.output(ActionDetail)
@bp.doc(summary="One published action with its texts and signatures",
        description="Each document version gives the exact signed text and its SHA-256; each signature gives the "
        "exact signed payload, the ECDSA P-256 signature (base64 DER) and the signer's certificate (PEM), "
        "verifiable against /api/v1/ca.pem with openssl alone.")
def get_action(action_id: int):
    action = _public(action_id)
    in_force, amendment = queries.version_in_force(action), queries.pending_amendment(action)
    tender = action.tender
    current = action.current_version
    return _summary(action) | {
        "summary": action.summary,
        "tender": None if tender is None else {
            "code": tender.code, "title": tender.title, "year": tender.year, "stage": tender.stage,
            "procuring_entity": tender.procuring_entity, "budget_ceiling": tender.budget_ceiling,
            "owner_estimate": tender.owner_estimate, "currency": "IDR",
        },
        "parties": [{"id": p.id, "organisation": p.organisation, "role": p.role, "parent_party": p.parent_party_id}
                    for p in action.parties],
        "monitors": [{"name": m.user.name} for m in action.monitors],
        "current_version": current.number if current else None,
        # What binds (the latest version signed as the kind requires) and a newer one awaiting signatures.
        "in_force_version": in_force.number if in_force else None,
        "pending_amendment": amendment.number if amendment else None,
        "document_versions": [{"number": v.number, "text": v.body, "sha256": v.sha256, "created_at": v.created_at,
                               "signed": v.frozen, "in_force": in_force is not None and v.number == in_force.number}
                              for v in action.versions],
        "signatures": [_signature(s) for s in action.signatures],
        "pdf_url": f"/api/v1/actions/{action.id}/document.pdf",
    }


@bp.get("/actions/<int:action_id>/document.pdf")
@bp.output(FileSchema(), content_type="application/pdf",
           description="The PDF, with one PAdES signature per signatory of the version in force")
@bp.doc(summary="The action's PDF, with one PAdES signature per signatory of the version in force",
        description="The version in force is the latest one signed as the kind requires (every party of a pact); "
        "an amendment not yet signed by all is never served here. Before any version is in force, the version "
        "being signed, with the signatures it has so far.")
def document_pdf(action_id: int):
    action = _public(action_id)
    tenant = queries.tenant_of(action)
    data = pdf.document_pdf(action, tenant.name, tenant.default_locale)
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="action-{action.id}.pdf"'})


@bp.get("/ca.pem")
@bp.output(FileSchema(), content_type="application/x-pem-file", description="The root certificate, PEM")
@bp.doc(summary="The platform's root certificate, which issues every signer's certificate")
def ca_pem():
    return Response(root_certificate_pem(), mimetype="application/x-pem-file")


@bp.post("/actions/<int:action_id>/verify")
@pdf_checks
@binary_body("application/pdf", pdf_check.MAX_PDF_BYTES, "The PDF to check, as it is: at most 10 MB.")
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
    responses={404: "No published action has this id",
               422: "The body is not a PDF, or a PDF too damaged to read",
               429: "Too many checks from this client; try again in a minute"},
)
def verify_pdf(action_id: int, body: bytes):
    action = _public(action_id)
    try:
        result = verification.check_upload(action, body)
    except OperationError as error:
        raise ApiError(error.status, "payload_too_large" if error.status == 413 else "unprocessable_pdf",
                       str(error.message)) from None
    return result.as_json()

