"""Logging out (or changing the password) ends every earlier session of the user; CSRF tokens turn at login."""
import pytest

from pactplatform.accounts.models import User
from pactplatform.extensions import db
from tests import factories
from tests.conftest import csrf_token, login, post

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def member(app_ctx):
    admin = factories.user(email="admin@example.org")
    tenant = factories.tenant(admin, slug="pbj")
    person = factories.member(tenant, factories.user(email="ana@example.org", name="Ana"), "monitor")
    return person


def _copy_session(source, target) -> None:
    cookie = source.get_cookie("session")
    assert cookie is not None
    target.set_cookie("session", cookie.value)


def test_a_cookie_copied_before_logout_no_longer_opens_tenant_pages(app, client, member):
    login(client, member.email)
    thief = app.test_client()
    _copy_session(client, thief)
    assert thief.get("/t/pbj/").status_code == 200  # the copy works while the session lives

    assert post(client, "/logout").status_code == 302

    response = thief.get("/t/pbj/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert "Ana" not in thief.get("/").get_data(as_text=True)


def test_logout_ends_the_sessions_on_every_other_device_too(app, client, member):
    login(client, member.email)
    other_device = app.test_client()
    login(other_device, member.email)
    post(client, "/logout")
    assert other_device.get("/t/pbj/").status_code == 302


def test_a_new_login_after_logout_works(app, client, member):
    login(client, member.email)
    post(client, "/logout")
    assert login(client, member.email).status_code == 302
    assert client.get("/t/pbj/").status_code == 200


def test_a_password_change_ends_other_sessions_and_keeps_this_one(app, client, member):
    login(client, member.email)
    other_device = app.test_client()
    login(other_device, member.email)

    response = post(client, "/account/password", {
        "current_password": factories.PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
    }, token_from="/account/password")
    assert response.status_code == 302

    assert client.get("/t/pbj/").status_code == 200
    assert other_device.get("/t/pbj/").status_code == 302
    assert login(other_device, member.email).status_code == 401
    assert login(other_device, member.email, NEW_PASSWORD).status_code == 302


def test_a_wrong_current_password_changes_nothing(app, client, member):
    login(client, member.email)
    before = db.session.get(User, member.id).password_hash
    response = post(client, "/account/password", {
        "current_password": "not my password", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
    }, token_from="/account/password")
    assert response.status_code == 422
    assert "Kata sandi saat ini salah" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, member.id).password_hash == before
    assert client.get("/t/pbj/").status_code == 200


def test_a_weak_new_password_is_refused_with_the_reason(app, client, member):
    login(client, member.email)
    response = post(client, "/account/password", {
        "current_password": factories.PASSWORD, "password": "aaaaaaaaaa", "confirm": "aaaaaaaaaa",
    }, token_from="/account/password")
    assert response.status_code == 422
    assert "satu karakter yang diulang" in response.get_data(as_text=True)


def test_the_password_page_needs_a_login(client):
    response = client.get("/account/password")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_the_csrf_token_is_rotated_at_login(app, client, member):
    before = csrf_token(client, "/login")
    with client.session_transaction() as session:
        raw_before = session["csrf_token"]
    login(client, member.email)  # uses a fresh token of the same (pre-login) session
    with client.session_transaction() as session:
        assert session.get("csrf_token") != raw_before
    # A token taken from a page before the login no longer passes.
    assert client.post("/logout", data={"csrf_token": before}).status_code == 400
    assert client.get("/t/pbj/").status_code == 200
    assert post(client, "/logout").status_code == 302


def test_a_session_from_before_the_generation_scheme_is_not_accepted(app, client, member):
    """A session cookie that names only the user id (as before) is treated as logged out."""
    with client.session_transaction() as session:
        session["_user_id"] = str(member.id)
        session["_fresh"] = True
    assert client.get("/t/pbj/").status_code == 302


def test_a_remember_cookie_dies_with_the_sessions_too(app, member):
    """Flask-Login's remember cookie carries the same id, generation included."""
    from flask_login.utils import encode_cookie

    from pactplatform.accounts import operations

    with app.test_request_context():
        remembered = encode_cookie(db.session.get(User, member.id).get_id())
    browser = app.test_client()
    browser.set_cookie("remember_token", remembered)
    assert browser.get("/t/pbj/").status_code == 200  # the cookie logs in while the generation holds

    operations.end_sessions(db.session.get(User, member.id))
    db.session.commit()
    later = app.test_client()
    later.set_cookie("remember_token", remembered)
    assert later.get("/t/pbj/").status_code == 302
