"""Who may see and act on a pact's cases (DESIGN.md §1, roles).

- the tenant's admins and officers: every case of the tenant;
- a monitor: the cases of the pacts they are assigned to, and nothing of other pacts;
- a respondent (a representative of the respondent organisation holding the tenant's representative
  role): the cases against their organisation, once notified, never another party's;
- anyone else (auditors, other parties, other tenants): nothing — the pages answer 404.
"""
from sqlalchemy import and_, false, or_, select

from ..actions.models import CollectiveAction, MonitorAssignment
from ..extensions import db
from ..orgs.models import Representative
from ..tenancy import queries as tenancy_queries
from ..tenancy import roles as tenant_roles
from .models import REPORTED, ViolationCase

STAFF = {tenant_roles.ADMIN, tenant_roles.OFFICER}


def is_assigned_monitor(user_id: int, action_id: int, roles: set[str] | None = None) -> bool:
    roles = roles if roles is not None else set(tenancy_queries.roles_of(user_id))
    if tenant_roles.MONITOR not in roles:
        return False
    return db.session.scalar(select(MonitorAssignment.id).where(
        MonitorAssignment.action_id == action_id, MonitorAssignment.user_id == user_id)) is not None


def represented_ids(user_id: int) -> set[int]:
    return set(db.session.scalars(select(Representative.organisation_id).where(Representative.user_id == user_id)))


def is_respondent(user_id: int, case: ViolationCase, roles: set[str] | None = None) -> bool:
    roles = roles if roles is not None else set(tenancy_queries.roles_of(user_id))
    return tenant_roles.REPRESENTATIVE in roles and case.organisation_id in represented_ids(user_id)


def can_see_case(user, case: ViolationCase) -> bool:
    roles = set(tenancy_queries.roles_of(user.id))
    if roles & STAFF:
        return True
    if is_assigned_monitor(user.id, case.action_id, roles):
        return True
    return case.status != REPORTED and is_respondent(user.id, case, roles)


def visible_cases_clause(user):
    """A WHERE clause on ViolationCase: the cases this user may see in the current tenant."""
    roles = set(tenancy_queries.roles_of(user.id))
    if roles & STAFF:
        return None
    clauses = []
    if tenant_roles.MONITOR in roles:
        assigned = select(MonitorAssignment.action_id).where(MonitorAssignment.user_id == user.id)
        clauses.append(ViolationCase.action_id.in_(assigned))
    if tenant_roles.REPRESENTATIVE in roles:
        organisations = represented_ids(user.id)
        if organisations:
            clauses.append(and_(ViolationCase.organisation_id.in_(organisations), ViolationCase.status != REPORTED))
    return or_(*clauses) if clauses else false()


def can_log_cases(user, action: CollectiveAction) -> bool:
    return action.policy.violations_allowed and is_assigned_monitor(user.id, action.id)
