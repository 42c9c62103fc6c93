"""Tenant isolation, in one place (DESIGN.md §2).

Every tenant-owned model inherits TenantScoped. A `do_orm_execute` hook adds
`tenant_id = <current tenant>` to every ORM statement on such models, so views and queries never
repeat the filter. Inside a web request that did not resolve a tenant, a query on tenant-owned
data is refused unless it opts out explicitly with `.execution_options(all_tenants=True)`: the
public registry and cross-tenant checks do that, and only read published data.
Outside requests (CLI, demo loader) there is no implicit scope; `tenant_scope()` sets one.
"""
from contextlib import contextmanager
from typing import Iterator

from flask import g, has_app_context, has_request_context
from sqlalchemy import ForeignKey, event
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, declared_attr, mapped_column, with_loader_criteria

ALL_TENANTS = "all_tenants"


class TenantScopeError(RuntimeError):
    """Tenant-owned data was touched without a tenant scope or an explicit opt-out."""


class TenantScoped:
    @declared_attr
    def tenant_id(cls) -> Mapped[int]:  # noqa: N805
        return mapped_column(ForeignKey("tenants.id"), index=True)


def current_tenant_id() -> int | None:
    if has_app_context():
        return g.get("_tenant_scope")
    return None


def set_request_tenant(tenant_id: int) -> None:
    g._tenant_scope = tenant_id


@contextmanager
def tenant_scope(tenant_id: int) -> Iterator[None]:
    previous = g.get("_tenant_scope")
    g._tenant_scope = tenant_id
    try:
        yield
    finally:
        g._tenant_scope = previous


def _touches_scoped(state: ORMExecuteState) -> bool:
    return any(issubclass(m.class_, TenantScoped) for m in state.all_mappers)


def _add_tenant_criteria(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.execution_options.get(ALL_TENANTS):
        return
    tenant_id = current_tenant_id()
    if tenant_id is None:
        if has_request_context() and not state.is_relationship_load and _touches_scoped(state):
            raise TenantScopeError(
                "tenant-owned data queried outside a tenant; use execution_options(all_tenants=True) "
                "for a deliberate cross-tenant read"
            )
        return
    state.statement = state.statement.options(
        with_loader_criteria(TenantScoped, lambda cls: cls.tenant_id == tenant_id, include_aliases=True)
    )


def _stamp_new_objects(session: Session, flush_context, instances) -> None:
    tenant_id = current_tenant_id()
    if tenant_id is None:
        return
    for obj in session.new:
        if isinstance(obj, TenantScoped):
            if obj.tenant_id is None:
                obj.tenant_id = tenant_id
            elif obj.tenant_id != tenant_id:
                raise TenantScopeError("refusing to write another tenant's data from this tenant")


_installed = False


def install(db) -> None:
    global _installed
    if _installed:
        return
    event.listen(Session, "do_orm_execute", _add_tenant_criteria)
    event.listen(Session, "before_flush", _stamp_new_objects)
    _installed = True
