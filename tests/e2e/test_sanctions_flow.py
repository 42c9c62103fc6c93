"""Issue 4 end to end in the browser: a monitor logs a case, the respondent answers, the monitor confirms
(signed), an officer proposes a blacklisting, the admin decides, the objection window passes (the test
clock moves; nobody sleeps), the firm appears on the public blacklist and is refused at signing in a
tenant that honours the issuer's sanctions. Every page passes axe-core (WCAG 2 A/AA)."""
import os
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from pactplatform.actions import operations, policies
from pactplatform.extensions import db
from pactplatform.monitoring import clock
from pactplatform.sanctions import operations as sanctions
from pactplatform.signing import operations as signing
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.e2e.conftest import axe_violations
from tests.monitoring_fixtures import PDF

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("PACT_SCREENSHOTS")


@pytest.fixture
def world(app):
    with app.app_context():
        admin = factories.user(name="Sri Admin")
        tenant = factories.tenant(admin, slug="biro", name="Biro Pengadaan Provinsi")
        officer = factories.user(name="Bambang Pejabat")
        factories.member(tenant, officer, "officer")
        monitor = factories.user(name="Dewi Pemantau")
        factories.member(tenant, monitor, "monitor")
        signing.create_signing_key(monitor, factories.SIGNING_PASSPHRASE)
        entity = factories.organisation(factories.user(), name="Dinas PU", kind="public_body", nib="")
        alpha = factories.organisation(factories.user(), name="PT Alpha Beton", nib="9120301234567")
        beta = factories.organisation(factories.user(), name="PT Beta Karya")
        respondent = factories.signer(tenant, alpha, name="Agus Alpha")
        factories.signer(tenant, beta, name="Yuli Beta")
        tender = {"code": "T-77", "title": "Jembatan Desa", "procuring_entity_id": entity.id,
                  "budget_ceiling": 900_000_000, "owner_estimate": 850_000_000, "year": 2026}
        pact = factories.action(tenant, officer, policies.INTEGRITY_PACT, title="Pakta Jembatan Desa",
                                sections={"obligations_bidder": ["Tidak menyuap"]}, tender=tender)
        with tenant_scope(tenant.id):
            for firm in (alpha, beta):
                operations.add_party(pact, officer, firm.id, policies.BIDDER)
            operations.assign_monitor(pact, admin, monitor.id)
            operations.change_status(pact, officer, "open")
        db.session.commit()

        city_admin = factories.user(name="Ratna Kota")
        city = factories.tenant(city_admin, slug="kota", name="Pengadaan Kota")
        city_monitor = factories.user(name="Pemantau Kota")
        factories.member(city, city_monitor, "monitor")
        factories.member(city, respondent, "representative")
        city_pact = factories.action(city, city_admin, policies.INTEGRITY_PACT, title="Pakta Gedung Sekolah",
                                     tender={**tender, "code": "K-1", "title": "Gedung Sekolah"})
        with tenant_scope(city.id):
            operations.add_party(city_pact, city_admin, alpha.id, policies.BIDDER)
            operations.assign_monitor(city_pact, city_admin, city_monitor.id)
            operations.change_status(city_pact, city_admin, "open")
            sanctions.set_honour(city, city_admin, "list", [tenant.id])
        db.session.commit()
        party = next(p for p in city_pact.parties if p.organisation_id == alpha.id)
        return {"pact_id": pact.id, "city_pact_id": city_pact.id, "city_party_id": party.id,
                "admin": admin.email, "officer": officer.email, "monitor": monitor.email,
                "respondent": respondent.email, "nib": alpha.nib}


def check(page, name):
    assert axe_violations(page) == [], page.url
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def log_in(browser, base, email):
    """A fresh browser session, in English (the Indonesian catalog is merged separately)."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(base + "/login")
    page.get_by_test_id("switch-language").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    return page


def test_a_violation_ends_on_the_blacklist_and_bars_signing_elsewhere(app, live_server, browser, world, tmp_path):
    base = live_server
    # The monitor logs the case, with evidence, and notifies the respondent.
    monitor = log_in(browser, base, world["monitor"])
    monitor.goto(f"{base}/t/biro/actions/{world['pact_id']}")
    monitor.get_by_role("link", name="Log a violation case").click()
    check(monitor, "01-new-case")
    monitor.get_by_label("Respondent (party of the pact)").select_option(label="PT Alpha Beton (Bidder)")
    monitor.get_by_label("Violation type").select_option("collusion")
    monitor.get_by_label("Severity").select_option("major")
    monitor.get_by_label("What happened").fill("Penawaran PT Alpha Beton dan peserta lain identik.")
    evidence = tmp_path / "bukti.pdf"
    evidence.write_bytes(PDF)
    monitor.get_by_label("Evidence files").set_input_files(str(evidence))
    monitor.get_by_role("button", name="Log the case").click()
    # is_visible() does not wait: under load it ran before the case page had replaced the form.
    expect(monitor.get_by_role("link", name="bukti.pdf")).to_be_visible()
    monitor.get_by_role("button", name="Notify").click()
    expect(monitor.get_by_text("The respondent is notified")).to_be_visible()
    check(monitor, "02-case-notified")
    case_url = monitor.url

    # The respondent answers.
    respondent = log_in(browser, base, world["respondent"])
    respondent.goto(case_url)
    check(respondent, "03-respondent")
    respondent.get_by_label("Your answer").fill("Kami menyusun penawaran sendiri.")
    respondent.get_by_role("button", name="Send the answer").click()
    expect(respondent.get_by_text("Your answer is recorded")).to_be_visible()

    # The monitor confirms, signing the decision.
    monitor.goto(case_url)
    monitor.get_by_label("Decision", exact=True).select_option("confirmed")
    monitor.get_by_label("Grounds of the decision").fill("Dokumen identik; kolusi terbukti.")
    monitor.get_by_label("Signing passphrase").fill(factories.SIGNING_PASSPHRASE)
    monitor.get_by_role("button", name="Sign the decision").click()
    expect(monitor.get_by_text("the signature is valid")).to_be_visible()
    check(monitor, "04-case-confirmed")

    # The officer proposes a blacklisting; a reused decree would be refused, an end before the start too.
    officer = log_in(browser, base, world["officer"])
    officer.goto(case_url)
    officer.get_by_role("link", name="Propose a sanction").click()
    check(officer, "05-propose")
    today = clock.today()
    officer.get_by_label("Kind of sanction").select_option("blacklisting")
    officer.get_by_label("Decree number (SK)").fill("027/SK-DH/2026")
    officer.get_by_label("Legal basis").fill("Perpres 16/2018 pasal 78")
    officer.get_by_label("Grounds", exact=True).fill("Kolusi dalam tender T-77.")
    officer.get_by_label("Issuing unit").fill("Biro Pengadaan")
    officer.get_by_label("Starts on").fill(today.isoformat())
    officer.get_by_label("Ends on").fill((today - timedelta(days=1)).isoformat())
    officer.get_by_role("button", name="Propose the sanction").click()
    expect(officer.get_by_text("The end date must be after the start date.")).to_be_visible()
    check(officer, "06-propose-error")
    officer.get_by_label("Ends on").fill("")
    officer.get_by_role("button", name="Propose the sanction").click()
    expect(officer.get_by_text("The sanction is proposed")).to_be_visible()
    sanction_url = officer.url

    # The admin decides: the objection window opens.
    admin = log_in(browser, base, world["admin"])
    admin.goto(sanction_url)
    admin.get_by_role("button", name="Decide the sanction under decree 027/SK-DH/2026").click()
    expect(admin.get_by_text("Objection window", exact=True).first).to_be_visible()
    check(admin, "07-decided")

    # Not yet public as in force, and not yet barring.
    public = browser.new_context(bypass_csp=True).new_page()
    public.goto(f"{base}/blacklist/")
    assert public.get_by_text("027/SK-DH/2026").count() == 0

    # The objection window passes.
    app.config["CLOCK_NOW"] = clock.now() + timedelta(days=7)
    try:
        public.goto(f"{base}/blacklist/")
        row = public.get_by_role("row").filter(has_text="PT Alpha Beton")
        assert row.get_by_text("027/SK-DH/2026").is_visible()
        assert world["nib"] not in public.content() and "91********567" in public.content()
        check(public, "08-blacklist")
        public.get_by_role("link", name="027/SK-DH/2026").click()
        check(public, "09-blacklist-entry")

        respondent.goto(f"{base}/t/kota/actions/{world['city_pact_id']}/sign/{world['city_party_id']}")
        alert = respondent.get_by_role("alert")
        assert "027/SK-DH/2026" in alert.inner_text() and "Biro Pengadaan Provinsi" in alert.inner_text()
        check(respondent, "10-refused")
    finally:
        app.config.pop("CLOCK_NOW")
