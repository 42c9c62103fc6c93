"""Language and time-zone selection: the visitor's choice, then their profile, then the tenant."""
from flask import current_app, g, has_request_context, session
from flask_login import current_user

LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI, demo loader: the tenant's language, else the default
        tenant = g.get("tenant")
        return tenant.default_locale if tenant is not None else current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if current_user and getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    tenant = g.get("tenant")
    if tenant is not None and tenant.default_locale in languages:
        return tenant.default_locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    tenant = g.get("tenant")
    if tenant is not None:
        return tenant.timezone
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]

