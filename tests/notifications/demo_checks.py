"""The demo's notifications."""
from sqlalchemy import select

from pactplatform.extensions import db
from pactplatform.notifications import kinds
from pactplatform.notifications.models import PENDING, Follow, Notification


def notifications_wait_for_the_demo_users(app, output):
    """The demo leaves notifications waiting for its users (issue 13): news of every kind its history holds,
    reminders due today, a follower of the blacklisted firm; old news counts as mailed, today's reminders wait."""
    written = set(db.session.scalars(select(Notification.kind).distinct()))
    assert {kinds.PARTY_INVITED, kinds.CASE_NOTIFIED, kinds.SANCTION_DECIDED, kinds.AUDIT_ASSIGNED,
            kinds.CHANGES_REQUESTED} <= written
    assert written & {kinds.DEADLINE_OVERDUE, kinds.SANCTION_IN_FORCE, kinds.RENEWAL_OPEN, kinds.CERTIFICATE_EXPIRED}
    unread_users = db.session.scalar(select(db.func.count(db.func.distinct(Notification.user_id)))
                                     .where(Notification.read_at.is_(None), Notification.in_app.is_(True)))
    assert unread_users >= 5
    assert db.session.scalar(select(db.func.count(Follow.id))) == 2
    waiting = db.session.scalars(select(Notification).where(Notification.email_state == PENDING)).all()
    assert waiting and all(n.dedup_key for n in waiting)
