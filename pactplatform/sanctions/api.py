"""Public JSON of sanctions (no login): in force and past, paginated. Never the evidence, never an
unmasked NIB or NPWP, never a proposal (internal until decided)."""
from apiflask import APIBlueprint
from flask import request

from ..ledger.canonical import iso_utc
from ..monitoring import clock
from ..orgs import identifiers
from ..web.api import api_error, choice_arg, int_arg, pagination
from . import queries
from .models import EFFECTIVE_STATUSES, KINDS, PROPOSED
from .status import effective_status

bp = APIBlueprint("sanctions_api", __name__, url_prefix="/api/v1", tag="Sanctions")

PUBLIC_STATUSES = tuple(s for s in EFFECTIVE_STATUSES if s != PROPOSED)


def _day(value):
    return value.isoformat() if value else None


def sanction_json(sanction, today) -> dict:
    organisation = sanction.organisation
    tender = sanction.action.tender
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
        "tenant": {"slug": sanction.tenant.slug, "name": sanction.tenant.name},
        "starts_on": _day(sanction.starts_on),
        "ends_on": _day(sanction.ends_on),
        "released_on": _day(sanction.released_on),
        "decided_on": _day(sanction.decided_on),
        "objection_deadline": _day(sanction.objection_deadline),
        "in_force_from": _day(sanction.force_from),
        "referral": {"referred_to": sanction.referred_to, "subject": sanction.referral_subject}
        if sanction.referred_to else None,
        "conditions": sanction.conditions or None,
        "action": {"id": sanction.action_id, "title": sanction.action.title, "url": f"/actions/{sanction.action_id}"},
        "tender": None if tender is None else {"code": tender.code, "title": tender.title, "year": tender.year},
        "case": {"id": sanction.case_id, "violation_type": sanction.case.violation_type,
                 "stage": sanction.case.stage, "severity": sanction.case.severity},
        "history": [
            {"event": c.event, "from_status": c.from_status, "to_status": c.to_status,
             "decree_number": c.decree_number, "reason": c.reason, "at": iso_utc(c.at)}
            for c in sanction.changes
        ],
        "url": f"/blacklist/{sanction.id}",
    }


@bp.get("/sanctions")
@bp.doc(summary="List decided sanctions", description="Sanctions of every tenant from their decision on, newest "
        "first. Filter by effective status (computed from the dates on the day of the request: objection_window, "
        "scheduled, in_force, expired, suspended, cancelled), by kind and by organisation id; paginated "
        "(page, per_page ≤ 100). Identifiers are masked.")
def list_sanctions():
    status = choice_arg("status", PUBLIC_STATUSES)
    kind = choice_arg("kind", KINDS)
    page, per_page = pagination()
    organisation_id = int_arg("organisation", minimum=1) if request.args.get("organisation") else None
    today = clock.today()
    items, total = queries.public_sanctions(status, (kind,) if kind else None, today, page, per_page, organisation_id)
    return {"items": [sanction_json(s, today) for s in items], "page": page, "per_page": per_page, "total": total,
            "as_of": today.isoformat()}


@bp.get("/sanctions/<int:sanction_id>")
@bp.doc(summary="One decided sanction with its history")
def get_sanction(sanction_id: int):
    sanction = queries.public_sanction(sanction_id)
    if sanction is None:
        return api_error(404, "not_found", "No decided sanction has this id.")
    return sanction_json(sanction, clock.today())
