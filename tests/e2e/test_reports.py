"""Issue 13 end to end in the browser: an anonymous reporter files a report with evidence from a pact's public
page (no account, no cookie), keeps the receipt (shown and downloaded), a monitor acknowledges and asks a
question, the reporter reads it with the receipt alone and answers, and the monitor promotes the report to a
violation case, which the reporter then sees. Pages in both languages; every page passes axe-core."""
import re

import pytest
from playwright.sync_api import expect

from pactplatform.actions import operations, policies
from pactplatform.extensions import db
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.e2e.test_sanctions_flow import check, log_in
from tests.monitoring_fixtures import PDF

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(app):
    with app.app_context():
        admin = factories.user(name="Sri Admin")
        tenant = factories.tenant(admin, slug="biro", name="Biro Pengadaan Provinsi")
        monitor = factories.user(name="Dewi Pemantau")
        factories.member(tenant, monitor, "monitor")
        entity = factories.organisation(factories.user(), name="Dinas PU", kind="public_body", nib="")
        alpha = factories.organisation(factories.user(), name="PT Alpha Beton")
        tender = {"code": "T-77", "title": "Jembatan Desa", "procuring_entity_id": entity.id,
                  "budget_ceiling": 900_000_000, "owner_estimate": 850_000_000, "year": 2026}
        pact = factories.action(tenant, admin, policies.INTEGRITY_PACT, title="Pakta Jembatan Desa",
                                sections={"obligations_bidder": ["Tidak menyuap"]}, tender=tender)
        with tenant_scope(tenant.id):
            operations.add_party(pact, admin, alpha.id, policies.BIDDER)
            operations.assign_monitor(pact, admin, monitor.id)
            operations.change_status(pact, admin, "open")
        db.session.commit()
        return {"pact_id": pact.id, "monitor": monitor.email}


def anonymous(browser, cookie_setters: list):
    """A fresh browser; every report route's response that tries to set a cookie is noted in cookie_setters."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.on("response", lambda r: cookie_setters.append(r.url)
               if "/report/" in r.url and "set-cookie" in r.all_headers() else None)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def test_an_anonymous_report_is_answered_by_receipt_and_promoted(live_server, browser, world, tmp_path):
    base = live_server
    cookie_setters = []
    context, reporter = anonymous(browser, cookie_setters)
    reporter.goto(f"{base}/actions/{world['pact_id']}")
    reporter.get_by_test_id("report-misconduct").click()
    assert reporter.locator("html").get_attribute("lang") == "id"
    assert reporter.get_by_role("heading", name="Yang disimpan, dan yang tidak").is_visible()
    check(reporter, "r01-form-id")
    reporter.get_by_test_id("switch-language").click()
    expect(reporter.get_by_role("heading", name="What is stored, and what is not")).to_be_visible()
    check(reporter, "r02-form-en")
    reporter.get_by_label("What happened").fill("Pokja meminta uang koordinasi dari penawar.")
    reporter.get_by_label("When did it happen").fill("March 2026")
    reporter.get_by_label("Organisation involved").select_option(label="PT Alpha Beton")
    reporter.get_by_label("Stage").select_option("selection")
    evidence = tmp_path / "pesan.pdf"
    evidence.write_bytes(PDF)
    reporter.get_by_label("Evidence files (optional)").set_input_files(str(evidence))
    reporter.get_by_role("button", name="Send the report").click()
    receipt = reporter.get_by_test_id("receipt").inner_text().replace(" ", "")
    assert len(receipt) == 16 and receipt.isdigit()
    check(reporter, "r03-receipt")
    with reporter.expect_download() as download:
        reporter.get_by_role("link", name="Download the receipt (text file)").click()
    with open(download.value.path(), encoding="utf-8") as saved:
        assert receipt in saved.read().replace(" ", "")
    assert cookie_setters == []  # the report pages set no cookie
    assert all(c["expires"] == -1 for c in context.cookies())  # other pages' session cookie ends with the visit
    context.close()

    monitor = log_in(browser, base, world["monitor"])
    monitor.goto(f"{base}/t/biro/reports/")
    check(monitor, "r04-recipient-list")
    monitor.get_by_role("link", name=re.compile(r"^Report \d+$")).click()  # ids are not reset on PostgreSQL
    expect(monitor.get_by_role("link", name="pesan.pdf")).to_be_visible()
    monitor.get_by_role("button", name="Acknowledge receipt").click()
    monitor.get_by_label("Message to the reporter").fill("Which meeting was it, and who else was there?")
    monitor.get_by_role("button", name="Send to the reporter").click()
    expect(monitor.get_by_text("The message is sent")).to_be_visible()
    check(monitor, "r05-recipient-report")

    context, reporter = anonymous(browser, cookie_setters)
    reporter.goto(f"{base}/report/?lang=en")
    reporter.get_by_label("Your 16-digit receipt").fill(receipt)
    reporter.get_by_role("button", name="Open the report").click()
    expect(reporter.get_by_text("Which meeting was it, and who else was there?")).to_be_visible()
    assert reporter.get_by_test_id("report-status").inner_text() == "Acknowledged"
    assert reporter.get_by_text("Dewi Pemantau").count() == 0
    check(reporter, "r06-reporter-reads")
    reporter.get_by_label("Your message").fill("The pre-bid meeting on 3 March; two other bidders.")
    reporter.get_by_role("button", name="Send", exact=True).click()
    expect(reporter.get_by_text("Sent. The recipients are told.")).to_be_visible()
    assert cookie_setters == [] and context.cookies() == []  # a reporter who came back: no cookie at all
    context.close()

    monitor.reload()
    assert monitor.get_by_text("The pre-bid meeting on 3 March").is_visible()
    monitor.get_by_label("Respondent (party of the pact)").select_option(label="PT Alpha Beton (Bidder)")
    monitor.get_by_label("Violation type").select_option("bribery")
    monitor.get_by_label("Severity").select_option("major")
    monitor.get_by_role("button", name="Open a violation case").click()
    expect(monitor.get_by_role("link", name="pesan.pdf")).to_be_visible()  # the reporter's file is the case's evidence

    context, reporter = anonymous(browser, cookie_setters)
    reporter.goto(f"{base}/report/")
    reporter.get_by_label("Kode tanda terima Anda (16 angka)").fill(receipt)
    reporter.get_by_role("button", name="Buka laporan").click()
    assert reporter.get_by_test_id("report-status").inner_text() == "Dinaikkan menjadi kasus pelanggaran"
    check(reporter, "r07-reporter-promoted-id")
    context.close()
