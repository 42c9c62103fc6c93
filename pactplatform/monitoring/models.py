"""Violation cases with their due process, the evidence behind them, and monitoring reports."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..accounts.models import User
from ..actions.models import CollectiveAction
from ..extensions import db
from ..ledger import records as ledger_records
from ..ledger.canonical import iso_utc
from ..orgs.models import Organisation
from ..tenancy.scoping import TenantScoped
from ..timeutil import utcnow

# Case states (DESIGN.md §1): reported → notified → answered → confirmed | dismissed → remedied | sanctioned.
REPORTED, NOTIFIED, ANSWERED = "reported", "notified", "answered"
CONFIRMED, DISMISSED, REMEDIED, SANCTIONED = "confirmed", "dismissed", "remedied", "sanctioned"
CASE_STATUSES = (REPORTED, NOTIFIED, ANSWERED, CONFIRMED, DISMISSED, REMEDIED, SANCTIONED)
DECISIONS = (CONFIRMED, DISMISSED)

CASE_STATUS_LABELS = {
    REPORTED: _l("Reported"),
    NOTIFIED: _l("Notified, awaiting the answer"),
    ANSWERED: _l("Answered"),
    CONFIRMED: _l("Violation confirmed"),
    DISMISSED: _l("Dismissed"),
    REMEDIED: _l("Remedied"),
    SANCTIONED: _l("Sanctioned"),
}

STAGES = ("planning", "selection", "contracting", "performance")
STAGE_LABELS = {
    "planning": _l("Planning"),
    "selection": _l("Selection"),
    "contracting": _l("Contracting"),
    "performance": _l("Performance"),
}

SEVERITIES = ("minor", "major", "critical")
SEVERITY_LABELS = {"minor": _l("Minor"), "major": _l("Major"), "critical": _l("Critical")}

# Every tenant has these; a tenant admin adds its own (ViolationType rows) and may retire those.
DEFAULT_TYPES = {
    "bribery": _l("Bribery"),
    "collusion": _l("Collusion or bid rigging"),
    "conflict_of_interest": _l("Conflict of interest"),
    "gratification": _l("Gratification"),
    "falsified_documents": _l("Falsified documents"),
    "undisclosed_agent_fees": _l("Undisclosed agent fees"),
}

PERIODIC, FINAL = "periodic", "final"
REPORT_KINDS = (PERIODIC, FINAL)
REPORT_KIND_LABELS = {PERIODIC: _l("Periodic report"), FINAL: _l("Final report")}


class ViolationType(TenantScoped, db.Model):
    """A violation type a tenant added to the default list."""

    __tablename__ = "violation_types"
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ViolationCase(TenantScoped, db.Model):
    __tablename__ = "violation_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)  # the respondent
    stage: Mapped[str] = mapped_column(String(20))
    violation_type: Mapped[str] = mapped_column(String(64))
    violation_type_label: Mapped[str] = mapped_column(String(200))  # as it was named when the case was logged
    description: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=REPORTED)
    reported_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reported_at: Mapped[datetime]
    answer_due_on: Mapped[date | None]
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]

    action: Mapped[CollectiveAction] = relationship()
    organisation: Mapped[Organisation] = relationship()
    reported_by: Mapped[User] = relationship(foreign_keys=[reported_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])
    events: Mapped[list["CaseEvent"]] = relationship(back_populates="case", order_by="CaseEvent.id")
    evidence: Mapped[list["Evidence"]] = relationship(back_populates="case", order_by="Evidence.id")

    @property
    def status_label(self) -> str:
        return str(CASE_STATUS_LABELS[self.status])

    def is_overdue(self, today: date) -> bool:
        return self.status == NOTIFIED and self.answer_due_on is not None and today > self.answer_due_on

    @property
    def decision(self) -> "CaseEvent | None":
        return next((e for e in reversed(self.events) if e.to_status in DECISIONS), None)


class CaseEvent(TenantScoped, db.Model):
    """One transition of a case: who, when, why; decisions also carry the monitor's signature."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("violation_cases.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[str | None] = mapped_column(Text)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    certificate_pem: Mapped[str | None] = mapped_column(Text)

    case: Mapped[ViolationCase] = relationship(back_populates="events")
    actor: Mapped[User] = relationship()

    @property
    def signed(self) -> bool:
        return self.signature is not None


class Evidence(TenantScoped, db.Model):
    """An evidence file. Its bytes live in the database (deferred): written in the same transaction as
    the case, so nothing is half-stored; never under the web root; shared by every app node."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for evidence behind a certification application (certification/models.py EvidenceLink names it).
    case_id: Mapped[int | None] = mapped_column(ForeignKey("violation_cases.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[ViolationCase | None] = relationship(back_populates="evidence")
    uploaded_by: Mapped[User] = relationship()


class MonitoringReport(TenantScoped, db.Model):
    """A periodic or final report, rendered to PDF by the platform and signed (PAdES) by its monitor."""

    __tablename__ = "monitoring_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300))
    period_start: Mapped[date]
    period_end: Mapped[date]
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime]
    # Of the signed PDF, which is also its one signature's revision: how an uploaded copy is recognised.
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    certificate_pem: Mapped[str] = mapped_column(Text)
    pdf: Mapped[bytes] = deferred(mapped_column(LargeBinary))

    action: Mapped[CollectiveAction] = relationship()
    author: Mapped[User] = relationship()


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


ledger_records.register("violation_type", ViolationType, lambda t: {"code": t.code, "label": t.label, "active": t.active})
ledger_records.register(
    "violation_case",
    ViolationCase,
    lambda c: {
        "action_id": c.action_id, "organisation_id": c.organisation_id, "stage": c.stage,
        "violation_type": c.violation_type, "severity": c.severity, "description": c.description,
        "status": c.status, "reported_by_id": c.reported_by_id, "reported_at": iso_utc(c.reported_at),
        "answer_due_on": _day(c.answer_due_on), "answer": c.answer, "answered_by_id": c.answered_by_id,
        "answered_at": iso_utc(c.answered_at),
    },
)
ledger_records.register(
    "case_event",
    CaseEvent,
    lambda e: {
        "case_id": e.case_id, "from_status": e.from_status, "to_status": e.to_status, "actor_id": e.actor_id,
        "at": iso_utc(e.at), "reason": e.reason, "payload": e.payload,
        "signature": e.signature.hex() if e.signature is not None else None,
    },
)
ledger_records.register(
    "evidence",
    Evidence,
    lambda e: {"case_id": e.case_id, "filename": e.filename, "content_type": e.content_type, "size": e.size,
               "sha256": e.sha256, "uploaded_by_id": e.uploaded_by_id},
)
ledger_records.register(
    "monitoring_report",
    MonitoringReport,
    lambda r: {"action_id": r.action_id, "kind": r.kind, "title": r.title, "period_start": _day(r.period_start),
               "period_end": _day(r.period_end), "author_id": r.author_id, "published_at": iso_utc(r.published_at),
               "sha256": r.sha256},
)
