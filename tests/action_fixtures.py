"""Fixtures for tests that need collective actions: a bureau with signers, an open integrity pact.

Loaded for the whole suite by tests/conftest.py (pytest_plugins), so any domain's tests can use them."""
import pytest

from pactplatform.actions import policies
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories


@pytest.fixture
def bureau(app_ctx):
    """A procurement bureau with an officer, a public body and two firms, each with a signer."""
    admin = factories.user(name="Admin")
    tenant = factories.tenant(admin, slug="biro")
    officer = factories.user(name="Officer")
    factories.member(tenant, officer, "officer")
    public_body = factories.organisation(factories.user(), name="Dinas PU", kind="public_body", nib="")
    firm_a = factories.organisation(factories.user(), name="PT Alpha")
    firm_b = factories.organisation(factories.user(), name="PT Beta")
    return {
        "tenant": tenant, "admin": admin, "officer": officer, "public_body": public_body,
        "firm_a": firm_a, "firm_b": firm_b,
        "signer_pb": factories.signer(tenant, public_body, "officer", name="Kepala Dinas"),
        "signer_a": factories.signer(tenant, firm_a, name="Direktur Alpha"),
        "signer_b": factories.signer(tenant, firm_b, name="Direktur Beta"),
    }


TENDER = {"code": "T-001", "title": "Jalan Desa", "budget_ceiling": 1_000_000_000, "owner_estimate": 950_000_000,
          "year": 2026, "stage": "selection"}


@pytest.fixture
def pact(bureau):
    """An open integrity pact: the public body procures, both firms bid, one monitor is assigned."""
    from pactplatform.actions import operations

    monitor = factories.user(name="Pemantau")
    factories.member(bureau["tenant"], monitor, "monitor")
    created = factories.action(
        bureau["tenant"], bureau["officer"], policies.INTEGRITY_PACT, title="Pakta Jalan Desa",
        sections={"obligations_bidder": ["Tidak menyuap"]},
        tender={**TENDER, "procuring_entity_id": bureau["public_body"].id},
    )
    with tenant_scope(bureau["tenant"].id):
        operations.add_party(created, bureau["officer"], bureau["firm_a"].id, policies.BIDDER)
        operations.add_party(created, bureau["officer"], bureau["firm_b"].id, policies.BIDDER)
        operations.assign_monitor(created, bureau["admin"], monitor.id)
        operations.change_status(created, bureau["officer"], "open")
    from pactplatform.extensions import db

    db.session.commit()
    bureau["monitor"] = monitor
    return created


def party_of(action, organisation):
    return next(p for p in action.parties if p.organisation_id == organisation.id)
