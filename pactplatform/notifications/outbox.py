"""Writing notifications into the outbox, in the caller's transaction (never commits).

Each recipient's preference for the kind decides at once what the row is waiting for: the notification centre,
an e-mail (email_state pending), the daily digest, or both. The worker (worker.py) delivers what waits."""
import json
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .models import BOTH, DIGEST, EMAIL, IN_APP, NONE, PENDING, Notification, Preference

DEFAULT_CHANNEL = BOTH


def channels_of(user_ids: list[int], kind: str) -> dict[int, str]:
    rows = db.session.execute(select(Preference.user_id, Preference.channel)
                              .where(Preference.kind == kind, Preference.user_id.in_(user_ids)))
    chosen = dict(rows.all())
    return {user_id: chosen.get(user_id, DEFAULT_CHANNEL) for user_id in user_ids}


def _delivery(channel: str) -> tuple[bool, str]:
    """(shown in the centre, e-mail state) for a channel."""
    if channel == IN_APP:
        return True, NONE
    if channel == EMAIL:
        return False, PENDING
    if channel == DIGEST:
        return True, DIGEST
    return True, PENDING


def dedup_key(kind: str, subject_type: str, subject_id: int, user_id: int, due_on: date | None) -> str:
    return f"{kind}:{subject_type}:{subject_id}:{user_id}:{due_on.isoformat() if due_on else '-'}"


def link_to(endpoint: str, **args) -> dict:
    """Where the notification leads, resolved with url_for when shown (and in e-mails)."""
    return {"endpoint": endpoint, "args": args}


def notify(user_ids, kind: str, subject_type: str, subject_id: int, *, tenant_id: int | None, params: dict,
           link: dict | None, due_on: date | None = None, once: bool = False) -> list[Notification]:
    """One row per recipient (each recipient once). once=True: a reminder keyed by (kind, subject, recipient,
    due date), written at most once however many workers or runs compute it."""
    recipients = sorted({int(u) for u in user_ids if u is not None})
    if not recipients:
        return []
    payload = json.dumps({**params, "link": link}, sort_keys=True, default=str)
    keys = {u: dedup_key(kind, subject_type, subject_id, u, due_on) for u in recipients} if once else {}
    if once:
        taken = set(db.session.scalars(select(Notification.dedup_key)
                                       .where(Notification.dedup_key.in_(list(keys.values())))))
        recipients = [u for u in recipients if keys[u] not in taken]
    channels = channels_of(recipients, kind)
    written = []
    for user_id in recipients:
        in_app, email_state = _delivery(channels[user_id])
        row = Notification(user_id=user_id, tenant_id=tenant_id, kind=kind, subject_type=subject_type,
                           subject_id=subject_id, due_on=due_on, params=payload, dedup_key=keys.get(user_id),
                           in_app=in_app, email_state=email_state)
        if not once:
            db.session.add(row)
            written.append(row)
            continue
        try:
            # Another worker may write the same reminder meanwhile: the unique key refuses the second one.
            with db.session.begin_nested():
                db.session.add(row)
            written.append(row)
        except IntegrityError:
            pass
    if written and not once:
        db.session.flush()
    return written
