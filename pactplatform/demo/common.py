"""What every demo loader shares: the demo's secrets (printed for the newcomer) and lookups by name."""
from sqlalchemy import select

from ..extensions import db
from ..orgs.models import Organisation
from ..tenancy.models import Tenant

DEMO_PASSWORD = "demo-integritas-2026"
SIGNING_PASSPHRASE = "tanda-tangan-integritas"


def org(name: str) -> Organisation:
    return db.session.scalar(select(Organisation).where(Organisation.name == name))


def tenant(slug: str) -> Tenant:
    return db.session.scalar(select(Tenant).where(Tenant.slug == slug))
