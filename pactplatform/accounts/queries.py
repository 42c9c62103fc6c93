from sqlalchemy import select

from ..extensions import db
from .models import User


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))
