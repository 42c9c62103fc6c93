"""Reads of anonymous reports: who receives them, what a recipient sees, deadlines, and decrypted content.

A recipient is a designated recipient of the tenant (every report) or a monitor assigned to the action a
report concerns (that action's reports). A tenant admin who is neither sees counts and statuses only.
"""
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from ..actions.models import MonitorAssignment
from ..extensions import db
from ..tenancy import roles as tenant_roles
from ..tenancy.models import Membership
from . import crypto
from .models import (
    CLOSED, DEFAULT_ACKNOWLEDGE_DAYS, DEFAULT_FEEDBACK_DAYS, DEFAULT_RETENTION_DAYS, DEFAULT_WARNING_DAYS,
    OPEN_STATUSES, STATUSES, Report, ReportFile, ReportRecipient, ReportSettings,
)

PAGE_SIZE = 50


@dataclass(frozen=True)
class Settings:
    acknowledge_days: int = DEFAULT_ACKNOWLEDGE_DAYS
    feedback_days: int = DEFAULT_FEEDBACK_DAYS
    retention_days: int = DEFAULT_RETENTION_DAYS
    warning_days: int = DEFAULT_WARNING_DAYS


def settings_of(tenant_id: int) -> Settings:
    row = db.session.scalar(select(ReportSettings).where(ReportSettings.tenant_id == tenant_id)
                            .execution_options(all_tenants=True))
    if row is None:
        return Settings()
    return Settings(row.acknowledge_days, row.feedback_days, row.retention_days, row.warning_days)


# Recipients ---------------------------------------------------------------------------------------------------

def designated_ids(tenant_id: int) -> set[int]:
    """Designated recipients who are still members of the tenant."""
    members = select(Membership.user_id).where(Membership.tenant_id == tenant_id)
    return set(db.session.scalars(
        select(ReportRecipient.user_id).where(ReportRecipient.tenant_id == tenant_id,
                                              ReportRecipient.user_id.in_(members))
        .execution_options(all_tenants=True)))


def monitor_ids(tenant_id: int, action_id: int | None) -> set[int]:
    if action_id is None:
        return set()
    monitors = select(Membership.user_id).where(Membership.tenant_id == tenant_id,
                                                Membership.role == tenant_roles.MONITOR)
    return set(db.session.scalars(
        select(MonitorAssignment.user_id).where(MonitorAssignment.action_id == action_id,
                                                MonitorAssignment.user_id.in_(monitors))
        .execution_options(all_tenants=True)))


def recipient_ids(report: Report) -> list[int]:
    return sorted(designated_ids(report.tenant_id) | monitor_ids(report.tenant_id, report.action_id))


def is_recipient(user_id: int, report: Report) -> bool:
    return user_id in recipient_ids(report)


def _visible_clause(user_id: int, tenant_id: int):
    """None: every report of the tenant; a WHERE clause: the reports of the actions they monitor; False: none."""
    if user_id in designated_ids(tenant_id):
        return None
    is_monitor = db.session.scalar(select(Membership.id).where(
        Membership.tenant_id == tenant_id, Membership.user_id == user_id, Membership.role == tenant_roles.MONITOR)
        .execution_options(all_tenants=True)) is not None
    if not is_monitor:
        return False
    assigned = select(MonitorAssignment.action_id).where(MonitorAssignment.user_id == user_id,
                                                         MonitorAssignment.tenant_id == tenant_id)
    return Report.action_id.in_(assigned)


def receives_reports(user_id: int, tenant_id: int) -> bool:
    return _visible_clause(user_id, tenant_id) is not False


def visible_reports(user_id: int, tenant_id: int, before: int | None = None) -> list[Report]:
    """A page of the reports this user receives, newest first (keyset on the id)."""
    clause = _visible_clause(user_id, tenant_id)
    if clause is False:
        return []
    query = select(Report).order_by(Report.id.desc()).limit(PAGE_SIZE)
    if clause is not None:
        query = query.where(clause)
    if before is not None:
        query = query.where(Report.id < before)
    return list(db.session.scalars(query))


def visible_report(user_id: int, report_id: int) -> Report | None:
    report = db.session.scalar(select(Report).where(Report.id == report_id))
    if report is None or not is_recipient(user_id, report):
        return None
    return report


def status_counts() -> dict[str, int]:
    """Reports of the current tenant by status: what a tenant admin sees without the content."""
    rows = db.session.execute(select(Report.status, func.count()).group_by(Report.status))
    counts = dict.fromkeys(STATUSES, 0)
    counts.update({status: count for status, count in rows})
    return counts


def statuses_page(before: int | None = None) -> list[Report]:
    """Status rows for an admin: the same rows, of which the page shows only numbers, statuses and dates."""
    query = select(Report).order_by(Report.id.desc()).limit(PAGE_SIZE)
    if before is not None:
        query = query.where(Report.id < before)
    return list(db.session.scalars(query))


# Deadlines ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Deadline:
    due_on: date
    state: str  # done | due | overdue


def _deadline(due_on: date, done: bool, today: date) -> Deadline:
    return Deadline(due_on, "done" if done else ("overdue" if today > due_on else "due"))


def deadlines(report: Report, settings: Settings, today: date) -> dict[str, Deadline]:
    """Acknowledgement within `acknowledge_days` of filing; feedback within `feedback_days` of the
    acknowledgement (or of the day it was due, when none came), as the whistleblower directive counts."""
    filed = report.filed_at.date()
    acknowledge_due = filed + timedelta(days=settings.acknowledge_days)
    started = report.acknowledged_at.date() if report.acknowledged_at else acknowledge_due
    feedback_due = started + timedelta(days=settings.feedback_days)
    return {
        "acknowledge": _deadline(acknowledge_due, report.acknowledged_at is not None, today),
        "feedback": _deadline(feedback_due, report.feedback_at is not None or report.status not in OPEN_STATUSES,
                              today),
    }


def purge_on(report: Report, settings: Settings) -> datetime | None:
    if report.status != CLOSED or report.closed_at is None:
        return None
    return report.closed_at + timedelta(days=settings.retention_days)


# Decrypted content --------------------------------------------------------------------------------------------

def data_key(report: Report) -> bytes | None:
    return crypto.unwrap(report.wrapped_key) if report.wrapped_key is not None else None


def content_of(report: Report, key: bytes | None = None) -> dict | None:
    key = key or data_key(report)
    if key is None or report.content is None:
        return None
    return json.loads(crypto.open_sealed(key, report.content, f"report:{report.id}:content"))


def text_of(key: bytes | None, sealed: bytes | None, context: str) -> str | None:
    if key is None or sealed is None:
        return None
    return crypto.open_sealed(key, sealed, context).decode("utf-8")


def message_context(message) -> str:
    return f"report:{message.report_id}:message:{message.id}"


def reason_context(event) -> str:
    return f"report:{event.report_id}:event:{event.id}"


def file_context(item: ReportFile, part: str) -> str:
    return f"report:{item.report_id}:file:{item.id}:{part}"


def file_name(key: bytes | None, item: ReportFile) -> str | None:
    return text_of(key, item.name, file_context(item, "name"))


def file_bytes(key: bytes, item: ReportFile) -> bytes:
    return crypto.open_sealed(key, item.content, file_context(item, "content"))


def report_file(report: Report, file_id: int) -> ReportFile | None:
    return db.session.scalar(select(ReportFile).where(ReportFile.id == file_id, ReportFile.report_id == report.id))


def find_by_receipt(receipt: str) -> Report | None:
    """The report this receipt opens, or None, in about the same time either way (one slow hash)."""
    candidates = db.session.scalars(select(Report).where(Report.receipt_index == crypto.receipt_index(receipt))
                                    .execution_options(all_tenants=True)).all()
    if not candidates:
        crypto.burn_time(receipt)
        return None
    for report in candidates:
        if crypto.receipt_matches(receipt, report.receipt_salt, report.receipt_hash, report.receipt_cost):
            return report
    return None
