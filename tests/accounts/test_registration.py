"""Registration answers the same whether or not the address has an account, and an account works only once
the owner of the address confirmed it through the link sent there (read here from the log, where it is
written until e-mail delivery exists)."""
import logging
import re

import pytest
from sqlalchemy import select

from pactplatform.accounts import operations
from pactplatform.accounts.models import User
from pactplatform.extensions import db
from tests import factories
from tests.conftest import login, post

LINK = re.compile(r"https?://[^\s/]+(/confirm-email/[\w.\-]+)")
PASSWORD = "a long passphrase"


@pytest.fixture
def mail(caplog):
    """The e-mails the app wrote to its log, in order: (recipient, subject, text)."""
    caplog.set_level(logging.WARNING, logger="pactplatform")

    def sent() -> list[tuple[str, str]]:
        found = []
        for record in caplog.records:
            message = record.getMessage()
            if message.startswith("E-mail to "):
                found.append((message.split()[2], message))
        return found

    return sent


def register(client, email: str, name: str = "Rina Kartika", password: str = PASSWORD):
    return post(client, "/register", {"name": name, "email": email, "password": password, "confirm": password},
                token_from="/register")


def _page(response) -> str:
    """The page without its CSRF token, which differs on every request."""
    return re.sub(r'value="[^"]+"', 'value=""', response.get_data(as_text=True))


def test_a_new_account_confirms_its_address_through_the_link_then_logs_in(app, client, app_ctx, mail):
    response = register(client, "Rina@Example.org")
    assert response.status_code == 200
    assert "Periksa email Anda" in response.get_data(as_text=True)
    user = db.session.scalar(select(User).where(User.email == "rina@example.org"))
    assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash
    assert user.email_verified_at is None

    # Not before the address is confirmed, and the refusal says why.
    refused = login(client, "rina@example.org", PASSWORD)
    assert refused.status_code == 403
    assert "Konfirmasikan alamat email Anda" in refused.get_data(as_text=True)

    [(recipient, message)] = mail()
    assert recipient == "rina@example.org"
    path = LINK.search(message).group(1)
    page = client.get(path)
    assert page.status_code == 200 and "Rina Kartika" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).email_verified_at is None  # opening the link alone confirms nothing

    confirmed = post(client, path, token_from=path)
    assert confirmed.status_code == 302 and confirmed.headers["Location"] == "/login"
    db.session.expire_all()
    assert db.session.get(User, user.id).email_verified_at is not None
    assert login(client, "rina@example.org", PASSWORD).status_code == 302
    assert "Rina Kartika" in client.get("/").get_data(as_text=True)


def test_registering_a_taken_address_answers_exactly_as_a_new_one(app, client, app_ctx, mail):
    factories.user(email="taken@example.org", name="Pemilik Asli")
    fresh = register(client, "new@example.org")
    taken = register(app.test_client(), "taken@example.org")
    assert taken.status_code == fresh.status_code == 200
    assert _page(taken).replace("taken@example.org", "X") == _page(fresh).replace("new@example.org", "X")

    # Nothing changed for the owner, who is told by e-mail instead.
    owner = db.session.scalar(select(User).where(User.email == "taken@example.org"))
    assert owner.name == "Pemilik Asli"
    assert login(client, "taken@example.org").status_code == 302
    notes = dict(mail())
    assert "Seseorang mencoba mendaftar dengan alamat Anda" in notes["taken@example.org"]
    assert "/confirm-email/" not in notes["taken@example.org"]
    assert db.session.scalar(select(db.func.count(User.id))) == 2


def test_a_second_registration_of_an_unconfirmed_address_replaces_it_and_voids_the_first_link(
        app, client, app_ctx, mail):
    """Whoever registers someone else's address first cannot have the owner confirm an account whose
    password they know: the owner's own registration replaces the claim, and the earlier link dies."""
    register(client, "victim@example.org", name="Penyerang", password="attacker chose this")
    register(app.test_client(), "victim@example.org", name="Pemilik", password=PASSWORD)
    first, second = [LINK.search(message).group(1) for _to, message in mail()]

    stale = client.get(first)
    assert stale.status_code == 404 and "tidak berlaku lagi" in stale.get_data(as_text=True)
    assert post(client, first, token_from=second).status_code == 404

    assert post(client, second, token_from=second).status_code == 302
    assert login(client, "victim@example.org", "attacker chose this").status_code == 401
    assert login(client, "victim@example.org", PASSWORD).status_code == 302
    assert db.session.scalar(select(User.name).where(User.email == "victim@example.org")) == "Pemilik"


def test_a_forged_or_expired_link_confirms_nothing(app, client, app_ctx):
    user = operations.register_user("late@example.org", "Late", PASSWORD)
    db.session.commit()
    forged = client.get("/confirm-email/not-a-real-token")
    assert forged.status_code == 404 and "tidak sah" in forged.get_data(as_text=True)

    from itsdangerous import URLSafeTimedSerializer

    with app.test_request_context():
        token = operations.verification_token(user)
    app.config["EMAIL_VERIFICATION_DAYS"] = 0  # every token is now past its age
    try:
        import time

        time.sleep(1.1)
        expired = client.get(f"/confirm-email/{token}")
    finally:
        app.config["EMAIL_VERIFICATION_DAYS"] = 3
    assert expired.status_code == 404 and "kedaluwarsa" in expired.get_data(as_text=True)
    # A token signed with another key is refused too.
    other = URLSafeTimedSerializer("another key", salt="pactplatform.accounts.email-verification").dumps(
        {"user": user.id, "email": user.email, "password": "x"})
    assert client.get(f"/confirm-email/{other}").status_code == 404
    db.session.expire_all()
    assert db.session.get(User, user.id).email_verified_at is None


def test_the_link_points_at_the_configured_address_not_the_request_host(app, client, app_ctx, mail):
    evil = "http://evil.example"
    form = client.get("/register", base_url=evil).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
    response = client.post("/register", base_url=evil, data={
        "name": "Rina", "email": "rina@example.org", "password": PASSWORD, "confirm": PASSWORD, "csrf_token": token})
    assert response.status_code == 200
    [(_to, message)] = mail()
    assert "evil.example" not in message
    assert app.config["PUBLIC_BASE_URL"] + "/confirm-email/" in message


@pytest.mark.parametrize("password, reason", [
    ("aaaaaaaaaa", "satu karakter yang diulang"),
    ("1234567890", "Urutan sederhana"),
    ("abcdefghijkl", "Urutan sederhana"),
    ("qwertyuiop", "Urutan sederhana"),
    ("0987654321", "Urutan sederhana"),
    ("abcabcabcabc", "Pola pendek"),
    ("password123", "paling umum"),
    ("Password2024!", "paling umum"),
    ("iloveyou12", "paling umum"),
    ("bismillah123", "paling umum"),
    ("rinakartika99", "nama atau alamat email"),
    ("kartika-the-great", "nama atau alamat email"),
    ("short", "minimal 10 karakter"),
])
def test_common_and_trivial_passwords_are_refused_with_the_reason(client, app_ctx, password, reason):
    response = register(client, "rina@example.org", name="Rina Kartika", password=password)
    assert response.status_code == 422
    assert reason in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(User.id))) == 0


def test_every_problem_of_the_form_shows_at_once_and_the_typed_values_stay(client, app_ctx):
    response = post(client, "/register", {"name": "", "email": "rina@example.org", "password": "aaaaaaaaaa",
                                          "confirm": "bbbbbbbbbb"}, token_from="/register")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kolom ini wajib diisi" in page and "satu karakter yang diulang" in page and "Kedua kata sandi berbeda" in page
    assert 'value="rina@example.org"' in page


def test_the_policy_also_binds_the_operation(app_ctx):
    from pactplatform.errors import OperationError

    with pytest.raises(OperationError) as refused:
        operations.register_user("x@example.org", "X", "aaaaaaaaaa")
    assert refused.value.field == "password"


@pytest.mark.parametrize("password", [factories.PASSWORD, "demo-integritas-2026", PASSWORD, "Tujuh ekor kuda makan rumput"])
def test_reasonable_passphrases_pass(password):
    from pactplatform.accounts.passwords import problem

    assert problem(password, "rina@example.org", "Rina Kartika") is None
