from sqlalchemy import select

from ..extensions import db
from .models import Organisation, Representative


def organisation(org_id: int) -> Organisation | None:
    return db.session.get(Organisation, org_id)


# The registry's text index answers name searches; it sits above orgs, so it registers itself here at
# start-up (DESIGN.md §2: a lower domain offers a small registry that higher ones fill).
_name_search = []


def provide_name_search(search) -> None:
    """search(query) -> organisation ids matching the query, best first (at most a few hundred)."""
    _name_search[:] = [search]


def matching_ids(query: str) -> list[int] | None:
    """Organisations whose name, former name, NIB or NPWP match; None when there is no query."""
    query = (query or "").strip()
    if not query or not _name_search:
        return None
    return _name_search[0](query)


def represented_by(user) -> list[Organisation]:
    return list(
        db.session.scalars(
            select(Organisation).join(Representative).where(Representative.user_id == user.id).order_by(Organisation.name)
        )
    )


def is_representative(organisation: Organisation, user) -> bool:
    return bool(user.is_authenticated) and any(rep.user_id == user.id for rep in organisation.representatives)
