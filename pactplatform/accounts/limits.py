"""Failed log-ins are limited twice, in the shared rate-limit store (Redis when configured, so every
worker and node counts together):

- per client address *and* account (tight): a guesser soon stops, but only for that account from that
  address, so someone else's failures never lock the owner out;
- per client address alone (loose): one address cannot work through many accounts.

A successful log-in (a redirect) costs nothing.
"""
import hashlib

from flask import current_app, render_template, request
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address

from ..extensions import limiter


def _account() -> str:
    # Hashed: the store holds no addresses of people, only a stable key per account.
    email = (request.form.get("email") or "").strip().lower()[:254]
    return hashlib.sha256(email.encode("utf-8")).hexdigest()[:32]


def _address_and_account() -> str:
    return f"{get_remote_address()}|{_account()}"


def _failed(response) -> bool:
    return response.status_code != 302


def _refused(message: str):
    from .forms import LoginForm

    form = LoginForm()
    form.password.data = ""
    form.form_errors.append(message)
    return current_app.make_response((render_template("accounts/login.html", form=form), 429))


def _account_breached(_limit):
    return _refused(_(
        "Too many failed log-in attempts for this account from your address. "
        "Wait a minute and try again."))


def _address_breached(_limit):
    return _refused(_("Too many failed log-in attempts from your address. Wait ten minutes and try again."))


login_per_account = limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"], key_func=_address_and_account, scope="login-account",
    methods=["POST"], deduct_when=_failed, on_breach=_account_breached,
)
login_per_address = limiter.limit(
    lambda: current_app.config["LOGIN_ADDRESS_RATE_LIMIT"], key_func=get_remote_address, scope="login-address",
    methods=["POST"], deduct_when=_failed, on_breach=_address_breached,
)
registrations = limiter.limit(
    lambda: current_app.config["REGISTER_RATE_LIMIT"], key_func=get_remote_address, scope="register",
    methods=["POST"],
)
