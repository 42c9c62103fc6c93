"""Language and time-zone selection: the visitor's choice, then their profile, then the tenant."""
from flask import current_app, g, has_request_context, session
from flask_babel.speaklater import LazyString
from flask_login import current_user
from markupsafe import escape

LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI, demo loader: the tenant's language, else the default
        tenant = g.get("tenant")
        return tenant.default_locale if tenant is not None else current_app.config["BABEL_DEFAULT_LOCALE"]
    # A page that keeps no session (an anonymous reporter's) carries its language in the URL.
    chosen = g.get("page_locale") or session.get("lang")
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



def _lazy_message_as_text(self) -> str:
    return str(escape(str(self)))


# flask_babel's lazy strings call themselves safe HTML (`__html__` returns the text as it is), so a lazily
# translated message that names a user's value ("You do not represent %(name)s.") would print an
# organisation's name unescaped. A translated message is text, never markup: Jinja escapes it like any value.
LazyString.__html__ = _lazy_message_as_text
