"""Every write on sanctions. Each takes the tenant, the actor and the data; validates; flushes; writes
the transparency-log entry (the sanction's new content and the change record); never commits.

An officer proposes a sanction from a confirmed case; a tenant admin (never the proposer) decides it;
the respondent may object within the window; an admin answers the objection before the sanction
takes force; an admin may suspend, reinstate or cancel it, each time under its own decree number;
a monitor confirms the conditions of a conditional release. Nothing is deleted.
"""
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import User
from ..errors import Conflict, OperationError
from ..extensions import db
from ..ledger.operations import append as log_event
from ..monitoring import access as monitoring_access
from ..monitoring import clock
from ..monitoring import operations as monitoring
from ..monitoring.models import CONFIRMED, SANCTIONED, ViolationCase
from ..tenancy import queries as tenancy_queries
from ..tenancy import roles as tenant_roles
from ..tenancy.models import Tenant
from ..validation import required_text
from . import status as sanction_status
from .models import (
    BARRING,
    BLACKLISTING,
    CANCELLED,
    CONDITIONAL_RELEASE,
    DECIDED,
    DEFAULT_OBJECTION_DAYS,
    EXPIRED,
    HONOUR_LIST,
    HONOUR_MODES,
    IN_FORCE,
    KINDS,
    OBJECTION_WINDOW,
    PROPOSED,
    REFERRAL,
    SUSPENDED,
    HonouredTenant,
    HonourSetting,
    Sanction,
    SanctionChange,
    SanctionObjection,
)

MAX_OBJECTION_DAYS = 60
BLACKLISTING_YEARS = (1, 2)
SUSPEND, REINSTATE, CANCEL = "suspend", "reinstate", "cancel"
CHANGES = (SUSPEND, REINSTATE, CANCEL)


def _require(actor: User, role: str) -> None:
    if role not in tenancy_queries.roles_of(actor.id):
        raise OperationError(_l("Your role in this tenant does not allow this."))


def _free_decree(value: str | None, field: str = "decree_number") -> str:
    """A decree number not yet used in this tenant, neither by a sanction nor by a change of one."""
    decree = required_text(value, field, 100)
    used = db.session.scalar(select(Sanction.id).where(Sanction.decree_number == decree)) is not None or \
        db.session.scalar(select(SanctionChange.id).where(SanctionChange.decree_number == decree)) is not None
    if used:
        raise Conflict(_l("The decree number %(number)s is already used in this tenant.", number=decree), field=field)
    return decree


def add_years(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def _record(sanction: Sanction, actor: User, event: str, from_status: str | None, reason: str, moment: datetime,
            decree_number: str | None = None) -> SanctionChange:
    sanction.updated_at = moment
    change = SanctionChange(tenant_id=sanction.tenant_id, sanction=sanction, event=event, from_status=from_status,
                            to_status=sanction.status, decree_number=decree_number, reason=reason, actor_id=actor.id,
                            at=moment)
    db.session.add(change)
    db.session.flush()
    log_event(f"sanction.{event}", sanction, tenant_id=sanction.tenant_id)
    log_event("sanction_change.created", change, tenant_id=sanction.tenant_id)
    return change


def propose(tenant: Tenant, actor: User, case: ViolationCase, data: dict, now: datetime | None = None) -> Sanction:
    """data: kind, decree_number, legal_basis, grounds, issuing_unit, starts_on, ends_on, years (blacklisting
    without an end date), objection_days, referred_to, referral_subject, conditions."""
    _require(actor, tenant_roles.OFFICER)
    if not case.action.policy.sanctions_allowed:
        raise OperationError(_l("Sanctions do not apply to this kind of action."))
    if case.status not in (CONFIRMED, SANCTIONED):
        raise Conflict(_l("Only a confirmed violation can lead to a sanction."))
    kind = data.get("kind")
    if kind not in KINDS:
        raise OperationError(_l("Choose the kind of sanction."), field="kind")
    decree = _free_decree(data.get("decree_number"))
    legal_basis = required_text(data.get("legal_basis"), "legal_basis", 5000)
    grounds = required_text(data.get("grounds"), "grounds")
    issuing_unit = required_text(data.get("issuing_unit"), "issuing_unit", 300)
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if not isinstance(starts_on, date):
        raise OperationError(_l("This field is required."), field="starts_on")
    if ends_on is None and kind == BLACKLISTING:
        years = data.get("years") or 2
        if years not in BLACKLISTING_YEARS:
            raise OperationError(_l("A blacklisting lasts 1 or 2 years unless an end date is given."), field="years")
        ends_on = add_years(starts_on, years)
    if ends_on is None and kind in BARRING:
        raise OperationError(_l("A debarment needs its end date."), field="ends_on")
    if ends_on is not None and ends_on <= starts_on:
        raise OperationError(_l("The end date must be after the start date."), field="ends_on")
    objection_days = data.get("objection_days")
    objection_days = DEFAULT_OBJECTION_DAYS if objection_days is None else objection_days
    if not isinstance(objection_days, int) or not 1 <= objection_days <= MAX_OBJECTION_DAYS:
        raise OperationError(_l("Give between 1 and %(max)d days.", max=MAX_OBJECTION_DAYS), field="objection_days")
    referred_to = referral_subject = conditions = ""
    if kind == REFERRAL:
        referred_to = required_text(data.get("referred_to"), "referred_to", 300)
        referral_subject = required_text(data.get("referral_subject"), "referral_subject")
    if kind == CONDITIONAL_RELEASE:
        conditions = required_text(data.get("conditions"), "conditions")
    moment = clock.moment(now)
    sanction = Sanction(
        tenant_id=tenant.id, case_id=case.id, action_id=case.action_id, organisation_id=case.organisation_id,
        kind=kind, decree_number=decree, legal_basis=legal_basis, grounds=grounds, issuing_unit=issuing_unit,
        starts_on=starts_on, ends_on=ends_on, objection_days=objection_days, referred_to=referred_to,
        referral_subject=referral_subject, conditions=conditions, status=PROPOSED, proposed_by_id=actor.id,
        proposed_at=moment, updated_at=moment,
    )
    db.session.add(sanction)
    db.session.flush()
    _record(sanction, actor, "proposed", None, "", moment)
    return sanction


def decide(tenant: Tenant, actor: User, sanction: Sanction, reason: str = "", today: date | None = None,
           now: datetime | None = None) -> Sanction:
    """The admin issues the decree: the objection window opens today."""
    _require(actor, tenant_roles.ADMIN)
    if sanction.status != PROPOSED:
        raise Conflict(_l("Only a proposed sanction can be decided."))
    if sanction.proposed_by_id == actor.id:
        raise OperationError(_l("The person who proposed a sanction cannot also decide it."))
    moment = clock.moment(now)
    today = today or clock.today()
    deadline = today + timedelta(days=sanction.objection_days)
    force_from = max(sanction.starts_on, deadline + timedelta(days=1))
    if sanction.ends_on is not None and sanction.ends_on <= force_from:
        raise OperationError(_l("This sanction would end before the objection window closes; "
                                "cancel it and propose it again with later dates."))
    sanction.status = DECIDED
    sanction.decided_by_id = actor.id
    sanction.decided_on = today
    sanction.objection_deadline = deadline
    sanction.force_from = force_from
    _record(sanction, actor, "decided", PROPOSED, (reason or "").strip(), moment)
    monitoring.mark_sanctioned(sanction.case, actor, f"{sanction.kind_label}: {sanction.decree_number}", now=moment)
    return sanction


def reject(tenant: Tenant, actor: User, sanction: Sanction, reason: str, now: datetime | None = None) -> Sanction:
    """The admin turns a proposal down; it stays on record as cancelled."""
    _require(actor, tenant_roles.ADMIN)
    if sanction.status != PROPOSED:
        raise Conflict(_l("Only a proposed sanction can be turned down."))
    reason = required_text(reason, "reason")
    sanction.status = CANCELLED
    _record(sanction, actor, "rejected", PROPOSED, reason, clock.moment(now))
    return sanction


def file_objection(sanction: Sanction, actor: User, text: str, today: date | None = None,
                   now: datetime | None = None) -> SanctionObjection:
    if tenant_roles.REPRESENTATIVE not in tenancy_queries.roles_of(actor.id) or \
            sanction.organisation_id not in monitoring_access.represented_ids(actor.id):
        raise OperationError(_l("Only a representative of the sanctioned organisation can object."))
    today = today or clock.today()
    if sanction.objections:
        raise Conflict(_l("An objection to this sanction was already filed."))
    if sanction.status != DECIDED or sanction_status.effective_status(sanction, today) != OBJECTION_WINDOW \
            or today > sanction.objection_deadline:
        raise Conflict(_l("The objection window is closed."))
    text = required_text(text, "text")
    moment = clock.moment(now)
    objection = SanctionObjection(tenant_id=sanction.tenant_id, sanction=sanction, text=text, filed_by_id=actor.id,
                                  filed_at=moment)
    db.session.add(objection)
    sanction.force_from = None  # not in force until the objection is answered
    db.session.flush()
    log_event("sanction_objection.filed", objection, tenant_id=sanction.tenant_id)
    _record(sanction, actor, "objection_filed", DECIDED, "", moment)
    return objection


def answer_objection(tenant: Tenant, actor: User, sanction: Sanction, answer: str, upheld: bool,
                     decree_number: str | None = None, today: date | None = None,
                     now: datetime | None = None) -> SanctionObjection:
    """Rejected: the sanction takes force (from its start date, at the earliest today). Upheld: it is
    cancelled, under a decree of its own."""
    _require(actor, tenant_roles.ADMIN)
    objection = sanction.pending_objection
    if objection is None:
        raise Conflict(_l("There is no objection to answer."))
    answer = required_text(answer, "answer")
    decree = _free_decree(decree_number) if upheld else None
    moment = clock.moment(now)
    today = today or clock.today()
    objection.answer = answer
    objection.upheld = bool(upheld)
    objection.answered_by_id = actor.id
    objection.answered_at = moment
    db.session.flush()
    log_event("sanction_objection.answered", objection, tenant_id=sanction.tenant_id)
    if upheld:
        sanction.status = CANCELLED
        _record(sanction, actor, "objection_upheld", DECIDED, answer, moment, decree)
    else:
        sanction.force_from = max(sanction.starts_on, today)
        _record(sanction, actor, "objection_rejected", DECIDED, answer, moment)
    return objection


def change_state(tenant: Tenant, actor: User, sanction: Sanction, change: str, decree_number: str, reason: str,
                 today: date | None = None, now: datetime | None = None) -> SanctionChange:
    """Suspend (e.g. pending a court ruling), reinstate or cancel a decided sanction, under a new decree."""
    _require(actor, tenant_roles.ADMIN)
    if change not in CHANGES:
        raise OperationError(_l("Unknown change."), field="change")
    today = today or clock.today()
    current = sanction_status.effective_status(sanction, today)
    allowed = {
        SUSPEND: sanction.status == DECIDED and current != EXPIRED,
        REINSTATE: sanction.status == SUSPENDED,
        CANCEL: sanction.status in (DECIDED, SUSPENDED),
    }[change]
    if not allowed:
        raise Conflict(_l("This change is not possible while the sanction is %(status)s.", status=current))
    decree = _free_decree(decree_number)
    reason = required_text(reason, "reason")
    before = sanction.status
    sanction.status = {SUSPEND: SUSPENDED, REINSTATE: DECIDED, CANCEL: CANCELLED}[change]
    event = {SUSPEND: "suspended", REINSTATE: "reinstated", CANCEL: "cancelled"}[change]
    return _record(sanction, actor, event, before, reason, clock.moment(now), decree)


def confirm_release(sanction: Sanction, actor: User, reason: str, today: date | None = None,
                    now: datetime | None = None) -> SanctionChange:
    """A monitor of the pact confirms the listed conditions are met: the debarment ends today."""
    if sanction.kind != CONDITIONAL_RELEASE:
        raise OperationError(_l("Only a conditional release ends when its conditions are met."))
    if not monitoring_access.is_assigned_monitor(actor.id, sanction.action_id):
        raise OperationError(_l("Only a monitor assigned to this pact can do this."))
    today = today or clock.today()
    if sanction_status.effective_status(sanction, today) != IN_FORCE:
        raise Conflict(_l("Only a sanction in force can be released."))
    reason = required_text(reason, "reason")
    sanction.released_on = today
    sanction.released_by_id = actor.id
    return _record(sanction, actor, "released", DECIDED, reason, clock.moment(now))


def set_honour(tenant: Tenant, actor: User, mode: str, tenant_ids: list[int] | None = None,
               now: datetime | None = None, refuse_barred_parties: bool = False) -> HonourSetting:
    """Which other tenants' debarments and blacklistings bar signing this tenant's pacts (and joining its
    coalitions), and whether an organisation under one is refused as a party (else: a warning)."""
    _require(actor, tenant_roles.ADMIN)
    if mode not in HONOUR_MODES:
        raise OperationError(_l("Choose which sanctions to honour."), field="mode")
    ids = sorted(set(tenant_ids or [])) if mode == HONOUR_LIST else []
    if mode == HONOUR_LIST:
        if not ids:
            raise OperationError(_l("Choose at least one tenant."), field="tenant_ids")
        known = set(db.session.scalars(select(Tenant.id).where(Tenant.id.in_(ids))))
        if tenant.id in ids or known != set(ids):
            raise OperationError(_l("Choose other tenants of the platform."), field="tenant_ids")
    setting = db.session.scalar(select(HonourSetting))
    if setting is None:
        setting = HonourSetting(tenant_id=tenant.id)
        db.session.add(setting)
    setting.mode = mode
    setting.refuse_barred_parties = bool(refuse_barred_parties)
    setting.updated_by_id = actor.id
    setting.updated_at = clock.moment(now)
    kept = [h for h in setting.honoured if h.honoured_tenant_id in ids]
    present = {h.honoured_tenant_id for h in kept}
    setting.honoured = kept + [HonouredTenant(tenant_id=tenant.id, honoured_tenant_id=i) for i in ids if i not in present]
    db.session.flush()
    log_event("sanction_honour_setting.changed", setting, tenant_id=tenant.id)
    return setting
