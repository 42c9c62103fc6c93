"""Every write on violation cases, evidence and monitoring reports. Each takes the tenant (or the case),
the actor and the data; validates; flushes; writes the transparency-log entry; never commits.

Due process: a monitor assigned to the pact logs a case (reported), notifies the respondent with a
deadline (notified), the respondent answers (answered), the monitor decides (confirmed or dismissed,
signed with the monitor's key; without an answer only once the deadline has passed), and a confirmed
case ends remedied or sanctioned. Every transition is a CaseEvent: who, when, why.
"""
import hashlib
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import User
from ..actions.models import CANCELLED, DRAFT, CollectiveAction
from ..errors import Conflict, NotFound, OperationError
from ..extensions import db
from ..ledger.canonical import encode, iso_utc
from ..ledger.operations import append as log_event
from ..tenancy import queries as tenancy_queries
from ..tenancy import roles as tenant_roles
from ..tenancy.models import Tenant
from ..validation import required_text
from . import access, clock
from . import evidence as evidence_checks
from .models import (
    ANSWERED,
    CONFIRMED,
    DECISIONS,
    DEFAULT_TYPES,
    NOTIFIED,
    REMEDIED,
    REPORT_KINDS,
    REPORTED,
    SANCTIONED,
    SEVERITIES,
    STAGES,
    CaseEvent,
    Evidence,
    MonitoringReport,
    ViolationCase,
    ViolationType,
)

DEFAULT_ANSWER_DAYS = 14
MAX_ANSWER_DAYS = 90


def _require_monitor(actor: User, action: CollectiveAction) -> None:
    if not access.is_assigned_monitor(actor.id, action.id):
        raise OperationError(_l("Only a monitor assigned to this pact can do this."))


# Violation types -----------------------------------------------------------------------------------

def available_types() -> dict[str, str]:
    """code -> label: the defaults, then the tenant's own active types."""
    types = {code: str(label) for code, label in DEFAULT_TYPES.items()}
    for row in db.session.scalars(select(ViolationType).where(ViolationType.active.is_(True)).order_by(ViolationType.label)):
        types[row.code] = row.label
    return types


def add_violation_type(tenant: Tenant, actor: User, label: str) -> ViolationType:
    if tenant_roles.ADMIN not in tenancy_queries.roles_of(actor.id):
        raise OperationError(_l("Your role in this tenant does not allow this."))
    label = required_text(label, "label", 200)
    code = "custom_" + hashlib.sha256(label.casefold().encode("utf-8")).hexdigest()[:12]
    if db.session.scalar(select(ViolationType.id).where(ViolationType.code == code)) is not None:
        raise Conflict(_l("This violation type already exists."), field="label")
    if label.casefold() in {str(v).casefold() for v in DEFAULT_TYPES.values()}:
        raise Conflict(_l("This violation type already exists."), field="label")
    row = ViolationType(tenant_id=tenant.id, code=code, label=label, active=True, created_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    log_event("violation_type.created", row, tenant_id=tenant.id)
    return row


def retire_violation_type(tenant: Tenant, actor: User, type_id: int) -> ViolationType:
    """Retired types are no longer offered; cases already logged keep theirs."""
    if tenant_roles.ADMIN not in tenancy_queries.roles_of(actor.id):
        raise OperationError(_l("Your role in this tenant does not allow this."))
    row = db.session.scalar(select(ViolationType).where(ViolationType.id == type_id))
    if row is None:
        raise NotFound(_l("Unknown violation type."))
    if not row.active:
        raise Conflict(_l("This violation type is already retired."))
    row.active = False
    db.session.flush()
    log_event("violation_type.retired", row, tenant_id=tenant.id)
    return row


# Cases ---------------------------------------------------------------------------------------------

def _transition(case: ViolationCase, actor: User, to_status: str, reason: str, moment: datetime,
                payload: str | None = None, signature: bytes | None = None, certificate_pem: str | None = None) -> CaseEvent:
    event = CaseEvent(tenant_id=case.tenant_id, case=case, from_status=case.status if case.id else None,
                      to_status=to_status, actor_id=actor.id, at=moment, reason=reason, payload=payload,
                      signature=signature, certificate_pem=certificate_pem)
    case.status = to_status
    case.updated_at = moment
    db.session.add(event)
    db.session.flush()
    log_event(f"violation_case.{to_status}", case, tenant_id=case.tenant_id)
    log_event("case_event.created", event, tenant_id=case.tenant_id)
    return event


def _prepare_files(files: list[tuple[str, bytes]]) -> list[tuple[str, str, bytes]]:
    """Check every file before anything is written: one refused file refuses the whole request."""
    files = [(name, data) for name, data in files if name or data]
    if len(files) > evidence_checks.MAX_FILES:
        raise OperationError(_l("Attach at most %(count)d files at once.", count=evidence_checks.MAX_FILES),
                             field="evidence")
    prepared = []
    for name, data in files:
        content_type, safe_name = evidence_checks.check(name, data)
        prepared.append((safe_name, content_type, data))
    return prepared


def _store_files(case: ViolationCase | None, actor: User, prepared, moment: datetime,
                 tenant_id: int | None = None) -> list[Evidence]:
    tenant_id = case.tenant_id if case is not None else tenant_id
    stored = []
    for safe_name, content_type, data in prepared:
        item = Evidence(tenant_id=tenant_id, case=case, filename=safe_name, content_type=content_type,
                        size=len(data), sha256=hashlib.sha256(data).hexdigest(), content=data,
                        uploaded_by_id=actor.id, uploaded_at=moment)
        db.session.add(item)
        db.session.flush()
        log_event("evidence.added", item, tenant_id=tenant_id)
        stored.append(item)
    return stored


# The evidence store serves higher domains too (certification links its files to criteria): the same
# checks (size, type by content, at most MAX_FILES at once) and the same storage and log entry.
prepare_files = _prepare_files


def store_files(tenant_id: int, actor: User, prepared, now: datetime | None = None) -> list[Evidence]:
    """Store files already checked by prepare_files, for the caller to link; no case."""
    return _store_files(None, actor, prepared, clock.moment(now), tenant_id=tenant_id)


def log_case(tenant: Tenant, actor: User, action: CollectiveAction, data: dict,
             files: list[tuple[str, bytes]] | None = None, now: datetime | None = None) -> ViolationCase:
    """data: organisation_id, stage, violation_type, description, severity. files: (name, bytes) pairs."""
    if not action.policy.violations_allowed:
        raise OperationError(_l("Violations cannot be logged on this kind of action."))
    _require_monitor(actor, action)
    if action.status in (DRAFT, CANCELLED):
        raise OperationError(_l("Cases can only be logged on a pact that was opened."))
    organisation_id = data.get("organisation_id")
    party = next((p for p in action.parties if p.organisation_id == organisation_id), None)
    if party is None:
        raise OperationError(_l("Choose a party of this pact."), field="organisation_id")
    if data.get("stage") not in STAGES:
        raise OperationError(_l("Choose the stage."), field="stage")
    types = available_types()
    if data.get("violation_type") not in types:
        raise OperationError(_l("Choose a violation type."), field="violation_type")
    if data.get("severity") not in SEVERITIES:
        raise OperationError(_l("Choose the severity."), field="severity")
    description = required_text(data.get("description"), "description")
    prepared = _prepare_files(files or [])
    moment = clock.moment(now)
    case = ViolationCase(
        tenant_id=tenant.id, action_id=action.id, organisation_id=organisation_id, stage=data["stage"],
        violation_type=data["violation_type"], violation_type_label=types[data["violation_type"]],
        description=description, severity=data["severity"], status=REPORTED, reported_by_id=actor.id,
        reported_at=moment, updated_at=moment,
    )
    db.session.add(case)
    db.session.flush()
    log_event("violation_case.reported", case, tenant_id=tenant.id)
    event = CaseEvent(tenant_id=tenant.id, case=case, from_status=None, to_status=REPORTED, actor_id=actor.id,
                      at=moment, reason="")
    db.session.add(event)
    db.session.flush()
    log_event("case_event.created", event, tenant_id=tenant.id)
    _store_files(case, actor, prepared, moment)
    return case


def add_evidence(case: ViolationCase, actor: User, files: list[tuple[str, bytes]],
                 now: datetime | None = None) -> list[Evidence]:
    """The monitors add evidence until they decide; the respondent may add theirs while answering."""
    monitor = access.is_assigned_monitor(actor.id, case.action_id)
    respondent = case.status == NOTIFIED and access.is_respondent(actor.id, case)
    if not (monitor or respondent):
        raise OperationError(_l("You cannot add evidence to this case."))
    if case.status not in (REPORTED, NOTIFIED, ANSWERED):
        raise OperationError(_l("The case is decided; its evidence is closed."))
    prepared = _prepare_files(files)
    if not prepared:
        raise OperationError(_l("Choose at least one file."), field="evidence")
    return _store_files(case, actor, prepared, clock.moment(now))


def notify(case: ViolationCase, actor: User, answer_due_on: date | None = None, reason: str = "",
           now: datetime | None = None) -> CaseEvent:
    """The respondent's representatives now see the case and must answer by the deadline."""
    _require_monitor(actor, case.action)
    if case.status != REPORTED:
        raise Conflict(_l("Only a reported case can be notified."))
    moment = clock.moment(now)
    today = clock.today() if now is None else moment.date()
    due = answer_due_on or today + timedelta(days=DEFAULT_ANSWER_DAYS)
    if due <= today:
        raise OperationError(_l("The deadline must be after today."), field="answer_due_on")
    if due > today + timedelta(days=MAX_ANSWER_DAYS):
        raise OperationError(_l("The deadline can be at most %(days)d days away.", days=MAX_ANSWER_DAYS),
                             field="answer_due_on")
    case.answer_due_on = due
    return _transition(case, actor, NOTIFIED, (reason or "").strip(), moment)


def answer(case: ViolationCase, actor: User, text: str, files: list[tuple[str, bytes]] | None = None,
           now: datetime | None = None) -> CaseEvent:
    """The respondent's answer (a late one is accepted until the monitor decides, and shows as late)."""
    if not access.is_respondent(actor.id, case):
        raise OperationError(_l("Only a representative of the respondent can answer."))
    if case.status != NOTIFIED:
        raise Conflict(_l("This case is not awaiting an answer."))
    text = required_text(text, "answer")
    prepared = _prepare_files(files or [])
    moment = clock.moment(now)
    case.answer = text
    case.answered_by_id = actor.id
    case.answered_at = moment
    event = _transition(case, actor, ANSWERED, "", moment)
    _store_files(case, actor, prepared, moment)
    return event


def decision_payload(case: ViolationCase, decision: str, reason: str, moment: datetime, monitor: User) -> str:
    return encode({
        "case": case.id,
        "action": case.action_id,
        "tenant": case.tenant_id,
        "respondent": {"id": case.organisation_id, "name": case.organisation.name},
        "decision": decision,
        "reason": reason,
        "time": iso_utc(moment),
        "monitor": {"id": monitor.id, "name": monitor.name},
    }).decode("utf-8")


def decide(case: ViolationCase, actor: User, decision: str, reason: str, passphrase: str,
           now: datetime | None = None) -> CaseEvent:
    """Confirm or dismiss, signed with the monitor's key (the passphrase is the act of intent)."""
    from ..signing import operations as signing

    _require_monitor(actor, case.action)
    if decision not in DECISIONS:
        raise OperationError(_l("Choose confirm or dismiss."), field="decision")
    moment = clock.moment(now)
    today = clock.today() if now is None else moment.date()
    if case.status == NOTIFIED:
        if not case.is_overdue(today):
            raise Conflict(_l("The respondent can still answer until %(date)s.", date=case.answer_due_on.isoformat()))
    elif case.status != ANSWERED:
        raise Conflict(_l("Only an answered case, or one whose answer is overdue, can be decided."))
    reason = required_text(reason, "reason")
    key = signing.key_for(actor)
    if key is None:
        raise OperationError(_l("Set up your signing key first."), field="passphrase")
    private_key = signing.unlock(key, passphrase)
    payload = decision_payload(case, decision, reason, moment, actor)
    return _transition(case, actor, decision, reason, moment, payload=payload,
                       signature=signing.sign_payload(private_key, payload.encode("utf-8")),
                       certificate_pem=key.certificate_pem)


def mark_remedied(case: ViolationCase, actor: User, reason: str, now: datetime | None = None) -> CaseEvent:
    _require_monitor(actor, case.action)
    if case.status != CONFIRMED:
        raise Conflict(_l("Only a confirmed violation can be marked remedied."))
    return _transition(case, actor, REMEDIED, required_text(reason, "reason"), clock.moment(now))


def mark_sanctioned(case: ViolationCase, actor: User, reason: str, now: datetime | None = None) -> CaseEvent | None:
    """Called by the sanctions domain when a sanction from this case is decided."""
    if case.status == SANCTIONED:
        return None
    if case.status != CONFIRMED:
        raise Conflict(_l("Only a confirmed violation can be sanctioned."))
    return _transition(case, actor, SANCTIONED, reason, clock.moment(now))


def check_decision(event: CaseEvent) -> dict:
    """Re-check a signed decision from its public parts, as an outsider would."""
    import json

    from ..signing import operations as signing

    payload = json.loads(event.payload)
    case = event.case
    checks = {
        "signature_valid": signing.verify_payload(event.certificate_pem, event.payload.encode("utf-8"), event.signature),
        "certificate_trusted": signing.verify_chain(event.certificate_pem),
        "payload_matches": (payload.get("case") == case.id and payload.get("action") == case.action_id
                            and payload.get("respondent", {}).get("id") == case.organisation_id
                            and payload.get("decision") == event.to_status
                            and payload.get("monitor", {}).get("id") == event.actor_id),
    }
    checks["ok"] = all(checks.values())
    return checks


# Monitoring reports --------------------------------------------------------------------------------

def publish_report(tenant: Tenant, actor: User, action: CollectiveAction, data: dict, passphrase: str,
                   now: datetime | None = None) -> MonitoringReport:
    """data: kind, title, period_start, period_end, body. Rendered to PDF and signed by the monitor (PAdES)."""
    from ..signing import operations as signing
    from ..signing.pdf import sign_pdf
    from . import pdf

    if not action.policy.requires_monitor:
        raise OperationError(_l("This kind of action has no monitor."))
    _require_monitor(actor, action)
    if action.status in (DRAFT, CANCELLED):
        raise OperationError(_l("Reports are published on a pact that was opened."))
    if data.get("kind") not in REPORT_KINDS:
        raise OperationError(_l("Choose the kind of report."), field="kind")
    title = required_text(data.get("title"), "title", 300)
    start, end = data.get("period_start"), data.get("period_end")
    if not isinstance(start, date):
        raise OperationError(_l("This field is required."), field="period_start")
    if not isinstance(end, date):
        raise OperationError(_l("This field is required."), field="period_end")
    if end < start:
        raise OperationError(_l("The end date is before the start date."), field="period_end")
    body = required_text(data.get("body"), "body", 50000)
    key = signing.key_for(actor)
    if key is None:
        raise OperationError(_l("Set up your signing key first."), field="passphrase")
    private_key = signing.unlock(key, passphrase)
    moment = clock.moment(now)
    report = MonitoringReport(tenant_id=tenant.id, action_id=action.id, kind=data["kind"], title=title,
                              period_start=start, period_end=end, body=body, author_id=actor.id,
                              published_at=moment, sha256="", certificate_pem=key.certificate_pem, pdf=b"")
    db.session.add(report)
    db.session.flush()
    unsigned = pdf.render(report, tenant, actor)
    report.pdf = sign_pdf(unsigned, private_key, key.certificate_pem, field_name=f"MonitorReport{report.id}",
                          reason=f"{title}", signer_name=actor.name)
    report.sha256 = hashlib.sha256(report.pdf).hexdigest()
    db.session.flush()
    log_event("monitoring_report.published", report, tenant_id=tenant.id)
    return report
