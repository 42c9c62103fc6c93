"""Two different users sign the same integrity pact in the browser; the public page then shows both,
and the pages pass axe-core (WCAG 2 A/AA)."""
import pytest
from playwright.sync_api import expect

from pactplatform.actions import operations, policies
from pactplatform.extensions import db
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.e2e


@pytest.fixture
def open_pact(app):
    with app.app_context():
        admin = factories.user(name="Sri Admin")
        tenant = factories.tenant(admin, slug="biro")
        officer = factories.user(name="Bambang Pejabat")
        factories.member(tenant, officer, "officer")
        monitor = factories.user(name="Dewi Pemantau")
        factories.member(tenant, monitor, "monitor")
        entity = factories.organisation(factories.user(), name="Dinas PU", kind="public_body", nib="")
        alpha = factories.organisation(factories.user(), name="PT Alpha Beton")
        beta = factories.organisation(factories.user(), name="PT Beta Karya")
        signer_a = factories.signer(tenant, alpha, name="Agus Alpha")
        signer_b = factories.signer(tenant, beta, name="Yuli Beta")
        pact = factories.action(tenant, officer, policies.INTEGRITY_PACT, title="Pakta Jembatan Desa",
                                sections={"obligations_bidder": ["Tidak menyuap"]},
                                tender={"code": "T-77", "title": "Jembatan Desa", "procuring_entity_id": entity.id,
                                        "budget_ceiling": 900_000_000, "owner_estimate": 850_000_000, "year": 2026})
        with tenant_scope(tenant.id):
            for firm in (alpha, beta):
                operations.add_party(pact, officer, firm.id, policies.BIDDER)
            operations.assign_monitor(pact, admin, monitor.id)
            operations.change_status(pact, officer, "open")
        db.session.commit()
        return {"pact_id": pact.id, "a": signer_a.email, "b": signer_b.email}


def log_in(page, base, email):
    page.goto(base + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(factories.PASSWORD)
    page.locator("main").get_by_role("button", name="Masuk").click()


def sign_as(page, base, email, pact_id, firm):
    log_in(page, base, email)
    page.goto(f"{base}/t/biro/actions/{pact_id}")
    assert axe_violations(page) == []
    page.get_by_role("link", name=f"Tanda tangani: {firm}").click()
    assert axe_violations(page) == []
    page.get_by_label("Frasa sandi tanda tangan").fill("wrong passphrase")
    page.get_by_role("button", name="Tanda tangani").click()
    expect(page.get_by_text("Frasa sandi tanda tangan salah")).to_be_visible()
    page.get_by_label("Frasa sandi tanda tangan").fill(factories.SIGNING_PASSPHRASE)
    page.get_by_role("button", name="Tanda tangani").click()
    expect(page.get_by_text("Tanda tangan ini sah.")).to_be_visible()
    assert axe_violations(page) == []
    page.locator("header").get_by_role("button", name="Keluar").click()


def test_two_bidders_sign_the_pact_in_the_browser(live_server, page, open_pact):
    sign_as(page, live_server, open_pact["a"], open_pact["pact_id"], "PT Alpha Beton")
    sign_as(page, live_server, open_pact["b"], open_pact["pact_id"], "PT Beta Karya")

    page.goto(f"{live_server}/actions/{open_pact['pact_id']}")
    table = page.get_by_role("table").last
    assert table.get_by_role("cell", name="Agus Alpha").is_visible()
    assert table.get_by_role("cell", name="Yuli Beta").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Verifikasi", exact=True).click()
    assert page.get_by_text("Sah", exact=True).count() == 2
    assert axe_violations(page) == []
