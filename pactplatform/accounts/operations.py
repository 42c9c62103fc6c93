"""Every write on accounts. Operations validate, flush and never commit (DESIGN.md §2)."""
import hashlib

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ..errors import Conflict, OperationError
from ..extensions import db
from ..timeutil import utcnow
from . import notices, passwords
from .models import User

# Compared against when the email is unknown, so a failed login costs the same either way.
_DUMMY_HASH = None
_VERIFICATION_SALT = "pactplatform.accounts.email-verification"


class EmailNotVerified(OperationError):
    """The password was right, but the owner of the address has not confirmed it yet."""

    status = 403


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))


def _check_password_policy(password: str, email: str, name: str) -> None:
    reason = passwords.problem(password, email, name)
    if reason is not None:
        raise OperationError(reason, field="password")


def register_user(email: str, name: str, password: str, locale: str | None = None) -> User:
    """A new, not yet verified account. The public form goes through request_registration() instead,
    which answers the same whether or not the address is taken; this one says so (demo, tests, CLI)."""
    email = normalise_email(email)
    _check_password_policy(password, email, name)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(_l("An account with this email already exists."), field="email")
    user = User(email=email, name=name.strip(), password_hash=hash_password(password), locale=locale)
    db.session.add(user)
    db.session.flush()
    return user


def request_registration(email: str, name: str, password: str, locale: str | None = None) -> None:
    """What the registration form does. The visitor learns nothing about whether the address has an
    account: every path hashes one password and sends one message to the address, and only the owner
    of the address reads which one it was."""
    email = normalise_email(email)
    _check_password_policy(password, email, name)
    existing = db.session.scalar(select(User).where(User.email == email))
    if existing is None:
        user = register_user(email, name, password, locale)
        notices.verification(user, _verification_path(user))
    elif not existing.email_verified:
        # An unconfirmed account is only a claim on the address: the latest registration replaces it,
        # and the links sent for earlier ones stop working (they are bound to the password hash), so
        # whoever registered first cannot have the owner confirm an account whose password they know.
        existing.name = name.strip()
        existing.password_hash = hash_password(password)
        existing.locale = locale or existing.locale
        db.session.flush()
        notices.verification(existing, _verification_path(existing))
    else:
        hash_password(password)
        notices.registration_attempt(existing, url_for("accounts.login"), url_for("accounts.change_password"))


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_VERIFICATION_SALT)


def _password_fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode("utf-8")).hexdigest()[:16]


def verification_token(user: User) -> str:
    return _serializer().dumps({"user": user.id, "email": user.email, "password": _password_fingerprint(user)})


def _verification_path(user: User) -> str:
    return url_for("accounts.confirm_email", token=verification_token(user))


def user_for_verification(token: str) -> User:
    """The account a verification link names, if the link is genuine, unexpired and still current."""
    max_age = current_app.config["EMAIL_VERIFICATION_DAYS"] * 24 * 3600
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise OperationError(_l("This link has expired. Register again with the same address to get a new one."))
    except BadSignature:
        raise OperationError(_l("This link is not valid. Check that you copied all of it."))
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) and isinstance(data.get("user"), int) else None
    if user is None or user.email != data.get("email") or _password_fingerprint(user) != data.get("password"):
        raise OperationError(_l("This link is no longer valid: a newer one was sent to the address."))
    return user


def confirm_email(token: str) -> User:
    user = user_for_verification(token)
    mark_email_verified(user)
    return user


def mark_email_verified(user: User) -> None:
    """The address is the user's: from a verification link, or for accounts created by the demo and tests."""
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        db.session.flush()


def authenticate(email: str, password: str) -> User | None:
    global _DUMMY_HASH
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = hash_password("not a real password")
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.active or not check_password_hash(user.password_hash, password):
        return None
    if not user.email_verified:
        raise EmailNotVerified(_l(
            "Confirm your email address first: open the link we sent to %(email)s. "
            "To get a new link, register again with the same address.", email=user.email))
    return user


def end_sessions(user: User) -> None:
    """Every session and remember cookie issued to the user so far stops working (logout, password change)."""
    user.session_generation = (user.session_generation or 0) + 1
    db.session.flush()


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not check_password_hash(user.password_hash, current_password):
        raise OperationError(_l("The current password is wrong."), field="current_password")
    _check_password_policy(new_password, user.email, user.name)
    user.password_hash = hash_password(new_password)
    end_sessions(user)
