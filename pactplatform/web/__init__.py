"""Cross-cutting web concerns: tenant resolution, language, error pages, security headers."""
from flask import Flask, g, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from . import api, caching, converters, i18n
from .tenant import current_roles, pull_tenant, push_tenant
from .views import bp

ERROR_MESSAGES = {
    400: lambda: _("The request could not be understood. Please check what you entered and try again."),
    403: lambda: _("You do not have permission to do this."),
    404: lambda: _("We could not find that page."),
    405: lambda: _("This page does not accept that kind of request."),
    413: lambda: _("The upload is too large."),
    429: lambda: _("Too many attempts. Please wait a minute before trying again."),
    500: lambda: _("Something went wrong on our side. Nothing was saved; please try again."),
}

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def _error_message(status: int) -> str:
    return ERROR_MESSAGES.get(status, ERROR_MESSAGES[500])()


def handle_http_error(error: HTTPException):
    if error.response is not None:  # a page built for this very refusal (the log-in form at its rate limit)
        return error.response
    status = error.code or 500
    # Keep what the protocol requires whatever the body: Allow on a 405 (RFC 9110), Retry-After, …
    headers = api.http_error_headers(error)
    if api.is_api_request():
        return api.api_error(status, error.name.lower().replace(" ", "_"), _error_message(status), headers)
    return render_template("web/error.html", status=status, message=_error_message(status)), status, headers


def handle_unexpected_error(error: Exception):
    from flask import current_app

    from ..extensions import db

    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    db.session.rollback()
    if api.is_api_request():
        return api.api_error(500, "internal_error", _error_message(500))
    return render_template("web/error.html", status=500, message=_error_message(500)), 500


def security_headers(response):
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def role_label(role: str) -> str:
    from ..tenancy.roles import LABELS

    return str(LABELS.get(role, role))


def template_globals() -> dict:
    return {
        "tenant": g.get("tenant"),
        "tenant_roles": current_roles() if current_user.is_authenticated else frozenset(),
        "language_names": i18n.LANGUAGE_NAMES,
        "get_locale": get_locale,
    }


def register(app: Flask) -> None:
    converters.register(app)
    api.register(app)
    app.url_value_preprocessor(pull_tenant)
    app.url_defaults(push_tenant)
    app.register_error_handler(HTTPException, handle_http_error)
    if not app.testing and not app.debug:
        app.register_error_handler(Exception, handle_unexpected_error)
    app.after_request(security_headers)
    caching.register(app)
    app.context_processor(template_globals)
    app.add_template_filter(role_label, "role_label")
    app.register_blueprint(bp)
