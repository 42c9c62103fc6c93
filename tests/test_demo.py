from sqlalchemy import select

from pactplatform.accounts.models import User
from pactplatform.actions import policies, verification
from pactplatform.actions.models import CollectiveAction
from pactplatform.demo import DEMO_PASSWORD, SIGNING_PASSPHRASE
from pactplatform.extensions import db
from pactplatform.orgs.models import Organisation
from pactplatform.tenancy import roles
from pactplatform.tenancy.models import Membership, Tenant


def test_demo_builds_a_living_portal_and_prints_logins(app, app_ctx):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert DEMO_PASSWORD in result.output and "admin@ukpbj-jateng.pactdemo.id" in result.output
    assert SIGNING_PASSPHRASE in result.output
    assert db.session.scalar(select(db.func.count(Tenant.id))) >= 2
    assert db.session.scalar(select(db.func.count(Organisation.id))) >= 12
    held = set(db.session.scalars(select(Membership.role)))
    assert held == set(roles.ROLES)
    _notifications_wait()  # checked on this demo run rather than a run of its own: a demo load takes seconds
    again = app.test_cli_runner().invoke(args=["demo", "--if-empty"])
    assert again.exit_code == 0 and "not loaded" in again.output
    assert db.session.scalar(select(db.func.count(User.id))) == len(set(db.session.scalars(select(User.email))))


def test_demo_holds_every_kind_of_action_really_signed_and_all_logged(app, app_ctx):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    actions = db.session.scalars(select(CollectiveAction).execution_options(all_tenants=True)).all()
    assert {a.kind for a in actions} == set(policies.KINDS)
    assert any(a.upgraded_from_id for a in actions)
    pact = next(a for a in actions if a.kind == "integrity_pact" and a.status == "active")
    assert sum(p.role == "bidder" for p in pact.parties) >= 3 and any(p.role == "subcontractor" for p in pact.parties)
    for signature in pact.signatures:
        assert verification.check_signature(signature)["ok"]
    verified = app.test_cli_runner().invoke(args=["ledger", "verify"])
    assert verified.exit_code == 0, verified.output


def _notifications_wait():
    """The demo leaves notifications waiting for its users (issue 13): news of every kind its history holds,
    reminders due today, a follower of the blacklisted firm; old news counts as mailed, today's reminders wait."""
    from pactplatform.notifications import kinds
    from pactplatform.notifications.models import PENDING, Follow, Notification

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
