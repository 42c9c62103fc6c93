"""Who coordinates an action: the tenant's officers and admins, and the representatives of the member
organisations an officer named coordinator. One function answers it for every domain that asks."""
from sqlalchemy import select

from ..actions.models import CollectiveAction
from ..extensions import db
from ..orgs.models import Representative
from ..tenancy import roles as tenant_roles
from ..tenancy.models import Membership
from .models import ActionCoordinator

TENANT_COORDINATORS = (tenant_roles.ADMIN, tenant_roles.OFFICER)


def is_tenant_coordinator(user, tenant_id: int) -> bool:
    """An officer or admin of the action's tenant (they run every action of it)."""
    return db.session.scalar(
        select(Membership.id).where(Membership.user_id == user.id, Membership.tenant_id == tenant_id,
                                    Membership.role.in_(TENANT_COORDINATORS))
        .limit(1).execution_options(all_tenants=True)) is not None


def coordinating_organisations(action: CollectiveAction) -> list[ActionCoordinator]:
    """The named coordinator organisations in office (not removed)."""
    return list(db.session.scalars(
        select(ActionCoordinator).where(ActionCoordinator.action_id == action.id,
                                        ActionCoordinator.removed_at.is_(None))
        .order_by(ActionCoordinator.id).execution_options(all_tenants=True)))


def can_coordinate(user, action: CollectiveAction) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if is_tenant_coordinator(user, action.tenant_id):
        return True
    return db.session.scalar(
        select(ActionCoordinator.id)
        .join(Representative, Representative.organisation_id == ActionCoordinator.organisation_id)
        .where(ActionCoordinator.action_id == action.id, ActionCoordinator.removed_at.is_(None),
               Representative.user_id == user.id)
        .limit(1).execution_options(all_tenants=True)) is not None
