"""A citizen uploads a copy of a signed pact on its public verification page and reads the verdict."""
import pytest

from pactplatform.actions import operations, pdf, policies
from pactplatform.extensions import db
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories, pdf_tampering
from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.e2e


@pytest.fixture
def signed_pact(app):
    """An open pact signed by its procuring entity and one bidder; its published PDF."""
    with app.app_context():
        admin = factories.user(name="Sri Admin")
        tenant = factories.tenant(admin, slug="biro")
        officer = factories.user(name="Bambang Pejabat")
        factories.member(tenant, officer, "officer")
        monitor = factories.user(name="Dewi Pemantau")
        factories.member(tenant, monitor, "monitor")
        entity = factories.organisation(factories.user(), name="Dinas PU", kind="public_body", nib="")
        alpha = factories.organisation(factories.user(), name="PT Alpha Beton")
        signer_entity = factories.signer(tenant, entity, "officer", name="Kepala Dinas")
        signer_alpha = factories.signer(tenant, alpha, name="Agus Alpha")
        pact = factories.action(tenant, officer, policies.INTEGRITY_PACT, title="Pakta Jembatan Desa",
                                sections={"obligations_bidder": ["Tidak menyuap"]},
                                tender={"code": "T-77", "title": "Jembatan Desa", "procuring_entity_id": entity.id,
                                        "budget_ceiling": 900_000_000, "owner_estimate": 850_000_000, "year": 2026})
        with tenant_scope(tenant.id):
            operations.add_party(pact, officer, alpha.id, policies.BIDDER)
            operations.assign_monitor(pact, admin, monitor.id)
            operations.change_status(pact, officer, "open")
            for person, organisation in ((signer_entity, entity), (signer_alpha, alpha)):
                party = next(p for p in pact.parties if p.organisation_id == organisation.id)
                operations.sign(pact, person, party, factories.SIGNING_PASSPHRASE)
            data = pdf.document_pdf(pact, tenant.name, tenant.default_locale)
        db.session.commit()
        return pact.id, data


def upload(page, base: str, pact_id: int, path) -> None:
    page.goto(f"{base}/verify/actions/{pact_id}")
    page.get_by_label("Berkas PDF").set_input_files(str(path))
    page.get_by_role("button", name="Periksa PDF").click()


def test_a_tampered_copy_is_reported_as_modified_after_signing(live_server, page, signed_pact, tmp_path):
    pact_id, data = signed_pact
    tampered = tmp_path / "pakta-diubah.pdf"
    tampered.write_bytes(pdf_tampering.add_visible_annotation(data))
    upload(page, live_server, pact_id, tampered)
    verdict = page.get_by_test_id("verdict")
    assert verdict.get_attribute("data-verdict") == "modified_after_signing"
    assert verdict.get_by_text("Diubah setelah ditandatangani:").is_visible()
    assert "1 pembaruan inkremental" in verdict.inner_text()
    # Coloured as a danger, and the first thing under the title.
    assert verdict.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(251, 234, 234)"
    assert page.locator("h1 + section").get_attribute("data-testid") == "verdict"
    results = page.get_by_test_id("pdf-results")
    assert results.get_by_text("Berkas diubah setelah tanda tangan ini").count() == 2
    assert axe_violations(page) == []


def test_the_untouched_copy_is_intact(live_server, page, signed_pact, tmp_path):
    pact_id, data = signed_pact
    original = tmp_path / "pakta.pdf"
    original.write_bytes(data)
    upload(page, live_server, pact_id, original)
    verdict = page.get_by_test_id("verdict")
    assert verdict.get_attribute("data-verdict") == "intact"
    assert verdict.get_by_text("Utuh:").is_visible()
    results = page.get_by_test_id("pdf-results")
    assert results.get_by_role("link", name="Dinas PU · Pihak pengadaan").is_visible()
    assert results.get_by_text("seluruh berkas").count() == 1  # the last signature covers the whole file
    assert axe_violations(page) == []
