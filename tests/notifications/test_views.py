"""The notification centre, preferences, follow buttons and a tenant admin's webhook pages, in the browser's
terms (a test client), in Indonesian by default."""
from sqlalchemy import select

from pactplatform.extensions import db
from pactplatform.notifications import kinds
from pactplatform.notifications.models import EMAIL, Follow, Notification, Preference, Webhook, WebhookDelivery
from pactplatform.notifications.outbox import link_to, notify
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.conftest import login, post


def _two(person, tenant):
    rows = [notify([person.id], kinds.CASE_NOTIFIED, "violation_case", n, tenant_id=tenant.id,
                   params={"organisation": "PT Alpha", "action": f"Pakta {n}", "due": "2026-07-11"},
                   link=link_to("tenancy.dashboard", tenant_slug=tenant.slug))[0] for n in (1, 2)]
    db.session.commit()
    return rows


def test_centre_shows_unread_count_marks_read_and_all_read(app_ctx, client):
    person = factories.user()
    tenant = factories.tenant(person)
    first, second = _two(person, tenant)
    login(client, person.email)
    page = client.get("/notifications").get_data(as_text=True)
    assert 'data-testid="unread-count">2<' in page
    assert "Kasus pelanggaran pada Pakta 1 diberitahukan kepada PT Alpha" in page
    response = post(client, f"/notifications/{first.id}/read", {"open": "1"}, token_from="/notifications")
    assert response.status_code == 302 and response.headers["Location"] == f"/t/{tenant.slug}/"
    assert 'data-testid="unread-count">1<' in client.get("/notifications").get_data(as_text=True)
    post(client, "/notifications/read-all", token_from="/notifications")
    assert 'data-testid="unread-count"' not in client.get("/notifications").get_data(as_text=True)
    db.session.expire_all()
    assert all(n.read_at is not None for n in db.session.scalars(select(Notification)))


def test_someone_elses_notification_is_not_found(app_ctx, client):
    owner, other = factories.user(), factories.user()
    [row, _] = _two(owner, factories.tenant(owner))
    login(client, other.email)
    assert post(client, f"/notifications/{row.id}/read", token_from="/notifications").status_code == 404
    assert "PT Alpha" not in client.get("/notifications").get_data(as_text=True)


def test_preferences_are_saved_per_kind(app_ctx, client):
    person = factories.user()
    login(client, person.email)
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert "Tenggat dalam 3 hari" in page
    data = {kind.name: "both" for kind in kinds.all_kinds()}
    data[kinds.DEADLINE_SOON] = EMAIL
    assert post(client, "/notifications/preferences", data, token_from="/notifications/preferences").status_code == 302
    saved = dict(db.session.execute(select(Preference.kind, Preference.channel)
                                    .where(Preference.user_id == person.id)).all())
    assert saved[kinds.DEADLINE_SOON] == EMAIL and saved[kinds.CASE_NOTIFIED] == "both"
    row = notify([person.id], kinds.DEADLINE_SOON, "violation_case", 1, tenant_id=None, params={}, link=None)[0]
    assert not row.in_app and row.email_state == "pending"


def test_follow_and_unfollow_an_organisation_from_its_page(app_ctx, client):
    person = factories.user()
    firm = factories.organisation(factories.user(), name="PT Diikuti")
    login(client, person.email)
    page = client.get(f"/orgs/{firm.id}").get_data(as_text=True)
    assert "Ikuti PT Diikuti" in page
    response = post(client, f"/follow/organisation/{firm.id}", {"next": f"/orgs/{firm.id}"}, token_from=f"/orgs/{firm.id}")
    assert response.headers["Location"] == f"/orgs/{firm.id}"
    assert "Berhenti mengikuti PT Diikuti" in client.get(f"/orgs/{firm.id}").get_data(as_text=True)
    assert db.session.scalar(select(Follow.target_id).where(Follow.user_id == person.id)) == firm.id
    post(client, f"/unfollow/organisation/{firm.id}", {"next": "//evil.example"}, token_from=f"/orgs/{firm.id}")
    assert db.session.scalar(select(Follow.id)) is None
    assert post(client, "/follow/organisation/999999", token_from="/notifications").status_code == 404


def test_admin_registers_a_webhook_reads_its_log_and_replays(app_ctx, client, app, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOWED_HOSTS", ("127.0.0.1",))
    admin = factories.user()
    tenant = factories.tenant(admin, slug="biro")
    login(client, admin.email)
    base = "/t/biro/webhooks/"
    refused = post(client, base, {"url": "ftp://127.0.0.1/x", "kinds": ["sanction"]}, token_from=base)
    assert refused.status_code == 422 and "Berikan alamat http:// atau https://." in refused.get_data(as_text=True)
    private = post(client, base, {"url": "http://10.1.2.3/hook", "kinds": ["sanction"]}, token_from=base)
    assert private.status_code == 422 and "jaringan privat" in private.get_data(as_text=True)
    created = post(client, base, {"url": "http://127.0.0.1:9/hook", "kinds": ["sanction", "signature"]}, token_from=base)
    assert created.status_code == 302
    hook = db.session.scalars(select(Webhook).execution_options(all_tenants=True)).one()
    with tenant_scope(tenant.id):
        db.session.add(WebhookDelivery(tenant_id=tenant.id, webhook_id=hook.id, event="sanction.decided",
                                       payload="{}", state="failed", attempts=8, last_error="refused"))
    db.session.commit()
    page = client.get(f"{base}{hook.id}").get_data(as_text=True)
    assert hook.secret in page and "sanction.decided" in page and "X-PactPlatform-Signature" in page
    delivery = db.session.scalars(select(WebhookDelivery).execution_options(all_tenants=True)).one()
    assert post(client, f"{base}{hook.id}/deliveries/{delivery.id}/replay", token_from=f"{base}{hook.id}").status_code == 302
    db.session.expire_all()
    assert db.session.scalars(select(WebhookDelivery.state).execution_options(all_tenants=True)).one() == "pending"


def test_webhooks_are_for_admins_only(app_ctx, client):
    admin, officer = factories.user(), factories.user()
    tenant = factories.tenant(admin, slug="biro")
    factories.member(tenant, officer, "officer")
    login(client, officer.email)
    assert client.get("/t/biro/webhooks/").status_code == 403
