"""Reads of sanctions: the tenant's own (scoped), and the public record across tenants (explicit opt-out,
decided sanctions only: a proposal is internal until the admin issues the decree)."""
from datetime import date

from sqlalchemy import false, or_, select
from sqlalchemy.orm import selectinload

from ..actions.models import CollectiveAction, MonitorAssignment
from ..extensions import db
from ..monitoring import access as monitoring_access
from ..tenancy import queries as tenancy_queries
from ..web import keyset
from ..tenancy import roles as tenant_roles
from ..tenancy.models import Tenant
from . import status as sanction_status
from .models import BARRING, HONOUR_ALL, HONOUR_LIST, IN_FORCE, PROPOSED, HonourSetting, Sanction

PUBLIC = {"all_tenants": True}


def _visible_clause(user):
    roles = set(tenancy_queries.roles_of(user.id))
    if roles & {tenant_roles.ADMIN, tenant_roles.OFFICER}:
        return None
    clauses = []
    if tenant_roles.MONITOR in roles:
        clauses.append(Sanction.action_id.in_(
            select(MonitorAssignment.action_id).where(MonitorAssignment.user_id == user.id)))
    if tenant_roles.REPRESENTATIVE in roles:
        organisations = monitoring_access.represented_ids(user.id)
        if organisations:
            clauses.append(Sanction.organisation_id.in_(organisations) & (Sanction.status != PROPOSED))
    return or_(*clauses) if clauses else false()


def tenant_sanctions(user, case_id: int | None = None) -> list[Sanction]:
    query = select(Sanction).order_by(Sanction.id.desc())
    clause = _visible_clause(user)
    if clause is not None:
        query = query.where(clause)
    if case_id is not None:
        query = query.where(Sanction.case_id == case_id)
    return list(db.session.scalars(query))


def visible_sanction(user, sanction_id: int) -> Sanction | None:
    query = select(Sanction).where(Sanction.id == sanction_id)
    clause = _visible_clause(user)
    if clause is not None:
        query = query.where(clause)
    return db.session.scalar(query)


def honour_setting() -> HonourSetting | None:
    """The current tenant's setting."""
    return db.session.scalar(select(HonourSetting))


def other_tenants(tenant_id: int) -> list[Tenant]:
    return list(db.session.scalars(select(Tenant).where(Tenant.id != tenant_id).order_by(Tenant.name)))


def _public_query(status: str | None, kinds, organisation_id: int | None, today: date, organisation_ids=None):
    query = select(Sanction).where(Sanction.status != PROPOSED)
    if organisation_ids is not None:
        query = query.where(Sanction.organisation_id.in_(organisation_ids))
    if status:
        query = query.where(sanction_status.status_clause(status, today))
    if kinds:
        query = query.where(Sanction.kind.in_(kinds))
    if organisation_id is not None:
        query = query.where(Sanction.organisation_id == organisation_id)
    return query


# What a public row shows, loaded with the page: a fixed number of queries whatever the page size.
_PUBLIC_ROW = (selectinload(Sanction.organisation), selectinload(Sanction.tenant),
               selectinload(Sanction.action).selectinload(CollectiveAction.tender), selectinload(Sanction.case),
               selectinload(Sanction.changes))


PUBLIC_NEWEST = keyset.Sort((Sanction.id,), descending=True)


def public_sanctions_page(status: str | None, kinds, today: date, organisation_ids: list[int] | None = None,
                          after: str | None = None, per_page: int = 20) -> tuple[list[Sanction], str | None]:
    """The public blacklist, latest decided first, by keyset (raises keyset.BadCursor for a foreign cursor)."""
    query = _public_query(status, kinds, None, today, organisation_ids).options(*_PUBLIC_ROW) \
        .execution_options(**PUBLIC)
    return keyset.page(db.session, query, PUBLIC_NEWEST, lambda s: [s.id], after, (int,), per_page)


def all_public_sanctions(status: str | None, kinds, today: date, organisation_ids: list[int] | None = None,
                         batch: int = 500):
    """Every public sanction of the filter, newest first, by keyset batches (a download streams them)."""
    query = _public_query(status, kinds, None, today, organisation_ids).options(
        selectinload(Sanction.organisation), selectinload(Sanction.tenant))
    last = None
    while True:
        page = query if last is None else query.where(Sanction.id < last)
        rows = list(db.session.scalars(page.order_by(Sanction.id.desc()).limit(batch).execution_options(**PUBLIC)))
        yield from rows
        if len(rows) < batch:
            return
        last = rows[-1].id


def public_sanction(sanction_id: int) -> Sanction | None:
    return db.session.scalar(select(Sanction).where(Sanction.id == sanction_id, Sanction.status != PROPOSED)
                             .execution_options(**PUBLIC))


def organisation_sanctions(organisation) -> list[Sanction]:
    return list(db.session.scalars(
        select(Sanction).where(Sanction.organisation_id == organisation.id, Sanction.status != PROPOSED)
        .order_by(Sanction.decided_on.desc(), Sanction.id.desc()).execution_options(**PUBLIC)))


def barring_sanctions(organisation_id: int, tenant_id: int, today: date) -> list[Sanction]:
    """Debarments and blacklistings in force against the organisation that the tenant honours:
    its own, and those of the tenants its setting names (or of every tenant)."""
    return barring_sanctions_of([organisation_id], tenant_id, today).get(organisation_id, [])


def honour_setting_of(tenant_id: int) -> HonourSetting | None:
    return db.session.scalar(select(HonourSetting).where(HonourSetting.tenant_id == tenant_id)
                             .execution_options(**PUBLIC))


def barring_sanctions_of(organisation_ids: list[int], tenant_id: int, today: date,
                         setting: HonourSetting | None = None) -> dict[int, list[Sanction]]:
    """The same for many organisations in one query: organisation id -> its barring sanctions, latest end first."""
    if not organisation_ids:
        return {}
    setting = setting or honour_setting_of(tenant_id)
    query = select(Sanction).where(
        Sanction.organisation_id.in_(organisation_ids), Sanction.kind.in_(BARRING),
        sanction_status.status_clause(IN_FORCE, today))
    if setting is None or setting.mode not in (HONOUR_LIST, HONOUR_ALL):
        query = query.where(Sanction.tenant_id == tenant_id)
    elif setting.mode == HONOUR_LIST:
        query = query.where(Sanction.tenant_id.in_([tenant_id, *setting.honoured_ids]))
    found: dict[int, list[Sanction]] = {}
    for sanction in db.session.scalars(query.order_by(Sanction.ends_on.desc(), Sanction.id.desc())
                                       .execution_options(**PUBLIC)):
        found.setdefault(sanction.organisation_id, []).append(sanction)
    return found
