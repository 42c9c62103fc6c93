"""Issue 13 end to end in the browser: a logged-in person follows an organisation from its public page; when the
organisation is sanctioned, the header shows an unread count and the notification centre tells what happened, in
Indonesian and in English; "mark all as read" clears the count. Every page passes axe-core (WCAG 2 A/AA)."""
import os

import pytest

from pactplatform.extensions import db
from tests import factories
from tests.e2e.conftest import axe_violations
from tests.sanctions.helpers import proposed

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("PACT_SCREENSHOTS")


def check(page, name):
    assert axe_violations(page) == [], page.url
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_a_follower_sees_the_sanction_in_the_notification_centre(live_server, browser, monitored, bureau):
    base, firm = live_server, bureau["firm_a"]
    follower = factories.user(name="Warga Pemerhati", email="warga@example.org")
    sanction = proposed(bureau, monitored)  # a proposal is internal: nobody outside hears of it yet

    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(base + "/login")
    page.get_by_label("Email").fill(follower.email)
    page.get_by_label("Kata sandi").fill(factories.PASSWORD)
    page.locator("main").get_by_role("button", name="Masuk").click()

    page.goto(f"{base}/orgs/{firm.id}")
    page.get_by_test_id("follow-organisation").click()
    assert "Berhenti mengikuti PT Alpha" in page.get_by_test_id("follow-organisation").inner_text()
    assert page.get_by_test_id("unread-count").count() == 0
    check(page, "notifications-01-following")

    from pactplatform.sanctions import operations as sanctions
    from pactplatform.tenancy.scoping import tenant_scope

    with tenant_scope(bureau["tenant"].id):
        sanctions.decide(bureau["tenant"], bureau["admin"], sanction, "")
    db.session.commit()

    page.reload()
    assert page.get_by_test_id("unread-count").inner_text() == "1"
    page.get_by_test_id("notifications-link").click()
    items = page.get_by_test_id("notifications")
    assert "PT Alpha dikenai sanksi: Daftar hitam (Pakta Jalan Desa)." in items.inner_text()
    check(page, "notifications-02-centre-id")

    page.get_by_test_id("switch-language").click()
    assert "PT Alpha was sanctioned: Blacklisting (Pakta Jalan Desa)." in page.get_by_test_id("notifications").inner_text()
    check(page, "notifications-03-centre-en")
    page.get_by_test_id("read-all").click()
    assert page.get_by_test_id("unread-count").count() == 0
    page.get_by_role("link", name="Notification settings").click()
    check(page, "notifications-04-settings")
    context.close()
