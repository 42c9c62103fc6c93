"""Every write on tenants and memberships. Each takes the actor, validates, flushes, logs; never commits.

Who holds which role decides who may sign for a procuring entity, monitor or audit, so every
grant and revocation goes to the transparency log in the same transaction.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts import queries as account_queries
from ..accounts.models import User
from ..accounts.operations import normalise_email
from ..errors import Conflict, NotFound, OperationError
from ..extensions import db
from ..ledger.operations import append as log_event
from ..validation import checked_text, required_text
from . import notices
from . import roles as role_names
from .models import Invitation, Membership, Tenant
from .scoping import tenant_scope


def create_tenant(actor: User, name: str, slug: str, description: str = "", default_locale: str = "id") -> Tenant:
    slug = slug.strip().lower()
    name = required_text(name, "name", 200, multiline=False)
    description = checked_text(description, "description", 2000)
    if db.session.scalar(select(Tenant.id).where(Tenant.slug == slug)) is not None:
        raise Conflict(_l("This address is already taken; choose another."), field="slug")
    tenant = Tenant(name=name, slug=slug, description=description, default_locale=default_locale)
    db.session.add(tenant)
    db.session.flush()
    with tenant_scope(tenant.id):
        _grant(tenant, actor, role_names.ADMIN)
    return tenant


def _check_roles(roles: list[str]) -> set[str]:
    wanted = set(roles)
    if not wanted:
        raise OperationError(_l("Choose at least one role."), field="roles")
    unknown = wanted - set(role_names.ROLES)
    if unknown:
        raise OperationError(_l("Unknown role: %(role)s.", role=", ".join(sorted(unknown))), field="roles")
    return wanted


def _grant(tenant: Tenant, user: User, role: str) -> Membership:
    membership = Membership(tenant_id=tenant.id, user_id=user.id, role=role)
    db.session.add(membership)
    db.session.flush()
    log_event("membership.granted", membership, tenant_id=tenant.id)
    return membership


def _revoke(tenant: Tenant, membership: Membership) -> None:
    log_event("membership.revoked", membership, tenant_id=tenant.id, removed=True)
    db.session.delete(membership)
    db.session.flush()


def _memberships_of(user_id: int) -> list[Membership]:
    return list(db.session.scalars(select(Membership).where(Membership.user_id == user_id)))


def _admins_left_after(user_id: int, keeps_admin: bool) -> int:
    others = db.session.scalar(
        select(db.func.count(Membership.id)).where(Membership.role == role_names.ADMIN, Membership.user_id != user_id)
    )
    return others + (1 if keeps_admin else 0)


def _member_already(email: str) -> User | None:
    user = account_queries.user_by_email(email)
    return user if user is not None and _memberships_of(user.id) else None


def _offer(tenant: Tenant, actor: User | None, email: str, roles: list[str]) -> Invitation:
    wanted = _check_roles(roles)
    email = normalise_email(email)
    member = _member_already(email)
    if member is not None:
        raise Conflict(_l("%(name)s is already a member; change their roles instead.", name=member.name), field="email")
    if db.session.scalar(select(Invitation.id).where(Invitation.email == email)) is not None:
        raise Conflict(_l("%(email)s is already invited; the invitation waits for an answer.", email=email), field="email")
    invitation = Invitation(tenant_id=tenant.id, email=email, roles=" ".join(sorted(wanted)),
                            invited_by_id=actor.id if actor is not None else None)
    db.session.add(invitation)
    db.session.flush()
    return invitation


def invite_member(tenant: Tenant, actor: User, email: str, roles: list[str]) -> Invitation:
    """Offer roles to whoever owns `email`, with an account already or not: the answer is the same, so an
    administrator learns nothing about who has an account. Nobody becomes a member without accepting."""
    invitation = _offer(tenant, actor, email, roles)
    notices.invitation(invitation)
    return invitation


def accept_invitation(invitation: Invitation, user: User) -> list[Membership]:
    """The invited person says yes: the invitation becomes their memberships (logged), and is gone."""
    _check_invitee(invitation, user)
    if not user.email_verified:
        raise OperationError(_l("Confirm your email address first."))
    tenant = invitation.tenant
    with tenant_scope(tenant.id):
        held = {m.role for m in _memberships_of(user.id)}
        granted = [_grant(tenant, user, role) for role in invitation.role_list if role not in held]
        db.session.delete(invitation)
        db.session.flush()
    return granted


def decline_invitation(invitation: Invitation, user: User) -> None:
    _check_invitee(invitation, user)
    db.session.delete(invitation)
    db.session.flush()


def withdraw_invitation(tenant: Tenant, actor: User, invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.tenant_id != tenant.id:
        raise NotFound(_l("This invitation does not exist or was already answered."))
    db.session.delete(invitation)
    db.session.flush()
    return invitation


def _check_invitee(invitation: Invitation, user: User) -> None:
    if invitation.email != user.email:
        raise NotFound(_l("This invitation does not exist or was already answered."))


def add_member(tenant: Tenant, actor: User | None, email: str, roles: list[str]) -> User:
    """Invite and accept at once, for the demo, the CLI and tests, where the person's consent is given by
    whoever runs them. No page calls this: on the web, membership is always an accepted invitation."""
    user = account_queries.user_by_email(email)
    if user is None:
        raise NotFound(
            _l("No account uses %(email)s. Ask the person to register first, then add them.", email=email.strip()),
            field="email",
        )
    accept_invitation(_offer(tenant, actor, email, roles), user)
    return user


def set_roles(tenant: Tenant, actor: User, user_id: int, roles: list[str]) -> User:
    wanted = _check_roles(roles)
    current = {m.role: m for m in _memberships_of(user_id)}
    if not current:
        raise NotFound(_l("This person is not a member."))
    if _admins_left_after(user_id, role_names.ADMIN in wanted) == 0:
        raise OperationError(_l("A tenant needs at least one administrator."), field="roles")
    user = db.session.get(User, user_id)
    for role in sorted(set(current) - wanted):
        _revoke(tenant, current[role])
    for role in sorted(wanted - set(current)):
        _grant(tenant, user, role)
    return user


def remove_member(tenant: Tenant, actor: User, user_id: int) -> None:
    memberships = _memberships_of(user_id)
    if not memberships:
        raise NotFound(_l("This person is not a member."))
    if _admins_left_after(user_id, keeps_admin=False) == 0:
        raise OperationError(_l("A tenant needs at least one administrator."))
    for membership in memberships:
        _revoke(tenant, membership)
