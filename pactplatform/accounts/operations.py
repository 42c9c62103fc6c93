"""Every write on accounts. Operations validate, flush and never commit (DESIGN.md §2)."""
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ..errors import Conflict
from ..extensions import db
from .models import User

# Compared against when the email is unknown, so a failed login costs the same either way.
_DUMMY_HASH = None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))


def register_user(email: str, name: str, password: str, locale: str | None = None) -> User:
    email = normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(_l("An account with this email already exists."), field="email")
    user = User(email=email, name=name.strip(), password_hash=hash_password(password), locale=locale)
    db.session.add(user)
    db.session.flush()
    return user


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
    return user
