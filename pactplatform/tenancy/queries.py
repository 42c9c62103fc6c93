from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..extensions import db
from .models import Invitation, Membership, Tenant


def tenants_of(user) -> list[tuple[Tenant, list[str]]]:
    """Every tenant the user belongs to, with their roles there (a deliberate cross-tenant read)."""
    rows = db.session.execute(
        select(Tenant, Membership.role)
        .join(Membership, Membership.tenant_id == Tenant.id)
        .where(Membership.user_id == user.id)
        .order_by(Tenant.name, Membership.role)
        .execution_options(all_tenants=True)
    )
    grouped: dict[Tenant, list[str]] = defaultdict(list)
    for tenant, role in rows:
        grouped[tenant].append(role)
    return list(grouped.items())


def members() -> list[tuple[User, list[str]]]:
    """The current tenant's members with their roles."""
    rows = db.session.execute(
        select(User, Membership.role).join(Membership, Membership.user_id == User.id).order_by(User.name, Membership.role)
    )
    grouped: dict[User, list[str]] = defaultdict(list)
    for user, role in rows:
        grouped[user].append(role)
    return list(grouped.items())


def roles_of(user_id: int) -> list[str]:
    return list(db.session.scalars(select(Membership.role).where(Membership.user_id == user_id).order_by(Membership.role)))


def member_user(user_id: int) -> User | None:
    """A user, only if they are a member of the current tenant."""
    return db.session.scalar(
        select(User).join(Membership, Membership.user_id == User.id).where(User.id == user_id).limit(1)
    )


def count_by_role() -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for role in db.session.scalars(select(Membership.role)):
        counts[role] += 1
    return dict(counts)


def pending_invitations() -> list[Invitation]:
    """The current tenant's invitations that wait for an answer, oldest first."""
    return list(db.session.scalars(
        select(Invitation).options(selectinload(Invitation.invited_by)).order_by(Invitation.created_at, Invitation.id)
    ))


def invitations_for(user) -> list[Invitation]:
    """Invitations to the user's confirmed address, from every tenant (a deliberate cross-tenant read of
    offers made to this very person)."""
    if not user.email_verified:
        return []
    return list(db.session.scalars(
        select(Invitation).where(Invitation.email == user.email)
        .options(selectinload(Invitation.tenant), selectinload(Invitation.invited_by))
        .order_by(Invitation.created_at, Invitation.id).execution_options(all_tenants=True)
    ))


def invitation_for(user, invitation_id: int) -> Invitation | None:
    """One invitation, only if it is addressed to the user."""
    return db.session.scalar(
        select(Invitation).where(Invitation.id == invitation_id, Invitation.email == user.email)
        .execution_options(all_tenants=True)
    )
