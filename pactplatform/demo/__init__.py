"""A believable Indonesian demo, built through the same operations the web uses.

One module per domain, each with `load(users)`, run in domain order (lower domains first), so a
newcomer always sees a portal that is alive. A later capability adds its module to LOADERS.
"""
import click
from sqlalchemy import select

from ..accounts.models import User
from ..extensions import db
from . import (
    actions, certification, collaboration, foundation, notifications, opendata, procurement, progress, reports, risk,
    sanctions,
)
from .common import DEMO_PASSWORD, SIGNING_PASSPHRASE

__all__ = ["DEMO_PASSWORD", "SIGNING_PASSPHRASE", "LOADERS", "load_demo"]

# accounts, tenancy and orgs; then actions and signatures; then procurement data and its red flags;
# then monitoring and sanctions; then the risk methodologies and assessments the scores follow; then
# certification (a sanction in force suspends a certificate); then the register of suppliers imported in bulk;
# then the goals and progress of the actions and the coalition's working arrangements (its members joined
# through certification); then anonymous reports (one becomes a case); last, the notifications all of that
# left waiting.
LOADERS = (foundation.load, actions.load, procurement.load, sanctions.load, risk.load, certification.load,
           opendata.load, progress.load, collaboration.load, reports.load, notifications.load)


def load_demo(if_empty: bool = False) -> None:
    """Everything the demo holds, committed once at the end: a failure leaves the database untouched."""
    if if_empty and db.session.scalar(select(User.id).limit(1)) is not None:
        click.echo("The database already holds data; the demo was not loaded.")
        return
    users: dict[str, User] = {}
    for load in LOADERS:
        load(users)
    db.session.commit()
    _print_logins()


def _print_logins() -> None:
    """Every tenant with its members and roles, read back from the database."""
    from ..tenancy.models import Membership, Tenant

    click.echo("Demo loaded. Every demo account uses the password: " + DEMO_PASSWORD)
    click.echo("Demo signers' signing passphrase (asked at every signature): " + SIGNING_PASSPHRASE)
    for tenant in db.session.scalars(select(Tenant).order_by(Tenant.id)):
        click.echo(f"\n{tenant.name}  (/t/{tenant.slug}/)")
        rows = db.session.execute(
            select(User.email, Membership.role).join(Membership, Membership.user_id == User.id)
            .where(Membership.tenant_id == tenant.id).order_by(Membership.id).execution_options(all_tenants=True)
        )
        roles: dict[str, list[str]] = {}
        for email, role in rows:
            roles.setdefault(email, []).append(role)
        for email, held in roles.items():
            click.echo(f"  {', '.join(held):<28} {email}")
