"""Each notification kind is written once by its event, in the event's transaction, for the right people."""
from datetime import timedelta

from pactplatform import events
from pactplatform.actions import operations as actions
from pactplatform.extensions import db
from pactplatform.notifications import kinds
from pactplatform.notifications.models import BOTH, PENDING
from pactplatform.notifications.operations import follow
from pactplatform.notifications.recipients import representatives
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.action_fixtures import party_of
from tests.certification.conftest import progressed
from tests.monitoring_fixtures import NOW, make_case
from tests.sanctions.helpers import decided

from .conftest import notifications, params, recipients


def test_adding_a_party_invites_its_representatives_once(pact, bureau):
    reps_a = representatives(bureau["firm_a"].id)
    invited = [n for n in notifications(kinds.PARTY_INVITED) if params(n)["organisation"] == "PT Alpha"]
    assert sorted(n.user_id for n in invited) == sorted(reps_a)
    assert all(n.email_state == PENDING and n.in_app for n in invited)  # the default channel: both
    assert params(invited[0])["action"] == "Pakta Jalan Desa"


def test_a_new_version_asks_earlier_signatories_to_sign_again(pact, bureau):
    with tenant_scope(bureau["tenant"].id):
        actions.sign(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]), factories.SIGNING_PASSPHRASE)
        actions.revise_document(pact, bureau["officer"], pact.current_version.body + "\nPasal baru.", "Tambahan")
    db.session.commit()
    assert recipients(kinds.RESIGN_NEEDED) == sorted(representatives(bureau["firm_a"].id))


def test_a_notified_case_tells_the_respondent_its_deadline_and_the_decision_follows(monitored, bureau):
    case = make_case(bureau, monitored, until="confirmed")
    notified = notifications(kinds.CASE_NOTIFIED)
    assert sorted(n.user_id for n in notified) == sorted(representatives(bureau["firm_a"].id))
    assert notified[0].due_on == (NOW + timedelta(days=10)).date() == case.answer_due_on
    decided_rows = notifications(kinds.CASE_DECIDED)
    assert len(decided_rows) == len(notified) and params(decided_rows[0])["decision"] == "Violation confirmed"


def test_a_decided_sanction_tells_the_respondent_and_the_followers(monitored, bureau):
    fan = factories.user(name="Pengikut")
    follow(fan, "organisation", bureau["firm_a"].id)
    follow(fan, "tenant", bureau["tenant"].id)  # followed twice over: told once
    db.session.commit()
    sanction = decided(bureau, monitored)
    rows = notifications(kinds.SANCTION_DECIDED)
    assert sorted(n.user_id for n in rows) == sorted(representatives(bureau["firm_a"].id))
    assert rows[0].due_on == sanction.objection_deadline
    followed = notifications(kinds.FOLLOWED)
    assert [n.user_id for n in followed] == [fan.id] and params(followed[0])["change"] == "sanctioned"


def test_audit_assignment_and_changes_requested(body):
    application = progressed(body, "changes_requested")
    assert recipients(kinds.AUDIT_ASSIGNED) == [body["auditor"].id]
    rows = notifications(kinds.CHANGES_REQUESTED)
    assert sorted(n.user_id for n in rows) == sorted(representatives(body["firm"].id))
    assert rows[0].due_on == application.changes_due_on


def test_followers_hear_of_signatures_and_certificates(body, pact, bureau):
    fan = factories.user(name="Pengikut")
    follow(fan, "action", pact.id)
    follow(fan, "organisation", body["firm"].id)
    db.session.commit()
    with tenant_scope(bureau["tenant"].id):
        actions.sign(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]), factories.SIGNING_PASSPHRASE)
    db.session.commit()
    progressed(body, "granted")
    changes = [params(n)["change"] for n in notifications(kinds.FOLLOWED)]
    assert changes == ["signed", "certified"]


class Report:
    """A stand-in subject for the reports domain's events (built on another branch): an id and a tenant."""

    def __init__(self, id_, tenant_id):
        self.id, self.tenant_id = id_, tenant_id


def test_report_events_reach_their_recipients(app_ctx):
    monitor, recipient = factories.user(), factories.user()
    tenant = factories.tenant(monitor)
    for event, kind in (("report.filed", kinds.REPORT_FILED), ("report.reply", kinds.REPORT_REPLY),
                        ("report.retention_warning", kinds.REPORT_RETENTION)):
        events.publish(event, Report(7, tenant.id), tenant.id, recipients=[monitor.id, recipient.id],
                       url=f"/t/{tenant.slug}/reports/7")
        assert recipients(kind) == sorted([monitor.id, recipient.id])
        assert params(notifications(kind)[0])["link"] == {"path": f"/t/{tenant.slug}/reports/7"}


def test_a_rolled_back_operation_leaves_no_notification(pact, bureau):
    before = len(notifications())
    with tenant_scope(bureau["tenant"].id):
        actions.add_party(pact, bureau["officer"], factories.organisation(factories.user()).id, "bidder")
    db.session.rollback()
    assert len(notifications()) == before
    assert BOTH == "both"
