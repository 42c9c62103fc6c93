"""Issue 14 part B in the browser, in each language: the coordinator records a meeting's decision for a member
organisation; that member sees it among the open follow-ups on the action's page and answers the open survey
round. Every page passes axe-core (WCAG 2 A/AA: nothing serious or critical). Selectors use ids, names and form
actions, so the same steps run in Indonesian and in English."""
import os

import pytest

from pactplatform.actions import operations as action_operations
from pactplatform.collaboration import operations
from pactplatform.collaboration.elements import ELEMENTS
from pactplatform.extensions import db
from pactplatform.monitoring import clock
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.e2e.conftest import axe_violations, log_in

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("PACT_SCREENSHOTS")


@pytest.fixture
def world(app):
    with app.app_context():
        admin = factories.user(name="Ketua Asosiasi")
        tenant = factories.tenant(admin, slug="asosiasi", name="Asosiasi Kontraktor Bersih")
        coordinator = factories.user(name="Koordinator Rina")
        factories.member(tenant, coordinator, "officer")
        firm = factories.organisation(factories.user(), name="PT Jujur Abadi")
        rep = factories.signer(tenant, firm, name="Agus Jujur")
        action = factories.action(tenant, coordinator, "principle_initiative", title="Inisiatif Jalan Bersih",
                                  sections={"principles": ["Tidak menyuap"]})
        with tenant_scope(tenant.id):
            action_operations.change_status(action, coordinator, "open")
            action_operations.join(action, rep, firm.id, factories.SIGNING_PASSPHRASE)
            meeting = operations.record_meeting(action, coordinator, clock.today(), "Evaluasi triwulan",
                                                "**Disepakati** jadwal pelatihan.", [firm.id])
            survey_round = operations.open_round(action, coordinator)
        db.session.commit()
        return {"action": action.id, "meeting": meeting.id, "round": survey_round.id, "firm": firm.id,
                "coordinator": coordinator.email, "rep": rep.email}


def check(page, name, language):
    assert axe_violations(page) == [], page.url
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"collaboration-{language}-{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_decision_becomes_a_follow_up_and_a_member_answers_the_survey(live_server, browser, world, language):
    base = f"{live_server}/t/asosiasi/actions/{world['action']}"
    coordinator = log_in(browser, live_server, world["coordinator"], language)
    coordinator.goto(f"{base}/collaboration/meetings/{world['meeting']}")
    assert coordinator.locator("html").get_attribute("lang") == language
    assert coordinator.locator(".minutes strong").inner_text() == "Disepakati"
    check(coordinator, "meeting", language)
    coordinator.locator("#text").fill("Menyusun modul pelatihan antikorupsi")
    coordinator.locator("#organisation_id").select_option(str(world["firm"]))
    coordinator.locator("#due_on").fill("2027-03-31")
    coordinator.locator("main form[action$='/decisions'] button[type=submit]").click()
    coordinator.wait_for_load_state()
    assert "Menyusun modul pelatihan antikorupsi" in coordinator.locator("main table").inner_text()
    check(coordinator, "decision", language)
    coordinator.context.close()

    member = log_in(browser, live_server, world["rep"], language)
    member.goto(base)
    assert "Menyusun modul pelatihan antikorupsi" in member.locator("main").inner_text()
    check(member, "action", language)
    member.goto(f"{base}/collaboration/survey")
    member.locator(f"main a[href$='/rounds/{world['round']}/answer']").click()
    member.wait_for_load_state()
    check(member, "answer", language)
    for number, element in enumerate(ELEMENTS):
        member.locator(f"input[name={element}][value='{number % 5 + 1}']").check()
    member.locator("main button[type=submit]").click()
    member.wait_for_load_state()
    assert member.url.endswith("/collaboration/survey")
    # One answer: the count only, and no way to answer again for the same organisation.
    assert member.locator(f"main a[href$='/rounds/{world['round']}/answer']").count() == 0
    assert ("1 jawaban" if language == "id" else "1 answer.") in member.locator("main").inner_text()
    check(member, "survey", language)
    member.context.close()
