"""Messages to a person's e-mail address: the platform's one way of sending mail.

With SMTP_HOST configured, a message goes over SMTP (port, STARTTLS or implicit TLS, credentials: config.py).
Without it (development, `make run`), it is written to instance/outbox/<message id>.eml and the application
log shows it (at warning level, so a developer running the portal sees it and can follow a verification link).
Callers hand over the address, the subject and the text; the notification worker also passes a Message-ID,
its idempotency key: a retried message keeps its id, so the outbox file is rewritten rather than doubled and a
receiving system can drop a repeat.
"""
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _


def _message(to: str, subject: str, body: str, message_id: str | None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = message_id or make_msgid(domain="pactplatform")
    message.set_content(body)
    return message


def _smtp(message: EmailMessage) -> None:
    config = current_app.config
    host, port, tls = config["SMTP_HOST"], int(config["SMTP_PORT"]), config["SMTP_TLS"]
    timeout = config["SMTP_TIMEOUT_SECONDS"]
    if tls == "ssl":
        connection = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        connection = smtplib.SMTP(host, port, timeout=timeout)
    with connection:
        if tls == "starttls":
            connection.starttls(context=ssl.create_default_context())
        if config.get("SMTP_USERNAME"):
            connection.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD") or "")
        connection.send_message(message)


def outbox_dir() -> Path:
    return Path(current_app.config.get("MAIL_OUTBOX_DIR") or Path(current_app.instance_path) / "outbox")


def _file_name(message_id: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in message_id.strip("<>")) + ".eml"


def _write_outbox(message: EmailMessage) -> Path:
    folder = outbox_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / _file_name(message["Message-ID"])
    partial = path.with_suffix(".part")
    partial.write_bytes(bytes(message))
    partial.replace(path)  # a reader never sees half a message
    return path


def send(to: str, subject: str, body: str, message_id: str | None = None) -> None:
    message = _message(to, subject, body, message_id)
    if current_app.config.get("SMTP_HOST"):
        _smtp(message)
        return
    path = _write_outbox(message)
    current_app.logger.warning("E-mail to %s (no SMTP server is configured; written to %s and shown here)\n"
                               "Subject: %s\n\n%s", to, path, subject, body)


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
