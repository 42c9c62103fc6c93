"""Anonymous reports, their messages, files and status history, and each tenant's report settings.

What a reporter or a recipient wrote (the account of what happened, messages, file names and bytes, closing
reasons) is stored only as AES-GCM ciphertext under the report's own data key, which is stored wrapped by the
instance's key-encryption key (crypto.py). Statuses, dates and counts stay in clear: they are what a tenant
admin who is not a recipient sees, and what remains after the retention period deletes the content.
"""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..accounts.models import User
from ..actions.models import CollectiveAction
from ..extensions import db
from ..monitoring.models import ViolationCase
from ..tenancy.scoping import TenantScoped
from ..timeutil import utcnow

# new → acknowledged → in_review → promoted | closed (DESIGN.md §1, issue 13).
NEW, ACKNOWLEDGED, IN_REVIEW, PROMOTED, CLOSED = "new", "acknowledged", "in_review", "promoted", "closed"
STATUSES = (NEW, ACKNOWLEDGED, IN_REVIEW, PROMOTED, CLOSED)
OPEN_STATUSES = (NEW, ACKNOWLEDGED, IN_REVIEW)
STATUS_LABELS = {
    NEW: _l("New"),
    ACKNOWLEDGED: _l("Acknowledged"),
    IN_REVIEW: _l("In review"),
    PROMOTED: _l("Promoted to a violation case"),
    CLOSED: _l("Closed"),
}

REPORTER, RECIPIENT = "reporter", "recipient"

# The EU whistleblower directive's clock (2019/1937 art. 9): acknowledge within 7 days, feedback within 3 months.
DEFAULT_ACKNOWLEDGE_DAYS = 7
DEFAULT_FEEDBACK_DAYS = 90
DEFAULT_RETENTION_DAYS = 90
DEFAULT_WARNING_DAYS = 14


class Report(TenantScoped, db.Model):
    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=NEW, index=True)
    # A short HMAC of the receipt under the server's key finds the candidate rows; the slow hash decides.
    receipt_index: Mapped[str] = mapped_column(String(8), index=True)
    receipt_salt: Mapped[bytes] = mapped_column(LargeBinary)
    receipt_hash: Mapped[bytes] = mapped_column(LargeBinary)
    receipt_cost: Mapped[int] = mapped_column(Integer)  # scrypt's n when it was hashed
    wrapped_key: Mapped[bytes | None] = mapped_column(LargeBinary)  # None once the content is deleted
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    filed_at: Mapped[datetime]
    acknowledged_at: Mapped[datetime | None]
    feedback_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    retention_warned_at: Mapped[datetime | None]
    purged_at: Mapped[datetime | None]
    case_id: Mapped[int | None] = mapped_column(ForeignKey("violation_cases.id"))

    action: Mapped[CollectiveAction | None] = relationship()
    case: Mapped[ViolationCase | None] = relationship()
    messages: Mapped[list["ReportMessage"]] = relationship(back_populates="report", order_by="ReportMessage.id")
    files: Mapped[list["ReportFile"]] = relationship(back_populates="report", order_by="ReportFile.id")
    events: Mapped[list["ReportEvent"]] = relationship(back_populates="report", order_by="ReportEvent.id")

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def purged(self) -> bool:
        return self.purged_at is not None


class ReportMessage(TenantScoped, db.Model):
    __tablename__ = "report_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    author: Mapped[str] = mapped_column(String(16))  # reporter | recipient: the reporter never learns who
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # the recipient; never the reporter
    at: Mapped[datetime]
    body: Mapped[bytes | None] = mapped_column(LargeBinary)

    report: Mapped[Report] = relationship(back_populates="messages")
    author_user: Mapped[User | None] = relationship()


class ReportFile(TenantScoped, db.Model):
    """An evidence file of a report, checked by monitoring/evidence.py; its name and bytes are encrypted."""

    __tablename__ = "report_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    name: Mapped[bytes | None] = mapped_column(LargeBinary)
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    added_at: Mapped[datetime]

    report: Mapped[Report] = relationship(back_populates="files")


class ReportEvent(TenantScoped, db.Model):
    """One status change; kept after the content is deleted (the reason, written by a recipient, is not)."""

    __tablename__ = "report_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the reporter filed it
    at: Mapped[datetime]
    reason: Mapped[bytes | None] = mapped_column(LargeBinary)

    report: Mapped[Report] = relationship(back_populates="events")


class ReportSettings(TenantScoped, db.Model):
    __tablename__ = "report_settings"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    acknowledge_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_ACKNOWLEDGE_DAYS)
    feedback_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_FEEDBACK_DAYS)
    retention_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_RETENTION_DAYS)
    warning_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_WARNING_DAYS)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReportRecipient(TenantScoped, db.Model):
    """A member the tenant designated to receive every report, beside the monitors of the action concerned."""

    __tablename__ = "report_recipients"
    __table_args__ = (UniqueConstraint("tenant_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
