"""Who a notification is for, worked out from its subject: an organisation's representatives, an action's
monitors, the followers of an organisation, an action or a tenant."""
from sqlalchemy import or_, select

from ..extensions import db
from ..orgs.models import Representative
from .models import ACTION, ORGANISATION, TENANT, Follow


def representatives(organisation_id: int) -> list[int]:
    return list(db.session.scalars(select(Representative.user_id)
                                   .where(Representative.organisation_id == organisation_id)))


def monitors(action_id: int) -> list[int]:
    from ..actions.models import MonitorAssignment

    return list(db.session.scalars(select(MonitorAssignment.user_id).where(MonitorAssignment.action_id == action_id)
                                   .execution_options(all_tenants=True)))


def followers(organisation_id: int | None = None, action_id: int | None = None,
              tenant_id: int | None = None) -> list[int]:
    targets = [(t, i) for t, i in ((ORGANISATION, organisation_id), (ACTION, action_id), (TENANT, tenant_id))
               if i is not None]
    if not targets:
        return []
    clause = or_(*[(Follow.target_type == t) & (Follow.target_id == i) for t, i in targets])
    return sorted(set(db.session.scalars(select(Follow.user_id).where(clause))))


