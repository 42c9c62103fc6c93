from sqlalchemy import select

from ..extensions import db
from .models import Organisation, Representative


def organisation(org_id: int) -> Organisation | None:
    return db.session.get(Organisation, org_id)


def represented_by(user) -> list[Organisation]:
    return list(
        db.session.scalars(
            select(Organisation).join(Representative).where(Representative.user_id == user.id).order_by(Organisation.name)
        )
    )


def is_representative(organisation: Organisation, user) -> bool:
    return bool(user.is_authenticated) and any(rep.user_id == user.id for rep in organisation.representatives)
