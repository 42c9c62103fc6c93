"""Issue 10 end to end in the browser, in each language: a firm declares (signed), self-assesses with an
upload, submits; the admin assigns the auditor, who signs the no-conflict statement, scores and requests
changes; the firm sends it back; the auditor signs the recommendation; the committee grants; the
certificate is on the public registry and its verification page, whose PDF check finds the certificate
intact. Every page passes axe-core (WCAG 2 A/AA: nothing serious or critical). Selectors use ids and form
actions, so the same steps run in Indonesian and in English."""
import os

import pytest

from pactplatform.certification import operations
from pactplatform.extensions import db
from pactplatform.signing import operations as signing
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.certification.conftest import COALITION_EXAMPLE, PNG
from tests.e2e.conftest import axe_violations, log_in

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("PACT_SCREENSHOTS")
P = factories.SIGNING_PASSPHRASE


@pytest.fixture
def world(app):
    with app.app_context():
        admin = factories.user(name="Ketua Komite")
        tenant = factories.tenant(admin, slug="kadin", name="Kamar Dagang Berintegritas")
        signing.create_signing_key(admin, P)
        auditor = factories.user(name="Hendra Auditor")
        factories.member(tenant, auditor, "auditor")
        signing.create_signing_key(auditor, P)
        firm = factories.organisation(factories.user(), name="PT Jujur Abadi")
        rep = factories.signer(tenant, firm, name="Agus Jujur")
        with tenant_scope(tenant.id):
            scheme = operations.create_scheme(tenant, admin, "coalition", "Sertifikasi Anggota")
            operations.publish(scheme, admin)
        db.session.commit()
        return {"scheme": scheme.id, "firm": firm.id, "admin": admin.email, "auditor": auditor.email,
                "rep": rep.email, "auditor_id": auditor.id}


def check(page, name, language):
    assert axe_violations(page) == [], page.url
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"certification-{language}-{name}.png"), full_page=True)


def submit(page, action_suffix: str):
    page.locator(f"main form[action$='{action_suffix}'] button[type=submit]").click()
    page.wait_for_load_state()


def answer_all(page, answers: dict):
    for code, value in answers.items():
        field = page.locator(f"#answer_{code}")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


@pytest.mark.parametrize("language", ["id", "en"])
def test_declaration_to_verified_certificate(live_server, browser, world, tmp_path, language):
    base = live_server
    rep = log_in(browser, base, world["rep"], language)
    rep.goto(f"{base}/t/kadin/certification/schemes/{world['scheme']}/declare")
    check(rep, "01-declare", language)
    rep.locator("#organisation_id").select_option(str(world["firm"]))
    rep.locator("#region").fill("Jawa Tengah")
    rep.locator("#passphrase").fill(P)
    rep.locator("main form button[type=submit]").click()
    rep.wait_for_url("**/applications/*")
    application_url = rep.url
    assert rep.get_by_test_id("application-status").inner_text()

    answer_all(rep, {**COALITION_EXAMPLE, "D2": "150"})
    submit(rep, "/self-assessment")
    assert rep.locator("#answer_D2-error").is_visible()  # out of range: refused, shown next to the criterion
    check(rep, "02-self-assessment-error", language)
    answer_all(rep, COALITION_EXAMPLE)
    evidence = tmp_path / "kebijakan.png"
    evidence.write_bytes(PNG)
    rep.locator("#evidence_A1").set_input_files(str(evidence))
    submit(rep, "/self-assessment")
    assert rep.get_by_role("link", name="kebijakan.png").is_visible()
    assert rep.get_by_test_id("applicant-total").inner_text().replace(",", ".") == "76.60"
    check(rep, "03-self-assessed", language)
    submit(rep, "/submit")

    admin = log_in(browser, base, world["admin"], language)
    admin.goto(application_url)
    admin.locator("#user_id").select_option(str(world["auditor_id"]))
    submit(admin, "/auditors")
    check(admin, "04-assigned", language)

    auditor = log_in(browser, base, world["auditor"], language)
    auditor.goto(application_url)
    auditor.locator("main form[action$='/no-conflict'] #passphrase").fill(P)
    submit(auditor, "/no-conflict")
    answer_all(auditor, COALITION_EXAMPLE)
    submit(auditor, "/audit")
    assert auditor.get_by_test_id("audit-total").inner_text().replace(",", ".") == "76.60"
    auditor.locator("#reason").fill("Lengkapi register hadiah C1.")
    auditor.locator("#due_on").fill("2099-01-31")
    submit(auditor, "/changes")
    check(auditor, "05-changes-requested", language)

    rep.goto(application_url)
    submit(rep, "/submit")

    auditor.goto(application_url)
    auditor.locator("#recommendation").fill("Memenuhi syarat tingkat tersertifikasi.")
    auditor.locator("main form[action$='/recommend'] #passphrase").fill(P)
    submit(auditor, "/recommend")
    check(auditor, "06-recommended", language)

    admin.goto(application_url)
    admin.locator("#outcome").select_option("grant")
    admin.locator("#level").select_option("certified")
    admin.locator("main form[action$='/decide'] #passphrase").fill(P)
    submit(admin, "/decide")
    check(admin, "07-granted", language)

    public = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900}).new_page()
    public.goto(f"{base}/certificates/")
    if language == "en":
        public.get_by_test_id("switch-language").click()
    row = public.get_by_test_id("registry").get_by_role("row").filter(has_text="PT Jujur Abadi")
    assert row.get_by_role("link", name="CAC/").is_visible()
    check(public, "08-registry", language)
    row.get_by_role("link", name="CAC/").click()
    assert public.get_by_test_id("certificate-status").get_attribute("data-status") == "active"
    check(public, "09-verify", language)
    pdf = public.request.get(public.url.replace("/verify/certificates/", "/certificates/pdf/")).body()
    document = tmp_path / "sertifikat.pdf"
    document.write_bytes(pdf)
    public.locator("#document").set_input_files(str(document))
    public.locator("main form[enctype] button[type=submit]").click()
    assert public.get_by_test_id("verdict").get_attribute("data-verdict") == "intact"
    check(public, "10-verified", language)
