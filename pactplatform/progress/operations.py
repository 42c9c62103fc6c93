"""Every write of progress: naming coordinators, setting goals and indicators, posting progress updates
(with optional evidence through the monitoring evidence store) and marking small wins. Each takes the action,
the actor and the data; validates; flushes; writes the transparency-log entry; never commits.

| write | who |
|---|---|
| name or remove a coordinator organisation | a tenant officer or admin |
| set a goal or an indicator, mark a small win | a coordinator (coordinators.can_coordinate) |
| post a progress update | a representative of the indicator's answerable organisation, or a coordinator |
"""
from datetime import date, datetime

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import User
from ..actions.models import ACTIVE, CANCELLED, CLOSED, OPEN, CollectiveAction
from ..actions.operations import lock_action
from ..errors import Conflict, Forbidden, NotFound, OperationError, Problems
from ..extensions import db
from ..ledger.operations import append as log_event
from ..monitoring import clock
from ..monitoring import operations as evidence_store
from ..orgs.models import Representative
from ..validation import checked_text, required_text
from . import arithmetic
from .coordinators import can_coordinate, is_tenant_coordinator
from .models import (
    DIRECTIONS, MARKED, TARGET_MET, UNIT_TYPES, ActionCoordinator, Goal, Indicator, ProgressUpdate, SmallWin,
)

TITLE_MAX, UNIT_MAX, REGION_MAX, NOTE_MAX = 300, 60, 120, 2000
REPORTING = (OPEN, ACTIVE)  # an action whose members report progress


def _require_goals(action: CollectiveAction) -> None:
    if not action.policy.goals:
        raise OperationError(_l("This kind of action has no shared goals."))
    if action.status in (CLOSED, CANCELLED):
        raise OperationError(_l("This action is closed: its goals and progress can no longer change."))


def _require_coordinator(actor: User, action: CollectiveAction) -> None:
    if not can_coordinate(actor, action):
        raise Forbidden(_l("Only a coordinator of this action can do this."))


def _party_organisation_ids(action: CollectiveAction) -> set[int]:
    return {p.organisation_id for p in action.parties}


# Coordinators ------------------------------------------------------------------------------------------

def name_coordinator(action: CollectiveAction, actor: User, organisation_id: int | None,
                     now: datetime | None = None) -> ActionCoordinator:
    if not is_tenant_coordinator(actor, action.tenant_id):
        raise Forbidden(_l("Only an officer of the tenant can name coordinators."))
    if organisation_id not in _party_organisation_ids(action):
        raise OperationError(_l("Choose a member organisation of this action."), field="organisation_id")
    lock_action(action)  # two officers naming the same organisation at once: the second one is refused
    current = db.session.scalar(select(ActionCoordinator.id).where(
        ActionCoordinator.action_id == action.id, ActionCoordinator.organisation_id == organisation_id,
        ActionCoordinator.removed_at.is_(None)))
    if current is not None:
        raise Conflict(_l("This organisation already coordinates this action."), field="organisation_id")
    row = ActionCoordinator(tenant_id=action.tenant_id, action_id=action.id, organisation_id=organisation_id,
                            named_by_id=actor.id, named_at=clock.moment(now))
    db.session.add(row)
    db.session.flush()
    log_event("action_coordinator.named", row)
    return row


def remove_coordinator(action: CollectiveAction, actor: User, coordinator_id: int,
                       now: datetime | None = None) -> ActionCoordinator:
    if not is_tenant_coordinator(actor, action.tenant_id):
        raise Forbidden(_l("Only an officer of the tenant can name coordinators."))
    row = db.session.scalar(select(ActionCoordinator).where(ActionCoordinator.id == coordinator_id,
                                                            ActionCoordinator.action_id == action.id))
    if row is None:
        raise NotFound(_l("Unknown coordinator."))
    if row.removed_at is not None:
        raise Conflict(_l("This organisation no longer coordinates this action."))
    row.removed_at, row.removed_by_id = clock.moment(now), actor.id
    db.session.flush()
    log_event("action_coordinator.removed", row)
    return row


# Goals and indicators ----------------------------------------------------------------------------------

def create_goal(action: CollectiveAction, actor: User, title_id: str, title_en: str) -> Goal:
    _require_goals(action)
    _require_coordinator(actor, action)
    problems = Problems()
    try:
        title_id = required_text(title_id, "title_id", TITLE_MAX, multiline=False)
    except OperationError as error:
        problems.add(error.message, error.field)
    try:
        title_en = checked_text(title_en, "title_en", TITLE_MAX, multiline=False)
    except OperationError as error:
        problems.add(error.message, error.field)
    problems.raise_any()
    goal = Goal(tenant_id=action.tenant_id, action_id=action.id, title_id=title_id, title_en=title_en,
                created_by_id=actor.id)
    db.session.add(goal)
    db.session.flush()
    log_event("progress_goal.created", goal)
    return goal


def create_indicator(action: CollectiveAction, actor: User, data: dict) -> Indicator:
    """data: goal_id, name_id, name_en, unit, unit_type, baseline, target (typed text), direction, due_on (date),
    organisation_id (answerable, a member organisation), region (optional)."""
    _require_goals(action)
    _require_coordinator(actor, action)
    problems = Problems()

    def check(function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except OperationError as error:
            problems.add(error.message, error.field)
            return None

    goal = db.session.scalar(select(Goal).where(Goal.id == data.get("goal_id"), Goal.action_id == action.id))
    if goal is None:
        problems.add(_l("Choose a goal of this action."), "goal_id")
    name_id = check(required_text, data.get("name_id"), "name_id", TITLE_MAX, multiline=False)
    name_en = check(checked_text, data.get("name_en"), "name_en", TITLE_MAX, multiline=False)
    unit = check(required_text, data.get("unit"), "unit", UNIT_MAX, multiline=False)
    region = check(checked_text, data.get("region"), "region", REGION_MAX, multiline=False)
    unit_type = data.get("unit_type")
    if unit_type not in UNIT_TYPES:
        problems.add(_l("Choose the kind of number."), "unit_type")
        unit_type = None
    baseline = check(arithmetic.parse_value, data.get("baseline"), unit_type, "baseline") if unit_type else None
    target = check(arithmetic.parse_value, data.get("target"), unit_type, "target") if unit_type else None
    direction = data.get("direction")
    if direction not in DIRECTIONS:
        problems.add(_l("Choose whether higher or lower is better."), "direction")
    elif baseline is not None and target is not None and not arithmetic.direction_fits(direction, baseline, target):
        problems.add(_l("When higher is better the target must be above the baseline; when lower is better, "
                        "below it."), "target")
    if not isinstance(data.get("due_on"), date):
        problems.add(_l("Give the due date."), "due_on")
    if data.get("organisation_id") not in _party_organisation_ids(action):
        problems.add(_l("Choose a member organisation of this action."), "organisation_id")
    problems.raise_any()
    indicator = Indicator(
        tenant_id=action.tenant_id, goal_id=goal.id, action_id=action.id, name_id=name_id, name_en=name_en,
        unit=unit, unit_type=unit_type, baseline=baseline, target=target, direction=direction,
        due_on=data["due_on"], organisation_id=data["organisation_id"], region=region, created_by_id=actor.id)
    db.session.add(indicator)
    db.session.flush()
    log_event("progress_indicator.created", indicator)
    return indicator


# Progress updates --------------------------------------------------------------------------------------

def can_report(user: User, indicator: Indicator, action: CollectiveAction) -> bool:
    represents = db.session.scalar(select(Representative.id).where(
        Representative.user_id == user.id, Representative.organisation_id == indicator.organisation_id)) is not None
    return represents or can_coordinate(user, action)


def _wrong_way_message(indicator: Indicator, previous: ProgressUpdate):
    values = {"previous": arithmetic.shown(previous.value), "date": format_date(previous.recorded_on, "medium")}
    if indicator.direction == "up":
        return _l("This value is lower than the previous update (%(previous)s on %(date)s), and higher is better "
                  "for this indicator. If it really went back, say why in the note to record it.", **values)
    return _l("This value is higher than the previous update (%(previous)s on %(date)s), and lower is better "
              "for this indicator. If it really went back, say why in the note to record it.", **values)


def post_update(action: CollectiveAction, indicator: Indicator, actor: User, raw_value, recorded_on,
                note: str, files: list[tuple[str, bytes]] | None = None, now: datetime | None = None) -> ProgressUpdate:
    """A value on a date, with a note and at most one evidence file. Refused: a value of the wrong unit type, a
    date in the future or before the latest update, and a value worse than the latest update (in the
    indicator's direction) without a note saying why: a setback is recorded, never slipped in."""
    _require_goals(action)
    if action.status not in REPORTING:
        raise OperationError(_l("Progress is reported while the action is open or active."))
    if not can_report(actor, indicator, action):
        raise Forbidden(_l("Only the answerable organisation's representatives or a coordinator can report "
                           "progress on this indicator."))
    # Concurrent updates of one action are taken in turn, so "the latest update" (the wrong-way and date checks,
    # the target met once) is what was committed before this one, never a stale read.
    lock_action(action)
    problems = Problems()
    value = None
    try:
        value = arithmetic.parse_value(raw_value, indicator.unit_type)
    except OperationError as error:
        problems.add(error.message, error.field)
    try:
        note = checked_text(note, "note", NOTE_MAX)
    except OperationError as error:
        problems.add(error.message, error.field)
        note = None
    today = clock.today()
    previous = indicator.latest
    if not isinstance(recorded_on, date):
        problems.add(_l("Give the date of the value."), "recorded_on")
    elif recorded_on > today:
        problems.add(_l("The date %(date)s is in the future: report a value once it is reached.",
                        date=format_date(recorded_on, "medium")), "recorded_on")
    elif previous is not None and recorded_on < previous.recorded_on:
        problems.add(_l("The latest update is dated %(date)s: a new update cannot be dated earlier.",
                        date=format_date(previous.recorded_on, "medium")), "recorded_on")
    if (value is not None and note == "" and previous is not None
            and arithmetic.is_worse(indicator.direction, previous.value, value)):
        problems.add(_wrong_way_message(indicator, previous), "value")
    prepared = []
    try:
        prepared = evidence_store.prepare_files(files or [])
        if len(prepared) > 1:
            raise OperationError(_l("Attach at most one evidence file to an update."), field="evidence")
    except OperationError as error:
        problems.add(error.message, error.field)
    problems.raise_any()
    moment = clock.moment(now)
    stored = evidence_store.store_files(action.tenant_id, actor, prepared, now=moment) if prepared else []
    update = ProgressUpdate(
        tenant_id=action.tenant_id, indicator_id=indicator.id, organisation_id=indicator.organisation_id,
        value=value, recorded_on=recorded_on, note=note, evidence_id=stored[0].id if stored else None,
        posted_by_id=actor.id, posted_at=moment)
    db.session.add(update)
    db.session.flush()
    log_event("progress_update.posted", update)
    was_met = previous is not None and arithmetic.target_met(indicator.direction, indicator.target, previous.value)
    if not was_met and arithmetic.target_met(indicator.direction, indicator.target, value) and not _has_target_win(indicator):
        _record_win(action, actor, TARGET_MET, recorded_on, moment, indicator=indicator,
                    organisation_id=indicator.organisation_id)
    db.session.expire(indicator, ["updates"])
    return update


def _has_target_win(indicator: Indicator) -> bool:
    return db.session.scalar(select(SmallWin.id).where(SmallWin.indicator_id == indicator.id,
                                                       SmallWin.kind == TARGET_MET)) is not None


# Small wins --------------------------------------------------------------------------------------------

def _record_win(action, actor, kind, achieved_on, moment, indicator=None, organisation_id=None, title="",
                description="") -> SmallWin:
    win = SmallWin(tenant_id=action.tenant_id, action_id=action.id, kind=kind,
                   indicator_id=indicator.id if indicator else None, organisation_id=organisation_id, title=title,
                   description=description, achieved_on=achieved_on, recorded_by_id=actor.id, recorded_at=moment)
    db.session.add(win)
    db.session.flush()
    log_event(f"small_win.{kind}", win)
    return win


def mark_win(action: CollectiveAction, actor: User, data: dict, now: datetime | None = None) -> SmallWin:
    """A result the coordinators mark as a milestone. data: title, description, achieved_on (date),
    organisation_id (optional: the member that answered for it)."""
    _require_goals(action)
    _require_coordinator(actor, action)
    problems = Problems()
    title = description = None
    try:
        title = required_text(data.get("title"), "title", TITLE_MAX, multiline=False)
    except OperationError as error:
        problems.add(error.message, error.field)
    try:
        description = checked_text(data.get("description"), "description", NOTE_MAX)
    except OperationError as error:
        problems.add(error.message, error.field)
    achieved_on = data.get("achieved_on")
    if not isinstance(achieved_on, date):
        problems.add(_l("Give the date it was reached."), "achieved_on")
    elif achieved_on > clock.today():
        problems.add(_l("The date %(date)s is in the future: mark a milestone once it is reached.",
                        date=format_date(achieved_on, "medium")), "achieved_on")
    organisation_id = data.get("organisation_id")
    if organisation_id is not None and organisation_id not in _party_organisation_ids(action):
        problems.add(_l("Choose a member organisation of this action."), "organisation_id")
    problems.raise_any()
    return _record_win(action, actor, MARKED, achieved_on, clock.moment(now), organisation_id=organisation_id,
                       title=title, description=description)
