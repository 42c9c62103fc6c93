"""What every demo loader shares: the demo's secrets (printed for the newcomer) and lookups by name."""
from sqlalchemy import select

from ..accounts import operations as accounts
from ..accounts.models import User
from ..extensions import db
from ..orgs.models import Organisation
from ..tenancy.models import Tenant

DEMO_PASSWORD = "demo-integritas-2026"
SIGNING_PASSPHRASE = "tanda-tangan-integritas"


def org(name: str) -> Organisation:
    return db.session.scalar(select(Organisation).where(Organisation.name == name))


def tenant(slug: str) -> Tenant:
    return db.session.scalar(select(Tenant).where(Tenant.slug == slug))


def person(email: str, name: str, locale: str) -> User:
    """A demo account whose address counts as confirmed (nobody can open a link sent to a demo address)."""
    user = accounts.register_user(email, name, DEMO_PASSWORD, locale)
    accounts.mark_email_verified(user)
    return user
