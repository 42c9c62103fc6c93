from sqlalchemy import func, or_, select

from ..extensions import db
from .models import Organisation, Representative


def organisation(org_id: int) -> Organisation | None:
    return db.session.get(Organisation, org_id)


def directory(search: str = "", limit: int = 200) -> list[Organisation]:
    query = select(Organisation).order_by(Organisation.name).limit(limit)
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(or_(func.lower(Organisation.name).like(pattern), func.lower(Organisation.sector).like(pattern)))
    return list(db.session.scalars(query))


def represented_by(user) -> list[Organisation]:
    return list(
        db.session.scalars(
            select(Organisation).join(Representative).where(Representative.user_id == user.id).order_by(Organisation.name)
        )
    )


def is_representative(organisation: Organisation, user) -> bool:
    return bool(user.is_authenticated) and any(rep.user_id == user.id for rep in organisation.representatives)
