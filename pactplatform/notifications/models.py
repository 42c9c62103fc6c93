"""The outbox and what decides it: notifications (one row per recipient), each user's channel per kind, what
a user follows, and a tenant's webhooks with their delivery log."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..extensions import db
from ..tenancy.scoping import TenantScoped
from ..timeutil import utcnow

# Channels a user chooses per kind.
IN_APP, EMAIL, BOTH, DIGEST = "in_app", "email", "both", "digest"
CHANNELS = (BOTH, IN_APP, EMAIL, DIGEST)

# E-mail delivery states of a notification (a small state machine, see worker.py):
# none (no e-mail wanted) | pending → sending (claimed: the attempt is on its way) → sent | failed;
# digest (waits for the day's digest) → sent.
NONE, PENDING, SENDING, SENT, FAILED = "none", "pending", "sending", "sent", "failed"

# What a user can follow.
ORGANISATION, ACTION, TENANT = "organisation", "action", "tenant"
TARGET_TYPES = (ORGANISATION, ACTION, TENANT)

# Webhook delivery states.
DELIVERING, DELIVERED = "delivering", "delivered"


class Notification(db.Model):
    """One thing one person should know, written in the transaction of the event that caused it (or by the
    worker for a date that came). Not tenant-scoped: a person's notification centre spans tenants; tenant_id
    says where it comes from. The text is rendered when shown, in the reader's language, from kind + params."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_unread", "user_id", "in_app", "read_at"),
        Index("ix_notifications_email_state", "email_state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id"), index=True)
    kind: Mapped[str] = mapped_column(String(48))
    subject_type: Mapped[str] = mapped_column(String(48))
    subject_id: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date | None]
    params: Mapped[str] = mapped_column(Text, default="{}")  # JSON: names, dates and the link, for the text
    # Reminders computed from dates carry a key (kind, subject, recipient, due date): written once, whatever the
    # number of workers or runs. Event notifications need none (their event happens once); NULLs never collide.
    dedup_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    in_app: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    email_state: Mapped[str] = mapped_column(String(16), default=NONE)
    email_claimed_at: Mapped[datetime | None]
    email_sent_at: Mapped[datetime | None]
    email_attempts: Mapped[int] = mapped_column(default=0)
    email_error: Mapped[str] = mapped_column(String(500), default="")

    user: Mapped[User] = relationship()


class Preference(db.Model):
    """A user's channel for one kind; without a row the kind's default applies (both)."""

    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(48))
    channel: Mapped[str] = mapped_column(String(16))


class Follow(db.Model):
    """A user follows an organisation, an action or a tenant, to hear of its public changes."""

    __tablename__ = "follows"
    __table_args__ = (UniqueConstraint("user_id", "target_type", "target_id"),
                      Index("ix_follows_target", "target_type", "target_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    target_type: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Webhook(TenantScoped, db.Model):
    """A tenant admin's endpoint for the tenant's events: the URL, the event families it wants, and the
    secret its payloads are signed with (HMAC-SHA256)."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    kinds: Mapped[str] = mapped_column(String(500))  # space-separated event families
    secret: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    deliveries: Mapped[list["WebhookDelivery"]] = relationship(back_populates="webhook",
                                                               order_by="WebhookDelivery.id.desc()")

    @property
    def kind_list(self) -> list[str]:
        return self.kinds.split()


class WebhookDelivery(TenantScoped, db.Model):
    """One payload for one webhook: pending → delivering → delivered, or back to pending with a later
    next_attempt_at (exponential backoff) until it fails for good. The admin reads this log and may replay."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id"), index=True)
    event: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    last_status: Mapped[int | None]
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]

    webhook: Mapped[Webhook] = relationship(back_populates="deliveries")
