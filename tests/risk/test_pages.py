"""The dashboard (heat map, KRI lights), an organisation's risk page (scores explained, trend) and the
assessment forms."""
import pytest
from sqlalchemy import func, select

from pactplatform.extensions import db
from pactplatform.monitoring import clock
from pactplatform.risk import operations
from pactplatform.risk.models import RiskEvent, RiskScore
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.conftest import login, post


@pytest.fixture
def office(app_ctx):
    admin = factories.user(name="Admin")
    tenant = factories.tenant(admin, slug="kantor")
    officer = factories.member(tenant, factories.user(name="Officer"), "officer")
    monitor = factories.member(tenant, factories.user(name="Monitor"), "monitor")
    firm = factories.organisation(factories.user(), name="PT Risiko")
    with tenant_scope(tenant.id):
        operations.start_draft(tenant, admin)
        operations.publish(tenant, admin, "Versi pertama", clock.today())
    db.session.commit()
    return {"tenant": tenant, "admin": admin, "officer": officer, "monitor": monitor, "firm": firm}


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)).execution_options(all_tenants=True))


def test_an_officer_records_an_event_and_sees_it_on_the_heat_map(client, office):
    firm = office["firm"]
    login(client, office["officer"].email)
    post(client, "/lang/en")
    page_url = f"/t/kantor/risk/organisations/{firm.id}"
    assert client.get(page_url).status_code == 200
    form = {"kind": "risk", "description": "Suap izin", "process_name": "Perizinan",
            "occurred_on": clock.today().isoformat(), "likelihood_value": "lots", "impact_code": "I4"}
    response = post(client, f"{page_url}/events", form, token_from=page_url)
    assert response.status_code == 422 and "Enter a number" in response.get_data(as_text=True)
    assert count(RiskEvent) == 0
    response = post(client, f"{page_url}/events", {**form, "likelihood_value": "4"}, token_from=page_url)
    assert response.status_code == 302
    assert count(RiskEvent) == 1 and count(RiskScore) == 1
    page = client.get(page_url).get_data(as_text=True)
    assert "Suap izin" in page and "<svg" in page and "IRK over time" in page
    dashboard = client.get("/t/kantor/risk/").get_data(as_text=True)
    assert 'class="heat-map"' in dashboard and "Risk events per cell" in dashboard
    assert "PT Risiko" in dashboard


def test_answers_are_checked_and_the_explanation_shows(client, office):
    firm = office["firm"]
    login(client, office["officer"].email)
    post(client, "/lang/en")
    page_url = f"/t/kantor/risk/organisations/{firm.id}"
    response = post(client, f"{page_url}/answers", {"discretion": "9", "complexity": "3"}, token_from=page_url)
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="q-discretion-error"' in text and 'value="9"' in text
    response = post(client, f"{page_url}/answers", {"discretion": "5", "complexity": "3", "KRI3": "7"},
                    token_from=page_url)
    assert response.status_code == 302
    page = client.get(page_url).get_data(as_text=True)
    assert "What IKOrg is made of" in page and "no answer yet: left out" in page
    assert "Red: beyond tolerance" in page  # KRI3 7 > 5


def test_a_monitor_sees_but_does_not_assess(client, office):
    login(client, office["monitor"].email)
    page_url = f"/t/kantor/risk/organisations/{office['firm'].id}"
    assert client.get(page_url).status_code == 200
    response = post(client, f"{page_url}/answers", {"discretion": "5"}, token_from=page_url)
    assert response.status_code == 403
    assert client.get("/t/kantor/risk/organisations/999999").status_code == 404
