"""Building a small real log through the platform's own operations."""
from pactplatform.extensions import db
from tests import factories


def populate(organisations: int = 3) -> dict:
    """A user, a tenant with a member, and organisations: every write logged by its operation."""
    admin = factories.user()
    tenant = factories.tenant(admin)
    member = factories.member(tenant, factories.user(), "monitor")
    orgs = [factories.organisation(admin) for _ in range(organisations)]
    db.session.commit()
    return {"admin": admin, "tenant": tenant, "member": member, "orgs": orgs}
