from sqlalchemy import select

from pactplatform.accounts.models import User
from pactplatform.extensions import db
from tests import factories
from tests.conftest import csrf_token, login, post


def test_register_rejects_short_and_mismatched_passwords(client):
    response = post(client, "/register", {
        "name": "X", "email": "x@example.org", "password": "short", "confirm": "other",
    }, token_from="/register")
    assert response.status_code == 422


def test_login_and_logout(app, client, app_ctx):
    factories.user(email="ana@example.org", name="Ana")
    response = login(client, "ana@example.org")
    assert response.status_code == 302
    assert "Ana" in client.get("/").get_data(as_text=True)
    response = post(client, "/logout")
    assert response.status_code == 302
    assert "Ana" not in client.get("/").get_data(as_text=True)


def test_wrong_password_is_refused_with_a_message(client, app_ctx):
    factories.user(email="ana@example.org")
    response = login(client, "ana@example.org", "wrong password!")
    assert response.status_code == 401
    assert "Email atau kata sandi salah" in response.get_data(as_text=True)


def test_a_burst_of_wrong_passwords_is_rate_limited(client, app_ctx):
    factories.user(email="ana@example.org")
    statuses = [login(client, "ana@example.org", f"guess {n}").status_code for n in range(7)]
    assert statuses[:5] == [401] * 5
    assert statuses[5] == 429
    page = login(client, "ana@example.org").get_data(as_text=True)
    assert "Terlalu banyak percobaan" in page


def test_a_form_without_csrf_token_is_refused(client, app_ctx):
    factories.user(email="ana@example.org")
    response = client.post("/login", data={"email": "ana@example.org", "password": factories.PASSWORD})
    assert response.status_code == 400
    assert csrf_token(client)  # the page still works afterwards


def test_login_redirects_only_to_local_paths(client, app_ctx):
    factories.user(email="ana@example.org")
    token = csrf_token(client, "/login")
    response = client.post("/login?next=https://evil.example/", data={
        "email": "ana@example.org", "password": factories.PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/"
