"""A demo admin logs in, switches language, invites a member who accepts; every page passes axe-core (WCAG 2 A/AA)."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from pactplatform.accounts import operations as accounts
from pactplatform.accounts.models import User
from pactplatform.demo import DEMO_PASSWORD
from pactplatform.extensions import db
from pactplatform.tenancy.models import Membership
from tests.e2e.conftest import axe_violations
from tests.conftest import demo_tables

pytestmark = pytest.mark.e2e

ADMIN = "admin@ukpbj-jateng.pactdemo.id"


@pytest.fixture
def demo(app):
    with app.app_context():
        demo_tables()
        newcomer = accounts.register_user("baru@pantau.pactdemo.id", "Maya Anggraini", DEMO_PASSWORD)
        accounts.mark_email_verified(newcomer)
        db.session.commit()


def check_accessibility(page):
    assert axe_violations(page) == [], page.url


def test_admin_logs_in_switches_language_and_invites_a_member_who_accepts(app, live_server, page, browser, demo):
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "id"
    check_accessibility(page)

    page.get_by_role("link", name="Masuk").first.click()
    check_accessibility(page)
    page.get_by_label("Email").fill(ADMIN)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="Biro Pengadaan Barang dan Jasa Provinsi Jawa Tengah").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Biro Pengadaan Barang dan Jasa Provinsi Jawa Tengah"
    check_accessibility(page)

    page.get_by_test_id("switch-language").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("Your roles here:").is_visible()

    page.get_by_role("link", name="Manage members").click()
    check_accessibility(page)
    page.get_by_label("Email address of the person").fill("baru@pantau.pactdemo.id")
    page.get_by_label("Independent monitor").check()
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("An invitation is sent to baru@pantau.pactdemo.id.")).to_be_visible()
    assert page.get_by_role("cell", name="baru@pantau.pactdemo.id", exact=True).is_visible()
    check_accessibility(page)
    assert _roles_of("baru@pantau.pactdemo.id", app) == []  # not a member before saying yes

    # The invited person, in a browser of their own, accepts on their home page.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    invitee = context.new_page()
    invitee.goto(live_server + "/login")
    invitee.get_by_label("Email").fill("baru@pantau.pactdemo.id")
    invitee.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    invitee.locator("main").get_by_role("button", name="Masuk").click()
    invitation = invitee.get_by_test_id("invitation")
    assert invitation.get_by_text("Pemantau independen").is_visible()
    check_accessibility(invitee)
    invitation.get_by_role("button", name="Terima dan bergabung dengan Biro Pengadaan Barang dan Jasa Provinsi Jawa Tengah").click()
    assert invitee.get_by_role("heading", level=1).inner_text() == "Biro Pengadaan Barang dan Jasa Provinsi Jawa Tengah"
    context.close()
    assert _roles_of("baru@pantau.pactdemo.id", app) == ["monitor"]


def _roles_of(email: str, app) -> list[str]:
    with app.app_context():
        return db.session.scalars(
            select(Membership.role).join(User, Membership.user_id == User.id).where(User.email == email)
            .execution_options(all_tenants=True)
        ).all()


def test_a_form_error_is_shown_next_to_the_field_and_is_accessible(live_server, page, demo):
    page.goto(live_server + "/register")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_role("button", name="Daftar").last.click()
    expect(page.get_by_text("Masukkan alamat email yang valid.")).to_be_visible()
    check_accessibility(page)


def test_public_pages_are_accessible_without_login(app, live_server, page, demo):
    with app.app_context():
        from pactplatform.orgs.models import Organisation

        org_id = db.session.scalar(select(Organisation.id).where(Organisation.name == "PT Cahaya Beton Nusantara"))
    for path in ("/orgs/", f"/orgs/{org_id}", "/actions/", "/blacklist/", "/login", "/no-such-page"):
        page.goto(live_server + path)
        check_accessibility(page)
