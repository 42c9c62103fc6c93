"""The worker's deliveries to real receivers on loopback: e-mail over SMTP (aiosmtpd) in the recipient's
language, the development outbox, the daily digest, a crash between send and mark, and signed webhooks."""
import hashlib
import hmac
import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from pactplatform import events
from pactplatform.extensions import db
from pactplatform.notifications import kinds, webhooks, worker
from pactplatform.notifications.models import (
    DELIVERED, DIGEST, FAILED, PENDING, SENDING, SENT, Notification, Preference, WebhookDelivery,
)
from pactplatform.notifications.outbox import link_to, notify
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories

NOW = datetime(2026, 7, 1, 3, 0, 0)  # 10:00 in Jakarta


@pytest.fixture
def people(app_ctx):
    english = factories.user(name="Ann", email="ann@example.org", locale="en")
    indonesian = factories.user(name="Budi", email="budi@example.org", locale="id")
    tenant = factories.tenant(english, slug="dinas")
    return {"en": english, "id": indonesian, "tenant": tenant}


def _notify(people, *users, kind=kinds.CASE_NOTIFIED):
    rows = notify([u.id for u in users], kind, "violation_case", 1, tenant_id=people["tenant"].id,
                  params={"organisation": "PT Alpha", "action": "Pakta Jalan", "due": "2026-07-11"},
                  link=link_to("monitoring.show", tenant_slug="dinas", case_id=1))
    db.session.commit()
    return rows


def test_email_reaches_a_real_smtp_server_in_each_recipients_language(people, smtp_server):
    _notify(people, people["en"], people["id"])
    assert worker.run_once(NOW)["emails"] == 2
    by_address = {m["To"]: m for m in smtp_server}
    english, indonesian = by_address["ann@example.org"], by_address["budi@example.org"]
    assert "PT Alpha" in english["Subject"] and "answer by 2026-07-11" in english["Subject"]
    assert "jawab" in indonesian.get_content().lower() and indonesian["Subject"] != english["Subject"]
    assert "http://127.0.0.1:5000/t/dinas/cases/1" in english.get_content()
    assert english["Message-ID"].startswith("<notification-")
    assert worker.run_once(NOW)["emails"] == 0
    assert {n.email_state for n in db.session.scalars(select(Notification))} == {SENT}


def test_without_smtp_the_email_is_written_to_the_outbox(people, outbox_dir):
    _notify(people, people["en"])
    worker.run_once(NOW)
    files = list(outbox_dir.glob("*.eml"))
    assert len(files) == 1 and b"To: ann@example.org" in files[0].read_bytes()


def _crash_once(monkeypatch):
    real = worker.mark_sent

    def crash(*args, **kwargs):
        monkeypatch.setattr(worker, "mark_sent", real)
        raise RuntimeError("the worker died after sending, before marking")

    monkeypatch.setattr(worker, "mark_sent", crash)


def test_a_crash_between_send_and_mark_sends_no_duplicate(people, smtp_server, monkeypatch, app):
    [row] = _notify(people, people["en"])
    _crash_once(monkeypatch)
    with pytest.raises(RuntimeError):
        worker.run_once(NOW)
    db.session.rollback()
    assert db.session.get(Notification, row.id).email_state == SENDING  # claimed, never marked
    worker.run_once(NOW + timedelta(minutes=1))  # another worker, within the claim's lease: leaves it alone
    assert len(smtp_server) == 1
    # After the lease the message is sent again under the same Message-ID: the idempotency key a receiver
    # drops repeats by. Exactly one distinct message, however the crash fell.
    worker.run_once(NOW + timedelta(seconds=app.config["NOTIFICATIONS_LEASE_SECONDS"] + 1))
    assert len({m["Message-ID"] for m in smtp_server}) == 1
    assert db.session.get(Notification, row.id).email_state == SENT
    worker.run_once(NOW + timedelta(days=1))
    assert len(smtp_server) == 2


def test_a_crash_leaves_one_file_in_the_outbox(people, outbox_dir, monkeypatch, app):
    _notify(people, people["en"])
    _crash_once(monkeypatch)
    with pytest.raises(RuntimeError):
        worker.run_once(NOW)
    db.session.rollback()
    worker.run_once(NOW + timedelta(seconds=app.config["NOTIFICATIONS_LEASE_SECONDS"] + 1))
    assert len(list(outbox_dir.glob("*.eml"))) == 1


def test_a_failing_server_is_retried_then_given_up(people, app, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", 9)  # nothing listens on the discard port
    monkeypatch.setitem(app.config, "SMTP_TLS", "none")
    [row] = _notify(people, people["en"])
    for minute in range(worker.EMAIL_MAX_ATTEMPTS):
        worker.run_once(NOW + timedelta(minutes=2 * minute))
    row = db.session.get(Notification, row.id)
    assert row.email_state == FAILED and row.email_attempts == worker.EMAIL_MAX_ATTEMPTS and row.email_error


def test_daily_digest_gathers_the_previous_day_once(people, smtp_server):
    db.session.add(Preference(user_id=people["id"].id, kind=kinds.CASE_NOTIFIED, channel=DIGEST))
    db.session.commit()
    rows = _notify(people, people["id"]) + _notify(people, people["id"])
    for row in rows:
        row.created_at = NOW
    db.session.commit()
    assert {r.email_state for r in rows} == {DIGEST}
    worker.run_once(NOW + timedelta(hours=1))  # the same day: the digest waits for tomorrow morning
    assert smtp_server == []
    tomorrow_early = datetime(2026, 7, 1, 22, 0)  # 05:00 in Jakarta, before the digest hour
    worker.run_once(tomorrow_early)
    assert smtp_server == []
    worker.run_once(tomorrow_early + timedelta(hours=3))
    worker.run_once(tomorrow_early + timedelta(hours=4))
    assert len(smtp_server) == 1
    digest = smtp_server[0]
    assert digest["To"] == "budi@example.org" and "(2)" in digest["Subject"]
    assert digest.get_content().count("PT Alpha") == 2


def _verify(secret: str, request: dict) -> bool:
    headers = request["headers"]
    expected = "sha256=" + hmac.new(secret.encode(), headers[webhooks.TIMESTAMP_HEADER].encode() + b"." +
                                    request["body"], hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers[webhooks.SIGNATURE_HEADER])


def test_webhook_is_signed_retried_with_backoff_and_replayed(people, receiver, app, monkeypatch):
    monkeypatch.setitem(app.config, "CLOCK_NOW", NOW)
    tenant, admin = people["tenant"], people["en"]
    with tenant_scope(tenant.id):
        hook = webhooks.register(tenant, admin, receiver["url"], ["monitoring_report"])
    db.session.commit()

    class Subject:
        __tablename__ = "monitoring_reports"
        id, tenant_id = 5, tenant.id

    events.publish("monitoring_report.published", Subject(), tenant.id)
    events.publish("signature.withdrawn", Subject(), tenant.id)  # a family the hook did not choose
    db.session.commit()
    receiver["answers"].append(500)
    worker.run_once(NOW)
    delivery = db.session.scalars(select(WebhookDelivery).execution_options(all_tenants=True)).one()
    assert delivery.state == PENDING and delivery.attempts == 1 and delivery.last_status == 500
    assert delivery.next_attempt_at == NOW + webhooks.backoff(1)
    worker.run_once(NOW + timedelta(seconds=10))  # before the backoff: nothing
    assert len(receiver["received"]) == 1
    worker.run_once(NOW + webhooks.backoff(1))
    assert len(receiver["received"]) == 2
    db.session.refresh(delivery)
    assert delivery.state == DELIVERED and delivery.attempts == 2
    for request in receiver["received"]:
        assert _verify(hook.secret, request) and webhooks.verify(
            hook.secret, request["headers"][webhooks.TIMESTAMP_HEADER], request["body"],
            request["headers"][webhooks.SIGNATURE_HEADER])
        assert request["headers"][webhooks.DELIVERY_HEADER] == str(delivery.id)
    payload = json.loads(receiver["received"][-1]["body"])
    assert payload == {"id": delivery.id, "event": "monitoring_report.published", "tenant": "dinas",
                       "subject": {"type": "monitoring_reports", "id": 5}, "occurred_at": payload["occurred_at"]}
    assert not _verify("another secret", receiver["received"][-1])
    monkeypatch.setitem(app.config, "CLOCK_NOW", NOW + timedelta(hours=1))
    webhooks.replay(delivery)
    db.session.commit()
    worker.run_once(NOW + timedelta(hours=1))
    assert len(receiver["received"]) == 3
    assert receiver["received"][-1]["body"] == receiver["received"][-2]["body"]


def test_parallel_workers_send_each_email_once(people, outbox_dir, app, monkeypatch):
    """Three workers at once (threads with their own sessions and connections): SKIP LOCKED on PostgreSQL,
    the write lock and conditional claims on SQLite; every e-mail sent once, none twice."""
    import threading

    monkeypatch.setitem(app.config, "NOTIFICATIONS_BATCH", 2)  # small batches: the workers claim side by side
    for _ in range(4):
        _notify(people, people["en"], people["id"])
    db.session.remove()
    sent_by_workers = []
    errors = []

    def one_worker():
        try:
            with app.app_context():
                while (sent := worker.deliver_emails(NOW)):
                    sent_by_workers.append(sent)
                db.session.remove()
        except Exception as error:  # reported below, with the thread's error
            errors.append(error)

    threads = [threading.Thread(target=one_worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = db.session.scalars(select(Notification)).all()
    assert len(rows) == 8 and {r.email_state for r in rows} == {SENT}
    assert len(list(outbox_dir.glob("*.eml"))) == 8 and sum(sent_by_workers) == 8


def test_the_worker_command_runs_one_pass(people, outbox_dir, app):
    _notify(people, people["en"])
    result = app.test_cli_runner().invoke(args=["notifications", "work", "--once"])
    assert result.exit_code == 0, result.output
    assert len(list(outbox_dir.glob("*.eml"))) == 1


def test_nothing_is_sent_to_a_removed_webhook(people, receiver, app, monkeypatch):
    monkeypatch.setitem(app.config, "CLOCK_NOW", NOW)
    tenant = people["tenant"]
    with tenant_scope(tenant.id):
        hook = webhooks.register(tenant, people["en"], receiver["url"], ["monitoring_report"])

    class Subject:
        __tablename__ = "monitoring_reports"
        id, tenant_id = 6, tenant.id

    events.publish("monitoring_report.published", Subject(), tenant.id)
    webhooks.remove(hook)
    db.session.commit()
    worker.run_once(NOW)
    delivery = db.session.scalars(select(WebhookDelivery).execution_options(all_tenants=True)).one()
    assert receiver["received"] == [] and delivery.state == FAILED and delivery.last_error == "webhook removed"
