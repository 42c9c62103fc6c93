"""Issue 12 (open data) in the browser: a tenant admin uploads a CSV of organisations and reads the report
(Indonesian); a visitor opens the exports page in English and downloads the sanctions file. axe-core finds
nothing serious or critical on either page."""
import os
import shutil
from pathlib import Path

import pytest

from tests import factories
from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("PACT_SCREENSHOTS")


def check(page, name):
    assert axe_violations(page) == [], page.url
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"opendata-{name}.png"), full_page=True)


def test_an_admin_imports_organisations_and_a_visitor_downloads_open_data(app, live_server, browser, tmp_path):
    shutil.rmtree(Path(app.instance_path) / "exports", ignore_errors=True)
    with app.app_context():
        admin = factories.user(name="Sri Admin")
        factories.tenant(admin, slug="biro", name="Biro Pengadaan Provinsi")
        email = admin.email
    source = tmp_path / "organisasi.csv"
    source.write_text("name,kind,nib,npwp,sector\n"
                      "PT Baru Jaya,firm,9100000000001,01.000.000.0-000.001,Konstruksi\n"
                      "PT Salah,firm,123,01.000.000.0-000.002,\n", encoding="utf-8")

    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(factories.PASSWORD)
    page.locator("main").get_by_role("button", name="Masuk").click()
    page.goto(live_server + "/t/biro/organisations/import")
    page.get_by_label("Berkas CSV organisasi").set_input_files(str(source))
    page.get_by_role("button", name="Impor", exact=True).click()
    assert page.get_by_test_id("import-counts").inner_text() == "1 dibuat, 0 diperbarui, 0 tidak berubah, 1 dilewati."
    report = page.get_by_test_id("import-report")
    assert "PT Baru Jaya" in report.inner_text() and "NIB terdiri dari tepat 13 digit." in report.inner_text()
    check(page, "import-id")
    context.close()

    visitor = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = visitor.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server + "/exports/")
    page.get_by_test_id("switch-language").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Open data"
    check(page, "exports-en")
    with page.expect_download() as download:
        page.get_by_role("link", name="Sanctions in force (CSV)").click()
    assert download.value.suggested_filename == "sanctions-in-force-csv.csv"
    assert Path(download.value.path()).read_text(encoding="utf-8").startswith("id,organisation_id,organisation_name")
    page.reload()
    assert "sanctions-in-force-csv.csv" in page.get_by_test_id("exports").inner_text()
    visitor.close()
