"""In Chromium, on the demo: the blacklisted firm finds its sign button disabled with the sanction named,
the public pact page shows the text in force beside the pending amendment, and the pages pass axe-core."""
import pytest
from sqlalchemy import select

from pactplatform.actions.models import CollectiveAction
from pactplatform.demo import DEMO_PASSWORD
from pactplatform.extensions import db
from tests.e2e.conftest import axe_violations
from tests.conftest import demo_tables

pytestmark = pytest.mark.e2e

BLACKLISTED = "direktur@mitrakarya.pactdemo.id"
DECREE = "027/SK-DH/UKPBJ-JTG/IX/2026"


@pytest.fixture
def demo(app):
    with app.app_context():
        demo_tables()
        ids = {title: action_id for action_id, title in db.session.execute(
            select(CollectiveAction.id, CollectiveAction.title).execution_options(all_tenants=True))}
    return {"road": ids["Pakta Integritas Peningkatan Jalan Ruas Semarang–Godong"],
            "school": ids["Pakta Integritas Pembangunan Gedung SMP Negeri 45 Semarang"]}


def test_the_blacklisted_firm_sees_why_it_cannot_sign(live_server, page, demo):
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill(BLACKLISTED)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Masuk").click()
    page.goto(f"{live_server}/t/pbj-semarang/actions/{demo['school']}")
    button = page.get_by_role("button", name="Tanda tangani: CV Mitra Karya Mandiri")
    assert button.is_disabled()
    reason = page.locator("#" + button.get_attribute("aria-describedby"))
    assert DECREE in reason.inner_text() and "tidak dapat menandatangani" in reason.inner_text()
    assert page.get_by_role("link", name="Tanda tangani: PT Cahaya Beton Nusantara").count() == 0
    assert axe_violations(page) == []


def test_the_public_page_shows_the_pact_in_force_and_its_pending_amendment(live_server, page, demo):
    page.goto(f"{live_server}/actions/{demo['road']}")
    assert page.get_by_role("heading", name="Berlaku: versi 1").is_visible()
    assert page.get_by_role("heading", name="Perubahan tertunda: versi 2").is_visible()
    assert page.get_by_text("Ditandatangani 2 dari 6 pihak sejauh ini.").is_visible()
    assert "Adendum 1" not in page.locator(".in-force").inner_text()
    assert axe_violations(page) == []
