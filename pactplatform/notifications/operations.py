"""Writes a user makes on their own notifications (never commits): read marks, channel choices, follows."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from ..errors import OperationError
from ..extensions import db
from ..timeutil import utcnow
from . import kinds
from .models import CHANNELS, TARGET_TYPES, Follow, Notification, Preference


def mark_read(user, notification_id: int) -> Notification | None:
    row = db.session.scalar(select(Notification).where(Notification.id == notification_id,
                                                       Notification.user_id == user.id))
    if row is not None and row.read_at is None:
        row.read_at = utcnow()
    return row


def mark_all_read(user) -> int:
    result = db.session.execute(update(Notification).where(Notification.user_id == user.id,
                                                           Notification.read_at.is_(None))
                                .values(read_at=utcnow()).execution_options(synchronize_session=False))
    return result.rowcount


def set_preferences(user, choices: dict[str, str]) -> None:
    for kind, channel in choices.items():
        if kinds.get(kind) is None or channel not in CHANNELS:
            raise OperationError(_l("Choose one of the listed options."), field=kind)
    existing = {p.kind: p for p in db.session.scalars(select(Preference).where(Preference.user_id == user.id))}
    for kind, channel in choices.items():
        if kind in existing:
            existing[kind].channel = channel
        else:
            db.session.add(Preference(user_id=user.id, kind=kind, channel=channel))
    db.session.flush()


def target_exists(target_type: str, target_id: int) -> bool:
    """Only what has a public page can be followed."""
    from ..actions.models import DRAFT, CollectiveAction
    from ..orgs.models import Organisation
    from ..tenancy.models import Tenant

    if target_type == "organisation":
        return db.session.get(Organisation, target_id) is not None
    if target_type == "tenant":
        return db.session.get(Tenant, target_id) is not None
    if target_type == "action":
        action = db.session.scalar(select(CollectiveAction).where(CollectiveAction.id == target_id)
                                   .execution_options(all_tenants=True))
        return action is not None and action.status != DRAFT
    return False


def follow(user, target_type: str, target_id: int) -> Follow:
    if target_type not in TARGET_TYPES or not target_exists(target_type, target_id):
        raise OperationError(_l("There is nothing to follow here."))
    row = db.session.scalar(select(Follow).where(Follow.user_id == user.id, Follow.target_type == target_type,
                                                 Follow.target_id == target_id))
    if row is None:
        row = Follow(user_id=user.id, target_type=target_type, target_id=target_id)
        db.session.add(row)
        db.session.flush()
    return row


def unfollow(user, target_type: str, target_id: int) -> None:
    db.session.execute(delete(Follow).where(Follow.user_id == user.id, Follow.target_type == target_type,
                                            Follow.target_id == target_id))
