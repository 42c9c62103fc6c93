"""What makes the reporter's pages keep no trace of the reporter.

- No cookie: these pages never send the session cookie (SessionlessInterface), so nothing outlives the
  visit; their language travels in the URL (`?lang=`) instead of the session.
- No session-bound CSRF token (it would need that cookie): their forms carry a token signed with the app's
  secret key that expires after REPORT_FORM_MAX_AGE seconds, and a POST whose Origin is another site is
  refused. A forged cross-site post could at worst file a report in someone's name, which names no one.
- No address: rate limits count a keyed hash of the address (never the address itself) in their store; the
  access log blanks the address of these routes (web/access_log.py).
"""
import hashlib
import hmac
from urllib.parse import urlsplit

from flask import abort, current_app, g, request
from flask.sessions import SessionInterface
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from itsdangerous import BadData, URLSafeTimedSerializer
from wtforms.csrf.core import CSRF
from wtforms.validators import ValidationError

SESSIONLESS = "_sessionless_page"
DEFAULT_FORM_MAX_AGE = 2 * 60 * 60


def mark_sessionless() -> None:
    g.setdefault(SESSIONLESS, True)


def is_sessionless() -> bool:
    return bool(g.get(SESSIONLESS))


class SessionlessInterface(SessionInterface):
    """The app's own session interface, except that a sessionless page never saves (never sends) the cookie."""

    def __init__(self, inner: SessionInterface):
        self.inner = inner

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def open_session(self, app, request):
        return self.inner.open_session(app, request)

    def make_null_session(self, app):
        return self.inner.make_null_session(app)

    def is_null_session(self, obj) -> bool:
        return self.inner.is_null_session(obj)

    def save_session(self, app, session, response) -> None:
        if g.get(SESSIONLESS):
            return None
        return self.inner.save_session(app, session, response)


def install(app) -> None:
    if not isinstance(app.session_interface, SessionlessInterface):
        app.session_interface = SessionlessInterface(app.session_interface)


# Signed form tokens -----------------------------------------------------------------------------------------------

def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="pactplatform.reports.form")


class SignedTokenCSRF(CSRF):
    def generate_csrf_token(self, csrf_token_field):
        return _serializer().dumps("report-form")

    def validate_csrf_token(self, form, field):
        try:
            _serializer().loads(field.data or "", max_age=current_app.config.get("REPORT_FORM_MAX_AGE",
                                                                                 DEFAULT_FORM_MAX_AGE))
        except BadData:
            raise ValidationError(_l("This form has expired. Copy what you wrote, reload the page and send again."))


def refuse_cross_site_post() -> None:
    """A before_request hook: a browser says where a POST comes from; another site's is refused."""
    if request.method != "POST":
        return
    origin = request.headers.get("Origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.host:
        abort(403)
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        abort(403)


# Rate limits without addresses -------------------------------------------------------------------------------------

def hashed_address() -> str:
    key = current_app.secret_key.encode("utf-8") if isinstance(current_app.secret_key, str) else current_app.secret_key
    return hmac.new(key, (get_remote_address() or "").encode("utf-8"), hashlib.sha256).hexdigest()[:32]
