"""Every write on anonymous reports. Validates, flushes, never commits.

Reports stay out of the public transparency log: what they are and who they concern is for the recipients
alone. They publish on the domain event bus instead (pactplatform/events.py), with no content in the details,
for notifications to tell the recipients. Promotion creates a violation case through the case flow
(monitoring/operations.py), which logs the case as it always does.
"""
import json
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from .. import events
from ..accounts.models import User
from ..actions.models import CANCELLED, DRAFT, CollectiveAction
from ..errors import Conflict, Forbidden, OperationError, Problems
from ..extensions import db
from ..monitoring import access as monitoring_access
from ..monitoring import clock
from ..monitoring import operations as monitoring
from ..monitoring.models import STAGES
from ..tenancy import queries as tenancy_queries
from ..tenancy import roles as tenant_roles
from ..tenancy.models import Membership, Tenant
from ..validation import checked_text, required_text
from . import crypto, queries
from .models import (
    ACKNOWLEDGED, CLOSED, IN_REVIEW, NEW, OPEN_STATUSES, PROMOTED, RECIPIENT, REPORTER, Report, ReportEvent,
    ReportFile, ReportMessage, ReportRecipient, ReportSettings,
)

MESSAGE_LIMIT = 10000


def recipients_url(report: Report) -> str:
    tenant = db.session.get(Tenant, report.tenant_id)
    return f"/t/{tenant.slug}/reports/{report.id}"


def _publish(event_type: str, report: Report, recipients: list[int] | None = None) -> None:
    events.publish(event_type, report, report.tenant_id,
                   recipients=recipients if recipients is not None else queries.recipient_ids(report),
                   url=recipients_url(report))


def _event(report: Report, to_status: str, actor: User | None, moment: datetime, key: bytes | None = None,
           reason: str = "") -> ReportEvent:
    event = ReportEvent(tenant_id=report.tenant_id, report=report, from_status=report.status if report.events else None,
                        to_status=to_status, actor_id=actor.id if actor else None, at=moment)
    db.session.add(event)
    db.session.flush()
    if reason and key is not None:
        event.reason = crypto.seal(key, reason.encode("utf-8"), queries.reason_context(event))
    report.status = to_status
    db.session.flush()
    return event


def _store_files(report: Report, key: bytes, prepared, moment: datetime) -> list[ReportFile]:
    stored = []
    for safe_name, content_type, data in prepared:
        item = ReportFile(tenant_id=report.tenant_id, report=report, content_type=content_type, size=len(data),
                          added_at=moment)
        db.session.add(item)
        db.session.flush()
        item.name = crypto.seal(key, safe_name.encode("utf-8"), queries.file_context(item, "name"))
        item.content = crypto.seal(key, data, queries.file_context(item, "content"))
        stored.append(item)
    db.session.flush()
    return stored


def _message(report: Report, key: bytes, author: str, actor: User | None, text: str, moment: datetime) -> ReportMessage:
    message = ReportMessage(tenant_id=report.tenant_id, report=report, author=author,
                            author_id=actor.id if actor else None, at=moment)
    db.session.add(message)
    db.session.flush()
    message.body = crypto.seal(key, text.encode("utf-8"), queries.message_context(message))
    db.session.flush()
    return message


# The reporter ---------------------------------------------------------------------------------------------------

def file_report(tenant: Tenant, action: CollectiveAction | None, data: dict, files: list[tuple[str, bytes]] | None = None,
                now: datetime | None = None) -> tuple[Report, str]:
    """data: what (required), when (required), organisation_id (a party of the action) and/or involved (free
    text), stage (optional). Returns the report and its receipt, which is stored nowhere."""
    problems = Problems()
    if action is not None and (action.tenant_id != tenant.id or action.status == DRAFT):
        raise OperationError(_l("Reports can be filed only about a published action."))
    what = when = involved = ""
    try:
        what = required_text(data.get("what"), "what", MESSAGE_LIMIT)
    except OperationError as error:
        problems.add(error.message, "what")
    try:
        when = required_text(data.get("when"), "when", 200, multiline=False)
    except OperationError as error:
        problems.add(error.message, "when")
    try:
        involved = checked_text(data.get("involved"), "involved", 500, multiline=False)
    except OperationError as error:
        problems.add(error.message, "involved")
    organisation_id = data.get("organisation_id")
    organisation_name = None
    if organisation_id is not None:
        party = next((p for p in action.parties if p.organisation_id == organisation_id), None) if action else None
        if party is None:
            problems.add(_l("Choose a party of this action."), "organisation_id")
        else:
            organisation_name = party.organisation.name
    elif not involved and "involved" not in dict(problems.items):
        problems.add(_l("Say who is involved: choose a party or describe them."), "involved")
    stage = data.get("stage") or ""
    if stage and stage not in STAGES:
        problems.add(_l("Choose one of the listed options."), "stage")
    problems.raise_any()
    prepared = monitoring.prepare_files(files or [])
    moment = clock.moment(now)
    receipt = crypto.new_receipt()
    salt, receipt_hash, cost = crypto.new_receipt_hash(receipt)
    key, wrapped = crypto.new_data_key()
    report = Report(tenant_id=tenant.id, action_id=action.id if action else None, status=NEW,
                    receipt_index=crypto.receipt_index(receipt), receipt_salt=salt, receipt_hash=receipt_hash,
                    receipt_cost=cost, wrapped_key=wrapped, filed_at=moment)
    db.session.add(report)
    db.session.flush()
    content = {"what": what, "when": when, "involved": involved, "organisation_id": organisation_id,
               "organisation_name": organisation_name, "stage": stage}
    report.content = crypto.seal(key, json.dumps(content).encode("utf-8"), f"report:{report.id}:content")
    _event(report, NEW, None, moment)
    _store_files(report, key, prepared, moment)
    _publish("report.filed", report)
    return report, receipt


def reporter_writes(report: Report, text: str, files: list[tuple[str, bytes]] | None = None,
                    now: datetime | None = None) -> ReportMessage | None:
    """The reporter answers a question or adds something, with or without files."""
    if report.status == CLOSED or report.purged:
        raise Conflict(_l("This report is closed; it takes no more messages."))
    text = checked_text(text, "message", MESSAGE_LIMIT)
    prepared = monitoring.prepare_files(files or [])
    if not text and not prepared:
        raise OperationError(_l("Write a message or choose a file."), field="message")
    key = queries.data_key(report)
    moment = clock.moment(now)
    message = _message(report, key, REPORTER, None, text, moment) if text else None
    _store_files(report, key, prepared, moment)
    _publish("report.reply", report)
    return message


# The recipients -------------------------------------------------------------------------------------------------

def _require_recipient(report: Report, actor: User) -> None:
    if not queries.is_recipient(actor.id, report):
        raise Forbidden(_l("Only a recipient of this report can do this."))


def _require_open(report: Report) -> None:
    if report.status not in OPEN_STATUSES:
        raise Conflict(_l("This report is already %(status)s.", status=report.status_label.lower()))


def acknowledge(report: Report, actor: User, now: datetime | None = None) -> ReportEvent:
    _require_recipient(report, actor)
    if report.status != NEW:
        raise Conflict(_l("Only a new report can be acknowledged."))
    moment = clock.moment(now)
    report.acknowledged_at = moment
    return _event(report, ACKNOWLEDGED, actor, moment)


def start_review(report: Report, actor: User, now: datetime | None = None) -> ReportEvent:
    _require_recipient(report, actor)
    if report.status != ACKNOWLEDGED:
        raise Conflict(_l("Acknowledge the report before reviewing it."))
    return _event(report, IN_REVIEW, actor, clock.moment(now))


def write_to_reporter(report: Report, actor: User, text: str, now: datetime | None = None) -> ReportMessage:
    _require_recipient(report, actor)
    if report.purged:
        raise Conflict(_l("The content of this report was deleted."))
    text = required_text(text, "message", MESSAGE_LIMIT)
    moment = clock.moment(now)
    if report.status != NEW and report.feedback_at is None:
        report.feedback_at = moment
    return _message(report, queries.data_key(report), RECIPIENT, actor, text, moment)


def close(report: Report, actor: User, reason: str, now: datetime | None = None) -> ReportEvent:
    """Closed with a reason the reporter reads; its content is deleted after the tenant's retention period."""
    _require_recipient(report, actor)
    _require_open(report)
    reason = required_text(reason, "reason", 5000)
    moment = clock.moment(now)
    report.closed_at = moment
    report.feedback_at = report.feedback_at or moment
    report.acknowledged_at = report.acknowledged_at or moment
    return _event(report, CLOSED, actor, moment, queries.data_key(report), reason)


def promote(report: Report, actor: User, data: dict, now: datetime | None = None):
    """A monitor of the action turns the report into a violation case (the case flow checks the monitor, the
    party and the fields); the reporter's files become the case's evidence. Returns the case."""
    _require_recipient(report, actor)
    _require_open(report)
    if report.action is None:
        raise OperationError(_l("Only a report about an action can become a violation case."))
    if not monitoring_access.can_log_cases(actor, report.action):
        raise Forbidden(_l("Only a monitor assigned to this pact can do this."))
    if report.action.status in (DRAFT, CANCELLED):
        raise OperationError(_l("Cases can only be logged on a pact that was opened."))
    key = queries.data_key(report)
    files = [(queries.file_name(key, item), queries.file_bytes(key, item)) for item in report.files
             if item.content is not None]
    moment = clock.moment(now)
    case = monitoring.log_case(db.session.get(Tenant, report.tenant_id), actor, report.action, data, files, now=moment)
    report.case_id = case.id
    report.acknowledged_at = report.acknowledged_at or moment
    report.feedback_at = report.feedback_at or moment
    _event(report, PROMOTED, actor, moment)
    return case


# Settings ---------------------------------------------------------------------------------------------------------

SETTING_LIMITS = {"acknowledge_days": (1, 30), "feedback_days": (7, 180), "retention_days": (1, 3650),
                  "warning_days": (1, 60)}


def update_settings(tenant: Tenant, actor: User, data: dict, recipient_ids: list[int]) -> ReportSettings:
    if tenant_roles.ADMIN not in tenancy_queries.roles_of(actor.id):
        raise Forbidden(_l("Your role in this tenant does not allow this."))
    problems = Problems()
    for name, (low, high) in SETTING_LIMITS.items():
        value = data.get(name)
        if not isinstance(value, int) or not low <= value <= high:
            problems.add(_l("Give a whole number from %(min)d to %(max)d.", min=low, max=high), name)
    members = set(db.session.scalars(select(Membership.user_id)))
    if set(recipient_ids) - members:
        problems.add(_l("Choose one of the listed options."), "recipients")
    problems.raise_any()
    row = db.session.scalar(select(ReportSettings))
    if row is None:
        row = ReportSettings(tenant_id=tenant.id)
        db.session.add(row)
    for name in SETTING_LIMITS:
        setattr(row, name, data[name])
    row.updated_by_id = actor.id
    row.updated_at = clock.moment()
    db.session.execute(delete(ReportRecipient).where(ReportRecipient.tenant_id == tenant.id,
                                                  ReportRecipient.user_id.not_in(recipient_ids)))
    present = set(db.session.scalars(select(ReportRecipient.user_id)))
    for user_id in sorted(set(recipient_ids) - present):
        db.session.add(ReportRecipient(tenant_id=tenant.id, user_id=user_id))
    db.session.flush()
    return row
