"""Who may do what in an action's collaboration pages, in one place each.

Coordinators: the one rule of the progress domain (`progress.coordinators.can_coordinate`): the tenant's
admins and officers, and the representatives of member organisations named coordinator.
Members: representatives of the organisations that signed, endorsed or joined the action (a signature in
effect)."""
from sqlalchemy import select

from ..actions.models import Signature
from ..extensions import db
from ..orgs.models import Organisation, Representative
from ..progress import coordinators
from ..tenancy import roles

COORDINATOR_ROLES = (roles.ADMIN, roles.OFFICER)


can_coordinate = coordinators.can_coordinate


def member_organisation_ids(action) -> set[int]:
    """The organisations that stand behind the action: a signature of theirs in effect."""
    return set(db.session.scalars(select(Signature.organisation_id).where(
        Signature.action_id == action.id, Signature.in_effect)))


def member_organisations(action) -> list[Organisation]:
    ids = member_organisation_ids(action)
    if not ids:
        return []
    return list(db.session.scalars(select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)))


def represented_members(user, action) -> list[Organisation]:
    """The action's member organisations that this user represents."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    ids = member_organisation_ids(action)
    if not ids:
        return []
    return list(db.session.scalars(
        select(Organisation).join(Representative, Representative.organisation_id == Organisation.id)
        .where(Representative.user_id == user.id, Organisation.id.in_(ids)).order_by(Organisation.name)))


def is_member(user, action) -> bool:
    return bool(represented_members(user, action))


def can_view(user, action) -> bool:
    """The collaboration pages are for the members and the coordinators."""
    return can_coordinate(user, action) or is_member(user, action)
