"""Public JSON of sanctions (no login): in force and past, paginated. Never the evidence, never an
unmasked NIB or NPWP, never a proposal (internal until decided)."""
from ..monitoring import clock
from ..orgs import identifiers
from ..web import keyset
from ..web.api import NO_SUCH_CURSOR, ApiError, api_blueprint, cursor_error
from . import queries
from .api_schemas import SanctionDetail, SanctionListQuery, SanctionPage
from .status import effective_status

bp = api_blueprint("sanctions_api", __name__, url_prefix="/api/v1", tag="Sanctions")



def sanction_json(sanction, today) -> dict:
    organisation = sanction.organisation
    return {
        "id": sanction.id,
        "organisation": {"id": organisation.id, "name": organisation.name,
                         "nib": identifiers.mask(organisation.nib) or None,
                         "npwp": identifiers.masked_npwp(organisation.npwp) or None},
        "kind": sanction.kind,
        "status": effective_status(sanction, today),
        "decree_number": sanction.decree_number,
        "legal_basis": sanction.legal_basis,
        "grounds": sanction.grounds,
        "issuing_unit": sanction.issuing_unit,
        "tenant": sanction.tenant,
        "starts_on": sanction.starts_on,
        "ends_on": sanction.ends_on,
        "released_on": sanction.released_on,
        "decided_on": sanction.decided_on,
        "objection_deadline": sanction.objection_deadline,
        "in_force_from": sanction.force_from,
        "referral": {"referred_to": sanction.referred_to, "subject": sanction.referral_subject}
        if sanction.referred_to else None,
        "conditions": sanction.conditions or None,
        "action": {"id": sanction.action_id, "title": sanction.action.title, "url": f"/actions/{sanction.action_id}"},
        "tender": sanction.action.tender,
        "case": sanction.case,
        "history": sanction.changes,
        "url": f"/blacklist/{sanction.id}",
    }


@bp.get("/sanctions")
@bp.input(SanctionListQuery, location="query", arg_name="query")
@bp.output(SanctionPage)
@bp.doc(responses={404: NO_SUCH_CURSOR}, summary="List decided sanctions", description="Sanctions of every tenant "
        "from their decision on, newest first. Filter by effective status (computed from the dates on the day of the "
        "request: objection_window, scheduled, in_force, expired, suspended, cancelled), by kind and by organisation "
        "id; a page at a time (per_page ≤ 100): pass the answer's `next` as `after` for the following page (keyset "
        "pagination). Identifiers are masked.")
def list_sanctions(query):
    today = clock.today()
    kind, organisation = query.get("kind"), query.get("organisation")
    try:
        items, next_cursor = queries.public_sanctions_page(
            query.get("status"), (kind,) if kind else None, today, [organisation] if organisation else None,
            query.get("after"), query["per_page"])
    except keyset.BadCursor:
        raise cursor_error() from None
    return {"items": [sanction_json(s, today) for s in items], "next": next_cursor, "as_of": today}


@bp.get("/sanctions/<int:sanction_id>")
@bp.output(SanctionDetail)
@bp.doc(summary="One decided sanction with its history")
def get_sanction(sanction_id: int):
    sanction = queries.public_sanction(sanction_id)
    if sanction is None:
        raise ApiError(404, "not_found", "No decided sanction has this id.")
    return sanction_json(sanction, clock.today())
