"""Reminders computed by the worker from stored dates, on the right day (a moved clock), once each."""
from datetime import date, datetime, time, timedelta

from pactplatform.certification.operations import add_months
from pactplatform.extensions import db
from pactplatform.notifications import kinds, worker
from pactplatform.notifications.operations import follow
from pactplatform.notifications.recipients import monitors, representatives
from tests import factories
from tests.certification.conftest import progressed
from tests.monitoring_fixtures import make_case
from tests.sanctions.helpers import decided

from .conftest import notifications, params, recipients


def at(day: date) -> datetime:
    """Noon in Jakarta on `day`, as the naive UTC the platform keeps."""
    return datetime.combine(day, time(5, 0))


def run(day: date) -> None:
    worker.run_once(at(day))


def test_answer_due_in_three_days_then_overdue(monitored, bureau, outbox_dir):
    case = make_case(bureau, monitored, until="notified")
    due = case.answer_due_on
    run(due - timedelta(days=4))
    assert notifications(kinds.DEADLINE_SOON) == []
    run(due - timedelta(days=3))
    run(due - timedelta(days=2))  # a later run writes nothing more
    assert recipients(kinds.DEADLINE_SOON) == sorted(representatives(bureau["firm_a"].id))
    run(due)
    assert notifications(kinds.DEADLINE_OVERDUE) == []
    run(due + timedelta(days=1))
    run(due + timedelta(days=5))
    people = sorted(representatives(bureau["firm_a"].id) + monitors(monitored.id))
    assert recipients(kinds.DEADLINE_OVERDUE) == people
    assert {n.due_on for n in notifications(kinds.DEADLINE_OVERDUE)} == {due}


def test_a_worker_that_was_down_still_sends_the_reminder(monitored, bureau, outbox_dir):
    case = make_case(bureau, monitored, until="notified")
    run(case.answer_due_on + timedelta(days=9))  # nothing ran for two weeks
    assert notifications(kinds.DEADLINE_OVERDUE)
    assert notifications(kinds.DEADLINE_SOON) == []  # the answer's date is past: overdue says it


def test_objection_window_closing_then_sanction_in_force_then_its_end(monitored, bureau, outbox_dir):
    fan = factories.user()
    follow(fan, "action", monitored.id)
    db.session.commit()
    sanction = decided(bureau, monitored)
    run(sanction.objection_deadline - timedelta(days=4))
    assert notifications(kinds.DEADLINE_SOON) == []
    run(sanction.objection_deadline - timedelta(days=3))
    soon = notifications(kinds.DEADLINE_SOON)
    assert params(soon[0])["what"] == "objection" and len(soon) == len(representatives(bureau["firm_a"].id))
    run(sanction.force_from - timedelta(days=1))
    assert notifications(kinds.SANCTION_IN_FORCE) == []
    run(sanction.force_from)
    run(sanction.force_from + timedelta(days=1))
    assert recipients(kinds.SANCTION_IN_FORCE) == sorted(representatives(bureau["firm_a"].id))
    run(sanction.force_until - timedelta(days=1))
    assert [params(n)["change"] for n in notifications(kinds.FOLLOWED)] == ["sanctioned"]
    run(sanction.force_until)
    run(sanction.force_until + timedelta(days=2))
    assert [params(n)["change"] for n in notifications(kinds.FOLLOWED)] == ["sanctioned", "sanction_expired"]


def test_renewal_window_opens_then_the_certificate_expires(body, outbox_dir):
    from pactplatform.certification.models import Certificate

    progressed(body, "granted")
    certificate = db.session.query(Certificate).execution_options(all_tenants=True).one()
    fan = factories.user()
    follow(fan, "organisation", body["firm"].id)
    db.session.commit()
    months = certificate.scheme_version.definition["renewal_window_months"]
    opens = add_months(certificate.expires_on, -months)
    run(opens - timedelta(days=1))
    assert notifications(kinds.RENEWAL_OPEN) == []
    run(opens)
    run(opens + timedelta(days=3))
    assert recipients(kinds.RENEWAL_OPEN) == sorted(representatives(body["firm"].id))
    run(certificate.expires_on - timedelta(days=1))
    assert notifications(kinds.CERTIFICATE_EXPIRED) == []
    run(certificate.expires_on)
    run(certificate.expires_on + timedelta(days=1))
    assert recipients(kinds.CERTIFICATE_EXPIRED) == sorted(representatives(body["firm"].id))
    expired = [n for n in notifications(kinds.FOLLOWED) if params(n)["change"] == "expired"]
    assert [n.user_id for n in expired] == [fan.id]
