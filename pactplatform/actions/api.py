"""Public JSON of collective actions (no login): lists, the exact signed texts and every signature."""
from apiflask import APIBlueprint
from flask import Response

from ..ledger.canonical import iso_utc
from ..signing.ca import root_certificate_pem
from ..web.api import api_error, choice_arg, pagination
from . import operations, pdf, policies, queries
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
