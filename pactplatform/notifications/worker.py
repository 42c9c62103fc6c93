"""The worker: computes reminders, then delivers what waits in the outbox (e-mails, daily digests, webhooks).

Run as `flask notifications work` (a loop) or `--once`. Several workers may run at once on PostgreSQL: each
claims its batch with SELECT … FOR UPDATE SKIP LOCKED, so they never take the same rows. On SQLite there is one
writer at a time: a claim is a conditional UPDATE (… WHERE state = 'pending'), which takes the database's write
lock, so a second worker claims nothing twice either.

Delivery state machine (per e-mail, per webhook delivery): pending → sending (claimed and committed before the
attempt) → sent. A worker that dies between the send and the mark leaves the row in `sending`; no other worker
touches it until its lease (NOTIFICATIONS_LEASE_SECONDS) has run out, and then it is sent again with the same
idempotency key (the e-mail's Message-ID, the webhook's X-PactPlatform-Delivery header), so the receiver can
drop the repeat and the development outbox rewrites the same .eml file. Delivery is at least once, recognisably
the same message: exactly once for any receiver that honours the key.
"""
import json
import signal
import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select, text, update

from ..accounts import notices
from ..extensions import db
from ..monitoring import clock
from ..reports import retention as report_retention
from . import kinds, links, reminders, webhooks
from .models import DIGEST, FAILED, NONE, PENDING, SENDING, SENT, Notification, WebhookDelivery

DIGESTING = "digesting"
EMAIL_MAX_ATTEMPTS = 5
EMAIL_RETRY = timedelta(minutes=1)
ALL = {"all_tenants": True}


def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _claim(model, state_column, claimed_column, ready, new_state: str, now: datetime, limit: int,
           options: dict | None = None) -> list[int]:
    """Take up to `limit` ready rows for this worker and commit the claim."""
    query = select(model.id).where(ready).order_by(model.id).limit(limit)
    if options:
        query = query.execution_options(**options)
    if _postgres():
        query = query.with_for_update(skip_locked=True)
    else:
        # SQLite: take the database's write lock before reading (as ledger/operations.py does), so two workers
        # queue for it instead of both reading and one failing to upgrade its lock ("database is locked").
        db.session.execute(text(f"UPDATE {model.__tablename__} SET id = id WHERE 1 = 0"))
    claimed = []
    for row_id in db.session.scalars(query).all():
        statement = (update(model).where(model.id == row_id, ready)
                     .values({state_column: new_state, claimed_column: now}))
        if options:
            statement = statement.execution_options(**options, synchronize_session=False)
        else:
            statement = statement.execution_options(synchronize_session=False)
        if db.session.execute(statement).rowcount == 1:
            claimed.append(row_id)
    db.session.commit()
    return claimed


def _lease(now: datetime) -> datetime:
    return now - timedelta(seconds=current_app.config["NOTIFICATIONS_LEASE_SECONDS"])


# E-mail ------------------------------------------------------------------------------------------------------

def message_id(notification: Notification) -> str:
    return f"<notification-{notification.id}@pactplatform>"


def _locale(user) -> str:
    return user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]


def _external(link: dict | None) -> str | None:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    with current_app.test_request_context("/", base_url=base):
        path = links.path_of(link)
    return base + path if path else None


def text_of(notification: Notification) -> tuple[str, str | None]:
    params = json.loads(notification.params)
    return kinds.render(notification.kind, params), _external(params.get("link"))


def compose(notification: Notification) -> tuple[str, str]:
    """(subject, body) in the recipient's language."""
    with force_locale(_locale(notification.user)):
        text, link = text_of(notification)
        body = text + ("\n\n" + link if link else "")
        body += "\n\n" + _("You receive this because of your notification settings on PactPlatform; change them "
                           "on your notifications page.")
        return _("PactPlatform: %(text)s", text=text[:150]), body


def mark_sent(notification_ids: list[int], now: datetime) -> None:
    """The step after a successful send (tests make it fail to simulate a crash between the two)."""
    db.session.execute(update(Notification).where(Notification.id.in_(notification_ids))
                       .values(email_state=SENT, email_sent_at=now, email_error="")
                       .execution_options(synchronize_session=False))
    db.session.commit()


def _emailable(user) -> bool:
    return user.active and user.email_verified


def _email_failed(notification: Notification, error: Exception, now: datetime) -> None:
    notification.email_attempts += 1
    notification.email_error = str(error)[:500]
    notification.email_claimed_at = now
    notification.email_state = FAILED if notification.email_attempts >= EMAIL_MAX_ATTEMPTS else PENDING
    db.session.commit()


def deliver_emails(now: datetime) -> int:
    ready = or_(and_(Notification.email_state == PENDING,
                     or_(Notification.email_claimed_at.is_(None), Notification.email_claimed_at <= now - EMAIL_RETRY)),
                and_(Notification.email_state == SENDING, Notification.email_claimed_at <= _lease(now)))
    sent = 0
    for row_id in _claim(Notification, "email_state", "email_claimed_at", ready, SENDING, now,
                         current_app.config["NOTIFICATIONS_BATCH"]):
        notification = db.session.get(Notification, row_id)
        if not _emailable(notification.user):
            notification.email_state, notification.email_error = NONE, "address not confirmed or account inactive"
            db.session.commit()
            continue
        subject, body = compose(notification)
        try:
            notices.send(notification.user.email, subject, body, message_id=message_id(notification))
        except Exception as error:  # any transport failure: retried later, up to EMAIL_MAX_ATTEMPTS
            db.session.rollback()
            _email_failed(db.session.get(Notification, row_id), error, now)
            continue
        mark_sent([row_id], now)
        sent += 1
    return sent


def _digest_due(now: datetime) -> datetime | None:
    """The start of today (local), as naive UTC, once the digest hour has come; digests take what came before."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Jakarta"))
    local = now.replace(tzinfo=timezone.utc).astimezone(zone)
    if local.hour < current_app.config["NOTIFICATIONS_DIGEST_HOUR"]:
        return None
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.astimezone(timezone.utc).replace(tzinfo=None)


def deliver_digests(now: datetime) -> int:
    cutoff = _digest_due(now)
    if cutoff is None:
        return 0
    ready = and_(Notification.created_at < cutoff,
                 or_(Notification.email_state == DIGEST,
                     and_(Notification.email_state == DIGESTING, Notification.email_claimed_at <= _lease(now))))
    user_ids = db.session.scalars(select(Notification.user_id).where(ready).distinct()).all()
    sent = 0
    for user_id in user_ids:
        ids = _claim(Notification, "email_state", "email_claimed_at", and_(ready, Notification.user_id == user_id),
                     DIGESTING, now, 500)
        if not ids:
            continue
        rows = db.session.scalars(select(Notification).where(Notification.id.in_(ids)).order_by(Notification.id)).all()
        user = rows[0].user
        if not _emailable(user):
            mark_sent(ids, now)
            continue
        with force_locale(_locale(user)):
            lines = []
            for row in rows:
                text, link = text_of(row)
                lines.append("- " + text + (f"\n  {link}" if link else ""))
            subject = _("PactPlatform: your daily digest (%(count)d)", count=len(rows))
            body = "\n\n".join(lines)
        day = cutoff.date().isoformat()
        notices.send(user.email, subject, body, message_id=f"<digest-{user.id}-{day}-{ids[0]}@pactplatform>")
        mark_sent(ids, now)
        sent += 1
    return sent


# Webhooks ----------------------------------------------------------------------------------------------------

def deliver_webhooks(now: datetime) -> int:
    ready = or_(and_(WebhookDelivery.state == PENDING, WebhookDelivery.next_attempt_at <= now),
                and_(WebhookDelivery.state == SENDING, WebhookDelivery.claimed_at <= _lease(now)))
    done = 0
    for row_id in _claim(WebhookDelivery, "state", "claimed_at", ready, SENDING, now,
                         current_app.config["NOTIFICATIONS_BATCH"], options=ALL):
        delivery = db.session.scalars(select(WebhookDelivery).where(WebhookDelivery.id == row_id)
                                      .execution_options(**ALL)).one()
        if not delivery.webhook.active:  # removed since the event: nothing more is sent to it
            delivery.state, delivery.claimed_at, delivery.last_error = FAILED, None, "webhook removed"
            db.session.commit()
            continue
        status, error = webhooks.post(delivery)
        webhooks.record(delivery, status, error, now)
        db.session.commit()
        done += 1
    return done


# The loop ------------------------------------------------------------------------------------------------------

def run_once(now: datetime | None = None) -> dict:
    now = now or clock.now()
    reminders.compute(_local_date(now))
    # Closed anonymous reports past their retention: the warning rows it publishes are delivered below.
    report_retention.run(now)
    db.session.commit()
    return {"emails": deliver_emails(now), "digests": deliver_digests(now), "webhooks": deliver_webhooks(now)}


def _local_date(now: datetime):
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Jakarta"))
    return now.replace(tzinfo=timezone.utc).astimezone(zone).date()


def work(interval: float, once: bool = False) -> None:
    stopping = []
    if not once:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stopping.append(True))
    while True:
        try:
            counts = run_once()
            if any(counts.values()):
                current_app.logger.info("notifications: %s", counts)
        except Exception:
            db.session.rollback()
            if once:
                raise
            current_app.logger.exception("notifications worker pass failed; retrying after the interval")
        finally:
            db.session.remove()
        if once:
            return
        slept = 0.0
        while slept < interval and not stopping:
            time.sleep(0.5)
            slept += 0.5
        if stopping:
            return
