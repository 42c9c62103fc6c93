"""A demo admin logs in, switches language, adds a member; every page passes axe-core (WCAG 2 A/AA)."""
import pytest
from sqlalchemy import select

from pactplatform.accounts import operations as accounts
from pactplatform.accounts.models import User
from pactplatform.demo import DEMO_PASSWORD, load_demo
from pactplatform.extensions import db
from pactplatform.tenancy.models import Membership
from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.e2e

ADMIN = "admin@ukpbj-jateng.pactdemo.id"


@pytest.fixture
def demo(app):
    with app.app_context():
        load_demo()
        accounts.register_user("baru@pantau.pactdemo.id", "Maya Anggraini", DEMO_PASSWORD)
        db.session.commit()


def check_accessibility(page):
    assert axe_violations(page) == [], page.url


def test_admin_logs_in_switches_language_and_adds_a_member(app, live_server, page, demo):
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
    page.get_by_label("Email of the person's account").fill("baru@pantau.pactdemo.id")
    page.get_by_label("Independent monitor").check()
    page.get_by_role("button", name="Add member").click()
    assert page.get_by_text("Maya Anggraini is now a member.").is_visible()
    assert page.get_by_role("cell", name="Maya Anggraini", exact=True).is_visible()

    with app.app_context():
        roles = db.session.scalars(
            select(Membership.role).join(User, Membership.user_id == User.id).where(User.email == "baru@pantau.pactdemo.id")
        ).all()
    assert roles == ["monitor"]


def test_a_form_error_is_shown_next_to_the_field_and_is_accessible(live_server, page, demo):
    page.goto(live_server + "/register")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_role("button", name="Daftar").last.click()
    assert page.get_by_text("Masukkan alamat email yang valid.").is_visible()
    check_accessibility(page)


def test_public_pages_are_accessible_without_login(app, live_server, page, demo):
    with app.app_context():
        from pactplatform.orgs.models import Organisation

        org_id = db.session.scalar(select(Organisation.id).where(Organisation.name == "PT Cahaya Beton Nusantara"))
    for path in ("/orgs/", f"/orgs/{org_id}", "/actions/", "/blacklist/", "/login", "/no-such-page"):
        page.goto(live_server + path)
        check_accessibility(page)
