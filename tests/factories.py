"""Factories build exactly what a test needs, through the real operations, and commit it."""
import itertools

from pactplatform.accounts import operations as accounts
from pactplatform.extensions import db
from pactplatform.orgs import operations as orgs
from pactplatform.tenancy import operations as tenancy
from pactplatform.tenancy.scoping import tenant_scope

PASSWORD = "correct horse battery"
_sequence = itertools.count(1)


def user(name: str | None = None, email: str | None = None, password: str = PASSWORD, locale: str | None = None):
    n = next(_sequence)
    created = accounts.register_user(email or f"user{n}@example.org", name or f"User {n}", password, locale)
    accounts.mark_email_verified(created)
    db.session.commit()
    return created


def tenant(admin, slug: str | None = None, name: str | None = None):
    n = next(_sequence)
    created = tenancy.create_tenant(admin, name or f"Tenant {n}", slug or f"tenant-{n}")
    db.session.commit()
    return created


def member(tenant_, person, *roles: str):
    """Invited and accepted at once (tenancy.operations.add_member)."""
    with tenant_scope(tenant_.id):
        tenancy.add_member(tenant_, None, person.email, list(roles))
    db.session.commit()
    return person


def organisation(representative, name: str | None = None, kind: str = "firm", nib: str | None = None,
                 npwp: str | None = None):
    n = next(_sequence)
    created = orgs.register_organisation(
        representative, name or f"PT Contoh {n}", kind,
        nib if nib is not None else f"{9120000000000 + n:013d}",
        npwp if npwp is not None else f"{10000000000000 + n:015d}",
    )
    db.session.commit()
    return created


SIGNING_PASSPHRASE = "a signing passphrase"


def signer(tenant_, organisation_, *roles: str, name: str | None = None):
    """A user who represents the organisation, holds `roles` in the tenant and has a signing key."""
    from pactplatform.orgs import operations as org_operations
    from pactplatform.orgs.models import Organisation
    from pactplatform.signing import operations as signing

    person = user(name=name)
    organisation_ = db.session.get(Organisation, organisation_.id)
    first = organisation_.representatives[0].user
    org_operations.add_representative(organisation_, first, person.email)
    member(tenant_, person, *(roles or ("representative",)))
    signing.create_signing_key(person, SIGNING_PASSPHRASE)
    db.session.commit()
    return person


def action(tenant_, author, kind: str, **fields):
    from pactplatform.actions import operations as action_operations

    with tenant_scope(tenant_.id):
        created = action_operations.create_action(tenant_, author, kind, fields.pop("title", "Aksi bersama"), **fields)
    db.session.commit()
    return created
