"""A certification body: a tenant with an admin (the committee), an auditor, published schemes of both
templates, a firm and a public work unit, each with a representative who has a signing key."""
import pytest

from pactplatform.certification import operations
from pactplatform.extensions import db
from pactplatform.signing import operations as signing
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def body(app_ctx):
    admin = factories.user(name="Ketua Komite")
    tenant = factories.tenant(admin, slug="kadin")
    signing.create_signing_key(admin, factories.SIGNING_PASSPHRASE)
    auditor = factories.user(name="Auditor Satu")
    factories.member(tenant, auditor, "auditor")
    signing.create_signing_key(auditor, factories.SIGNING_PASSPHRASE)
    firm = factories.organisation(factories.user(), name="PT Jujur Abadi")
    unit = factories.organisation(factories.user(), name="Kantor Pertanahan Kota", kind="public_body", nib="")
    firm_rep = factories.signer(tenant, firm, name="Direktur Jujur")
    unit_head = factories.signer(tenant, unit, name="Kepala Kantor")
    with tenant_scope(tenant.id):
        coalition = operations.create_scheme(tenant, admin, "coalition")
        operations.publish(coalition, admin)
        zi = operations.create_scheme(tenant, admin, "zona_integritas")
        operations.publish(zi, admin)
    db.session.commit()
    return {"tenant": tenant, "admin": admin, "auditor": auditor, "firm": firm, "unit": unit, "firm_rep": firm_rep,
            "unit_head": unit_head, "coalition": coalition, "zi": zi}
