"""Reads for the notification centre, the preferences page, follow buttons and the webhooks page."""
from sqlalchemy import func, select

from ..extensions import db
from .models import Follow, Notification, Preference, Webhook, WebhookDelivery

PAGE_SIZE = 30


def unread_count(user_id: int) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user_id, Notification.in_app.is_(True), Notification.read_at.is_(None))) or 0


def page(user_id: int, before: int | None = None) -> tuple[list[Notification], int | None]:
    """Newest first, by keyset (the last id shown); returns the rows and the key of the next page."""
    query = select(Notification).where(Notification.user_id == user_id, Notification.in_app.is_(True))
    if before is not None:
        query = query.where(Notification.id < before)
    rows = db.session.scalars(query.order_by(Notification.id.desc()).limit(PAGE_SIZE + 1)).all()
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return rows, (rows[-1].id if more else None)


def preferences(user_id: int) -> dict[str, str]:
    return dict(db.session.execute(select(Preference.kind, Preference.channel)
                                   .where(Preference.user_id == user_id)).all())


def follows(user_id: int, target_type: str, target_id: int) -> bool:
    return db.session.scalar(select(Follow.id).where(Follow.user_id == user_id, Follow.target_type == target_type,
                                                     Follow.target_id == target_id)) is not None


def webhooks() -> list[Webhook]:
    """The current tenant's webhooks (tenant scoping adds the tenant)."""
    return list(db.session.scalars(select(Webhook).where(Webhook.active.is_(True)).order_by(Webhook.id)))


def webhook(webhook_id: int) -> Webhook | None:
    return db.session.scalar(select(Webhook).where(Webhook.id == webhook_id, Webhook.active.is_(True)))


def deliveries(webhook_id: int, limit: int = 50) -> list[WebhookDelivery]:
    return list(db.session.scalars(select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id)
                                   .order_by(WebhookDelivery.id.desc()).limit(limit)))


def delivery(webhook_id: int, delivery_id: int) -> WebhookDelivery | None:
    return db.session.scalar(select(WebhookDelivery).where(WebhookDelivery.id == delivery_id,
                                                           WebhookDelivery.webhook_id == webhook_id))
