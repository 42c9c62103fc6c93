"""Messages to a person's e-mail address.

Until the notifications capability brings e-mail delivery, a message is written to the application log
(at warning level, so a developer running the portal sees it and can follow a verification link). The
callers do not change when delivery arrives: they hand over the address, the subject and the text.
"""
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _


def send(to: str, subject: str, body: str) -> None:
    current_app.logger.warning("E-mail to %s (no e-mail delivery is configured; shown here instead)\n"
                               "Subject: %s\n\n%s", to, subject, body)


def _locale_of(user) -> str:
    return getattr(user, "locale", None) or current_app.config["BABEL_DEFAULT_LOCALE"]


def _link(path: str) -> str:
    # The configured public address, never the request's Host header: a forged Host would otherwise
    # send the owner a link to someone else's site, carrying their token.
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def verification(user, path: str) -> None:
    with force_locale(_locale_of(user)):
        send(user.email, _("Confirm your email address for PactPlatform"), _(
            "Someone (we hope you) created a PactPlatform account named %(name)s with this address. "
            "To confirm that the address is yours and finish creating the account, open this link "
            "and press the button on the page:\n\n%(link)s\n\n"
            "The link works for %(days)d days. If you did not create this account, ignore this message: "
            "nobody can log in with it until the address is confirmed.",
            name=user.name, link=_link(path), days=current_app.config["EMAIL_VERIFICATION_DAYS"],
        ))


def registration_attempt(user, login_path: str, password_path: str) -> None:
    with force_locale(_locale_of(user)):
        send(user.email, _("Someone tried to register with your address"), _(
            "Someone tried to create a new PactPlatform account with this address, which already has one. "
            "Nothing was changed. If it was you, log in instead:\n\n%(login)s\n\n"
            "If it was not you, you need do nothing; you may change your password after logging in:\n\n%(password)s",
            login=_link(login_path), password=_link(password_path),
        ))
