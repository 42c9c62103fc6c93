"""Resolving `<tenant_slug>` in URLs to the current tenant, and the role checks that follow it."""
from functools import wraps

from flask import abort, g
from flask_login import current_user, login_required
from sqlalchemy import select

from ..extensions import db
from ..tenancy import scoping
from ..tenancy.models import Membership, Tenant


def pull_tenant(endpoint, values) -> None:
    """url_value_preprocessor: every `/t/<tenant_slug>/…` URL resolves its tenant or is a 404."""
    if not values or "tenant_slug" not in values:
        return
    slug = values.pop("tenant_slug")
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        abort(404)
    g.tenant = tenant
    scoping.set_request_tenant(tenant.id)


def push_tenant(endpoint, values) -> None:
    """url_defaults: url_for() inside a tenant fills in its slug."""
    tenant = g.get("tenant")
    if tenant is not None and "tenant_slug" not in values and _takes_tenant(endpoint):
        values["tenant_slug"] = tenant.slug


def _takes_tenant(endpoint: str) -> bool:
    from flask import current_app

    return any("tenant_slug" in rule.arguments for rule in current_app.url_map.iter_rules(endpoint))


def current_roles() -> frozenset[str]:
    """The signed-in user's roles in the current tenant (cached for the request)."""
    if "roles" not in g:
        roles: frozenset[str] = frozenset()
        if g.get("tenant") is not None and current_user.is_authenticated:
            roles = frozenset(
                db.session.scalars(select(Membership.role).where(Membership.user_id == current_user.id))
            )
        g.roles = roles
    return g.roles


def member_required(*roles: str):
    """Login first; then a member of this tenant, else 404; then one of `roles` (if given), else 403.

    404 for non-members: they learn nothing about what the tenant holds.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            mine = current_roles()
            if not mine:
                abort(404)
            if roles and not mine.intersection(roles):
                abort(403)
            return view(*args, **kwargs)

        wrapper.tenant_roles = roles
        return wrapper

    return decorator
