"""Public JSON of collective actions (no login): lists, the exact signed texts and every signature."""
from apiflask.schemas import FileSchema
from flask import Response

from ..signing.ca import root_certificate_pem
from ..web.api import ApiError, api_blueprint
from . import operations, pdf, queries
from .api_schemas import ActionDetail, ActionListQuery, ActionPage

bp = api_blueprint("actions_api", __name__, url_prefix="/api/v1", tag="Collective actions")

NO_ACTION = "No published action has this id."


def _public(action_id: int):
    action = queries.public_action(action_id)
    if action is None:
        raise ApiError(404, "not_found", NO_ACTION)
    return action


def _summary(action) -> dict:
    tenant = queries.tenant_of(action)
    return {
        "id": action.id, "kind": action.kind, "title": action.title, "status": action.status,
        "tenant": tenant, "starts_on": action.starts_on, "ends_on": action.ends_on,
        "upgraded_from": action.upgraded_from_id, "url": f"/actions/{action.id}",
    }


@bp.get("/actions")
@bp.input(ActionListQuery, location="query", arg_name="query")
@bp.output(ActionPage)
@bp.doc(summary="List published collective actions", description="Every non-draft action, newest first; "
        "filter by kind and status; paginated (page, per_page ≤ 100).")
def list_actions(query):
    actions, total = queries.public_actions(query.get("kind"), query.get("status"), query["page"], query["per_page"])
    return {"items": [_summary(a) for a in actions], "page": query["page"], "per_page": query["per_page"],
            "total": total}


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
        "document_versions": [{"number": v.number, "text": v.body, "sha256": v.sha256, "created_at": v.created_at,
                               "signed": v.frozen} for v in action.versions],
        "signatures": [_signature(s) for s in action.signatures],
        "pdf_url": f"/api/v1/actions/{action.id}/document.pdf",
    }


@bp.get("/actions/<int:action_id>/document.pdf")
@bp.output(FileSchema(), content_type="application/pdf",
           description="The PDF, with one PAdES signature per signatory of its current version")
@bp.doc(summary="The action's PDF, with one PAdES signature per signatory of its current version")
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
