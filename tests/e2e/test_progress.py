"""Issue 14 (part A) in the browser: an officer (a coordinator) sets a goal and an indicator; the answerable
member posts progress with an evidence file; the public action page, without login, shows the bar and the small
win the target made, in Indonesian and in English. axe-core finds nothing serious or critical on any page."""
import os

import pytest
from playwright.sync_api import expect

from pactplatform.actions import operations as actions
from pactplatform.actions import policies
from pactplatform.extensions import db
from pactplatform.monitoring import clock
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.e2e.conftest import axe_violations
from tests.e2e.test_risk import log_in

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("PACT_SCREENSHOTS")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def world(app):
    with app.app_context():
        admin = factories.user(name="Sri Admin")
        tenant = factories.tenant(admin, slug="asosiasi", name="Asosiasi Kontraktor")
        officer = factories.member(tenant, factories.user(name="Bambang Pejabat"), "officer")
        firm = factories.organisation(factories.user(), name="PT Alpha Beton")
        signer = factories.signer(tenant, firm, name="Direktur Alpha")
        initiative = factories.action(tenant, officer, policies.PRINCIPLE_INITIATIVE, title="Kode Etik Kontraktor",
                                      sections={"principles": ["Tidak menyuap"]})
        with tenant_scope(tenant.id):
            actions.change_status(initiative, officer, "open")
            actions.join(initiative, signer, firm.id, factories.SIGNING_PASSPHRASE)
        db.session.commit()
        return {"officer": officer.email, "signer": signer.email, "action_id": initiative.id,
                "today": clock.today().isoformat()}


def check(page, name):
    assert axe_violations(page) == [], page.url
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_goal_progress_with_evidence_and_the_public_small_win(app, live_server, browser, world, tmp_path):
    progress_url = f"{live_server}/t/asosiasi/actions/{world['action_id']}/progress/"

    officer = log_in(browser, live_server, world["officer"])
    officer.goto(progress_url)
    check(officer, "progress-empty")
    officer.get_by_label("Tujuan (bahasa Indonesia)").fill("Kasus tertangani")
    officer.get_by_role("button", name="Tetapkan tujuan ini").click()
    officer.get_by_label("Tujuan", exact=True).select_option(label="Kasus tertangani")
    officer.get_by_label("Indikator (bahasa Indonesia)").fill("Kasus diselesaikan")
    officer.get_by_label("Indikator (bahasa Inggris, opsional)").fill("Cases resolved")
    officer.get_by_label("Satuan").fill("kasus")
    officer.get_by_label("Nilai awal").fill("0")
    officer.get_by_label("Target", exact=True).fill("16377")
    officer.get_by_label("Tenggat").fill("2027-06-30")
    officer.get_by_label("Organisasi anggota penanggung jawab", exact=True).select_option(label="PT Alpha Beton")
    officer.get_by_role("button", name="Tambahkan indikator ini").click()
    expect(officer.get_by_role("link", name="Kasus diselesaikan")).to_be_visible()
    check(officer, "progress-goal")

    member = log_in(browser, live_server, world["signer"])
    member.goto(progress_url)
    member.get_by_role("link", name="Kasus diselesaikan").click()
    member.get_by_label("Nilai", exact=True).fill("2.5")  # a count: refused with the reason, nothing posted
    member.get_by_label("Tanggal nilai").fill(world["today"])
    member.get_by_role("button", name="Kirim pembaruan").click()
    expect(member.get_by_text("Indikator ini menghitung satuan utuh")).to_be_visible()
    check(member, "progress-refused")
    evidence = tmp_path / "bukti.png"
    evidence.write_bytes(PNG)
    member.get_by_label("Nilai", exact=True).fill("16377")
    member.get_by_label("Catatan").fill("Minggu II Agustus")
    member.get_by_label("Berkas bukti (opsional)").set_input_files(str(evidence))
    member.get_by_role("button", name="Kirim pembaruan").click()
    expect(member.get_by_role("link", name="bukti.png")).to_be_visible()
    assert member.locator("svg.trend").is_visible()
    check(member, "progress-indicator")

    public = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900}).new_page()
    public.goto(f"{live_server}/actions/{world['action_id']}")
    assert public.locator(".progress-bar").first.is_visible()
    assert public.get_by_text("Target tercapai: Kasus diselesaikan").is_visible()
    check(public, "progress-public-id")
    public.get_by_test_id("switch-language").click()
    expect(public.get_by_text("Target met: Cases resolved")).to_be_visible()
    assert public.get_by_role("heading", name="Small wins").is_visible()
    check(public, "progress-public-en")
