"""Issue 11 (risk half) in the browser: the admin publishes a methodology with a deliberate error, sees it named
next to its field and fixes it; an officer uploads an OCDS file and sees its flags, records a risk event and
finds it on the dashboard's heat map; a signature from an organisation in the high band asks for an officer's
justification. Indonesian first, then English; axe-core finds nothing serious or critical on any page."""
import os
from datetime import timedelta

import pytest

from pactplatform.actions import operations as actions
from pactplatform.actions import policies
from pactplatform.extensions import db
from pactplatform.monitoring import clock
from pactplatform.risk import operations as risk
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.e2e.conftest import axe_violations
from tests.procurement.ocds import NIB_A, NPWP_A, NPWP_PUBLIC, compiled, disqualified_all_but_winner, jsonl

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("PACT_SCREENSHOTS")


@pytest.fixture
def world(app):
    with app.app_context():
        admin = factories.user(name="Sri Admin")
        tenant = factories.tenant(admin, slug="biro", name="Biro Pengadaan Provinsi")
        officer = factories.member(tenant, factories.user(name="Bambang Pejabat"), "officer")
        body = factories.organisation(factories.user(), name="Dinas PU", kind="public_body", nib="", npwp=NPWP_PUBLIC)
        firm = factories.organisation(factories.user(), name="PT Alpha Beton", nib=NIB_A, npwp=NPWP_A)
        factories.signer(tenant, body, "officer", name="Kepala Dinas")
        signer = factories.signer(tenant, firm, name="Direktur Alpha")
        pact = factories.action(tenant, officer, policies.INTEGRITY_PACT, title="Pakta Jalan Desa",
                                sections={"obligations_bidder": ["Tidak menyuap"]},
                                tender={"code": "T-9", "title": "Jalan Desa", "budget_ceiling": 1_000_000_000,
                                        "owner_estimate": 950_000_000, "year": 2026, "stage": "selection",
                                        "procuring_entity_id": body.id})
        monitor = factories.member(tenant, factories.user(name="Pemantau"), "monitor")
        with tenant_scope(tenant.id):
            party = actions.add_party(pact, officer, firm.id, policies.BIDDER)
            actions.assign_monitor(pact, admin, monitor.id)
            actions.change_status(pact, officer, "open")
        db.session.commit()
        return {"tenant_id": tenant.id, "admin": admin.email, "officer": officer.email, "signer": signer.email,
                "firm_id": firm.id, "pact_id": pact.id, "party_id": party.id}


def check(page, name):
    assert axe_violations(page) == [], page.url
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def log_in(browser, base, email):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(factories.PASSWORD)
    page.locator("main").get_by_role("button", name="Masuk").click()
    return page


def high_band(app, world):
    """A conviction (50) and an I3 audit finding (10): IKO 60, so IRK 60, the high band."""
    with app.app_context():
        from pactplatform.accounts.models import User
        from pactplatform.tenancy.models import Tenant
        from sqlalchemy import select

        tenant = db.session.get(Tenant, world["tenant_id"])
        admin = db.session.scalar(select(User).where(User.email == world["admin"]))
        with tenant_scope(tenant.id):
            for kind, impact in (("conviction", "I1"), ("audit_finding", "I3")):
                risk.record_event(tenant, admin, world["firm_id"], kind=kind, description="Putusan", process="Tender",
                                  occurred_on=clock.today() - timedelta(days=5), likelihood_code="L1",
                                  impact_code=impact)
        db.session.commit()


def test_methodology_flags_heat_map_and_gate_in_both_languages(app, live_server, browser, world, tmp_path):
    base = live_server
    admin = log_in(browser, base, world["admin"])
    admin.goto(f"{base}/t/biro/")
    admin.get_by_role("navigation", name="Penyelenggara").get_by_role("link", name="Risiko", exact=True).click()
    assert "Belum ada versi yang berlaku" in admin.locator("main").inner_text() or \
        "belum memiliki metodologi" in admin.locator("main").inner_text()
    admin.get_by_role("link", name="Metodologi risiko", exact=True).click()
    admin.get_by_role("button", name="Mulai draf").click()
    check(admin, "risk-draft-id")
    # The deliberate error: KRI4's appetite (30) above its tolerance (20).
    admin.get_by_label("Selera risiko KRI4", exact=True).fill("30")
    admin.get_by_label("Alasan versi ini").fill("Metodologi pertama biro")
    admin.get_by_label("Berlaku mulai").fill(clock.today().isoformat())
    admin.get_by_role("button", name="Terbitkan versi ini").click()
    error = admin.locator("#f-kris-3-tolerance-error")
    assert "paling sedikit sama dengan selera risiko (30)" in error.inner_text()
    assert admin.get_by_label("Toleransi KRI4", exact=True).get_attribute("aria-invalid") == "true"
    check(admin, "risk-draft-error-id")
    admin.get_by_label("Selera risiko KRI4", exact=True).fill("10")
    admin.get_by_role("button", name="Terbitkan versi ini").click()
    assert "Metodologi risiko, versi 1" in admin.locator("h1").inner_text()
    check(admin, "risk-version-id")

    officer = log_in(browser, base, world["officer"])
    good = tmp_path / "spse-2026.jsonl"
    good.write_bytes(jsonl(disqualified_all_but_winner("ocds-e2e-1"),
                           compiled("ocds-e2e-2", tenderers=1, days=5, title="Pengadaan Alat Kesehatan")))
    officer.goto(f"{base}/t/biro/tenders/")
    officer.get_by_label("Berkas OCDS", exact=True).set_input_files(str(good))
    officer.get_by_role("button", name="Impor", exact=True).click()
    assert officer.get_by_test_id("created").inner_text() == "2"
    officer.goto(f"{base}/t/biro/risk/organisations/{world['firm_id']}")
    assert "Tanda bahaya pengadaan" in officer.locator("main").inner_text()
    officer.get_by_label("Deskripsi").fill("Permintaan uang pelicin saat evaluasi")
    officer.get_by_label("Proses", exact=True).fill("Pemilihan penyedia")
    officer.get_by_label("Kemungkinan: nilai pada skala").fill("4")
    officer.get_by_label("atau kategori dampak").select_option("I3")
    officer.get_by_role("button", name="Catat peristiwa").click()
    assert "Peristiwa risiko telah dicatat" in officer.locator("main").inner_text()
    check(officer, "risk-organisation-id")
    officer.get_by_role("link", name="Dasbor risiko").click()
    assert officer.locator("svg.heat-map").count() == 1
    cell = officer.get_by_role("table", name="Peristiwa risiko per sel")
    assert "1" in cell.inner_text()
    check(officer, "risk-dashboard-id")

    high_band(app, world)
    signer = log_in(browser, base, world["signer"])
    signer.goto(f"{base}/t/biro/actions/{world['pact_id']}/sign/{world['party_id']}")
    main = signer.locator("main").inner_text()
    assert "Memerlukan justifikasi tercatat dari pejabat" in main and "(Tinggi)" in main
    check(signer, "risk-gate-id")

    signer.get_by_test_id("switch-language").click()
    main = signer.locator("main").inner_text()
    assert "Needs an officer's recorded justification" in main and "High" in main
    check(signer, "risk-gate-en")
    officer.get_by_test_id("switch-language").click()
    assert "Heat map" in officer.locator("main").inner_text()
    check(officer, "risk-dashboard-en")
    admin.goto(f"{base}/t/biro/risk/methodology/draft")  # no draft: back to the versions
    admin.get_by_test_id("switch-language").click()
    assert "Version 1" in admin.locator("main").inner_text()
    check(admin, "risk-methodology-en")
