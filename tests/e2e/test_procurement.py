"""Issue 11 (procurement half) in the browser: an officer uploads an OCDS file and sees the red flags in words,
in Indonesian and in English; a broken file is refused with its lines named; the admin's settings error
shows next to the field; the organisation's public passport lists its flags. axe-core finds nothing
serious or critical on any of these pages."""
import os

import pytest

from pactplatform.extensions import db
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
        firm = factories.organisation(factories.user(), name="PT Alpha Beton", nib=NIB_A, npwp=NPWP_A)
        factories.organisation(factories.user(), name="Dinas PU", kind="public_body", nib="", npwp=NPWP_PUBLIC)
        db.session.commit()
        return {"admin": admin.email, "officer": officer.email, "firm_id": firm.id}


def check(page, name):
    assert axe_violations(page) == [], page.url
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def log_in(browser, base, email):
    """A fresh browser session, in Indonesian (the default)."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(factories.PASSWORD)
    page.locator("main").get_by_role("button", name="Masuk").click()
    return page


def test_an_officer_uploads_ocds_and_sees_flags_in_both_languages(app, live_server, browser, world, tmp_path):
    base = live_server
    broken = tmp_path / "rusak.jsonl"
    broken.write_bytes(jsonl(compiled("ocds-e2e-1")) + b'{"ocid": "ocds-e2e-2",\n')
    good = tmp_path / "spse-2026.jsonl"
    good.write_bytes(jsonl(disqualified_all_but_winner("ocds-e2e-1"),
                           compiled("ocds-e2e-2", tenderers=1, days=5, title="Pengadaan Alat Kesehatan")))

    officer = log_in(browser, base, world["officer"])
    officer.goto(f"{base}/t/biro/")
    officer.get_by_role("navigation", name="Penyelenggara").get_by_role("link", name="Tender", exact=True).click()
    officer.get_by_label("Berkas OCDS", exact=True).set_input_files(str(broken))
    officer.get_by_role("button", name="Impor", exact=True).click()
    problems = officer.get_by_test_id("import-problems")
    assert "baris 2" in problems.inner_text()
    assert "Tidak ada yang disimpan" in officer.locator("main").inner_text()
    check(officer, "procurement-refused-id")

    officer.get_by_label("Berkas OCDS", exact=True).set_input_files(str(good))
    officer.get_by_role("button", name="Impor", exact=True).click()
    assert officer.get_by_test_id("created").inner_text() == "2"
    check(officer, "procurement-report-id")

    officer.get_by_role("link", name="Tampilkan hanya tender bertanda bahaya").click()
    check(officer, "procurement-list-id")
    officer.get_by_role("link", name="Pengadaan Alat Kesehatan").click()
    main = officer.locator("main").inner_text()
    assert "Hanya satu penawaran dalam tender terbuka." in main
    assert "Masa pemasukan penawaran lebih singkat" in main
    check(officer, "procurement-tender-id")

    officer.get_by_test_id("switch-language").click()
    main = officer.locator("main").inner_text()
    assert "One bid only in an open procedure." in main
    assert "The submission period was shorter than the tenant's minimum" in main
    check(officer, "procurement-tender-en")
    officer.get_by_role("navigation", name="Tenant").get_by_role("link", name="Tenders", exact=True).click()
    officer.get_by_role("link", name="Jalan Desa").click()
    assert "Every bid except the winner's was disqualified (1 other bidder)." in officer.locator("main").inner_text()
    check(officer, "procurement-tender2-en")

    admin = log_in(browser, base, world["admin"])
    admin.goto(f"{base}/t/biro/tenders/settings")
    admin.get_by_label("Pengaturan tanda bahaya (format INI Cardinal)").fill("[R003]\nthreshold = 15 # bawaan\n")
    admin.get_by_role("button", name="Simpan pengaturan").click()
    assert "threshold" in admin.locator(".error").inner_text()
    check(admin, "procurement-settings-error-id")

    public = browser.new_context(bypass_csp=True).new_page()
    public.goto(f"{base}/orgs/{world['firm_id']}")
    assert "Semua penawaran kecuali milik pemenang digugurkan" in public.locator("main").inner_text()
    check(public, "procurement-passport-id")
