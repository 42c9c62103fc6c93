"""Pages fit the screen (issue 9 §4): a long unbroken word wraps instead of widening the page, and on a
390 px phone every table scrolls inside its own box, never the page."""
import pytest
from sqlalchemy import select

from pactplatform.accounts.models import User
from pactplatform.actions import operations
from pactplatform.demo import DEMO_PASSWORD
from pactplatform.extensions import db
from pactplatform.procurement.models import ContractingProcess
from pactplatform.tenancy.models import Tenant
from pactplatform.tenancy.scoping import tenant_scope
from tests.e2e.conftest import axe_violations
from tests.conftest import demo_tables

pytestmark = pytest.mark.e2e

ADMIN = "admin@ukpbj-jateng.pactdemo.id"
SLUG = "ukpbj-jateng"
LONG_WORD = "Pakta" + "X" * 295  # 300 characters, the longest title the form takes, without a break


@pytest.fixture
def demo(app):
    """The demo, plus a published initiative whose title is one 300-character word."""
    with app.app_context():
        demo_tables()
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == SLUG))
        admin = db.session.scalar(select(User).where(User.email == ADMIN))
        with tenant_scope(tenant.id):
            action = operations.create_action(tenant, admin, "principle_initiative", LONG_WORD, LONG_WORD,
                                              sections={"principles": [LONG_WORD]})
            operations.change_status(action, admin, "open")
        process = db.session.scalar(select(ContractingProcess.id).where(ContractingProcess.tenant_id == tenant.id)
                                    .execution_options(all_tenants=True).limit(1))
        db.session.commit()
        return {"action": action.id, "process": process}


def _log_in(page, base):
    page.goto(base + "/login")
    page.get_by_label("Email").fill(ADMIN)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/")


def _overflow(page) -> int:
    """How many pixels the page is wider than the window (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def _unboxed_tables(page) -> int:
    return page.evaluate("[...document.querySelectorAll('main table')].filter(t => !t.closest('.table-scroll')).length")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_300_character_word_wraps_instead_of_widening_the_page(browser, live_server, demo, width):
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 844})
    page = context.new_page()
    _log_in(page, live_server)
    action = demo["action"]
    for path in (f"/actions/{action}", "/actions/", f"/t/{SLUG}/actions/{action}", f"/t/{SLUG}/actions/"):
        page.goto(live_server + path)
        assert page.get_by_text(LONG_WORD).first.is_visible(), path
        assert _overflow(page) == 0, (path, width, page.evaluate("document.documentElement.scrollWidth"))
    context.close()


def test_on_a_phone_every_table_scrolls_inside_its_own_box(browser, live_server, demo):
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    _log_in(page, live_server)
    paths = ["/actions/", "/blacklist/", "/orgs/", f"/t/{SLUG}/", f"/t/{SLUG}/actions/", f"/t/{SLUG}/sanctions/",
             f"/t/{SLUG}/cases/", f"/t/{SLUG}/tenders/", f"/t/{SLUG}/tenders/{demo['process']}", f"/t/{SLUG}/members"]
    tables = 0
    for path in paths:
        page.goto(live_server + path)
        assert _overflow(page) == 0, (path, page.evaluate("document.documentElement.scrollWidth"))
        assert _unboxed_tables(page) == 0, path
        tables += page.locator("main table").count()
    assert tables >= len(paths) - 2  # the pages do hold tables (a list may be empty)
    # The box is a named region a keyboard can reach, and axe-core agrees it is accessible.
    page.goto(live_server + "/blacklist/")
    box = page.locator(".table-scroll").first
    assert box.get_attribute("tabindex") == "0" and box.get_attribute("aria-label") == "Daftar hitam"
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # this table is wider than a phone: it scrolls
    assert axe_violations(page) == []
    context.close()
