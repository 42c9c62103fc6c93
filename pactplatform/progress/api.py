"""Public JSON of an action's goals, progress and small wins (no login)."""
from ..actions import queries as action_queries
from ..web.api import ApiError, api_blueprint
from . import queries
from .api_schemas import ProgressOut
from .arithmetic import shown

bp = api_blueprint("progress_api", __name__, url_prefix="/api/v1", tag="Collective actions")


def _indicator(p) -> dict:
    i = p.indicator
    return {
        "id": i.id, "name": i.name_id, "name_en": i.name_en or None, "unit": i.unit, "unit_type": i.unit_type,
        "direction": i.direction, "baseline": shown(i.baseline), "target": shown(i.target),
        "latest_value": shown(p.latest.value) if p.latest else None,
        "latest_date": p.latest.recorded_on if p.latest else None, "progress_percent": str(p.percent),
        "target_met": p.met, "due_on": i.due_on, "answerable_organisation": i.organisation,
        "region": i.region or None,
    }


def _win(w) -> dict:
    title = w.title or (w.indicator.name_id if w.indicator else "")
    return {"id": w.id, "kind": w.kind, "title": title, "description": w.description, "achieved_on": w.achieved_on,
            "indicator_id": w.indicator_id, "organisation": w.organisation}


@bp.get("/actions/<int:action_id>/progress")
@bp.output(ProgressOut)
@bp.doc(summary="An action's goals, indicators, progress and small wins",
        description="Each goal with its indicators: baseline, target, the latest value and its date, progress in "
        "percent ((latest − baseline) / (target − baseline), capped to 0–100), due date and the answerable "
        "organisation; and the small wins, newest first. Kinds without goals answer empty lists.")
def action_progress(action_id: int):
    action = action_queries.public_action(action_id)
    if action is None:
        raise ApiError(404, "not_found", "No published action has this id.")
    goals = queries.goals_of(action) if action.policy.goals else []
    return {"action_id": action.id,
            "goals": [{"id": g.id, "title": g.title_id, "title_en": g.title_en or None,
                       "indicators": [_indicator(p) for p in items]} for g, items in goals],
            "small_wins": [_win(w) for w in queries.small_wins(action)] if action.policy.goals else []}
