"""One submit of a form with several mistakes shows every message next to its field, in Indonesian, and keeps
what was typed (issue 9 §4), in a real Chromium."""
import os

import pytest

from pactplatform.extensions import db
from tests import factories
from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("PACT_SCREENSHOTS")


@pytest.fixture
def officer(app):
    with app.app_context():
        admin = factories.user(name="Sri Admin")
        tenant = factories.tenant(admin, slug="biro", name="Biro Pengadaan")
        person = factories.user(name="Bambang Pejabat")
        factories.member(tenant, person, "officer")
        entity = factories.organisation(factories.user(), name="Dinas PU", kind="public_body", nib="")
        db.session.commit()
        return {"email": person.email, "entity_id": entity.id}


def test_the_tender_form_shows_all_its_errors_at_once_in_indonesian(live_server, page, officer):
    page.goto(live_server + "/login")
    page.locator("main input[name=email]").fill(officer["email"])
    page.locator("main input[name=password]").fill(factories.PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto(live_server + "/t/biro/actions/new?kind=integrity_pact")
    assert page.locator("html").get_attribute("lang") == "id"

    page.locator("#summary").fill("Ringkasan yang diketik")
    page.locator("#starts_on").fill("2026-08-01")
    page.locator("#ends_on").fill("2026-07-01")
    page.locator("#tender_code").fill("T-9")
    page.locator("#tender_title").fill("Jembatan Desa")
    page.locator("#tender_procuring_entity_id").select_option(str(officer["entity_id"]))
    page.locator("#tender_budget_ceiling").fill("100.000.000")
    page.locator("#tender_owner_estimate").fill("200.000.000")
    page.locator("#tender_year").fill("1999")
    page.locator("main form button[type=submit]").last.click()

    expected = {
        "title": "Kolom ini wajib diisi.",
        "ends_on": "Tanggal berakhir lebih awal dari tanggal mulai.",
        "tender_owner_estimate": "HPS tidak boleh melebihi pagu anggaran.",
        "tender_year": "Isi bilangan bulat dari 2000 sampai 2100.",
    }
    for name, message in expected.items():
        error = page.locator(f"#{name}-error")
        assert error.inner_text() == message
        # next to its field: inside the same .field block, and announced with it
        assert page.locator(f".field:has(#{name}) #{name}-error").count() == 1
        assert f"{name}-error" in (page.locator(f"#{name}").get_attribute("aria-describedby") or "")
    assert page.locator("#summary").input_value() == "Ringkasan yang diketik"
    assert page.locator("#tender_owner_estimate").input_value().replace(".", "") == "200000000"
    assert "Paling banyak 300 karakter." in page.locator("#title-help").inner_text()
    assert axe_violations(page) == []
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "forms-all-errors.png"), full_page=True)
