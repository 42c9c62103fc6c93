"""The methodology pages: the admin edits a draft, sees each problem next to its field, and publishes."""
import pytest
from sqlalchemy import func, select

from pactplatform.extensions import db
from pactplatform.monitoring import clock
from pactplatform.risk.models import MethodologyVersion
from tests import factories
from tests.conftest import login, post


@pytest.fixture
def office(app_ctx):
    admin = factories.user(name="Admin")
    tenant = factories.tenant(admin, slug="kantor")
    officer = factories.member(tenant, factories.user(name="Officer"), "officer")
    return {"tenant": tenant, "admin": admin, "officer": officer}


def test_the_admin_publishes_after_fixing_the_named_problem(client, office):
    login(client, office["admin"].email)
    post(client, "/lang/en")
    assert client.get("/t/kantor/risk/methodology").status_code == 200
    response = post(client, "/t/kantor/risk/methodology/draft/start", {"preset": "standard-4x4"},
                    token_from="/t/kantor/risk/methodology")
    assert response.status_code == 302
    url = "/t/kantor/risk/methodology/draft"
    page = client.get(url).get_data(as_text=True)
    assert 'name="kris.3.tolerance"' in page and "passes every rule" in page
    form = {"kris.3.appetite": "30", "reason": "Versi pertama", "effective_from": clock.today().isoformat(),
            "publish": "1"}
    response = post(client, url, form, token_from=url)
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="f-kris-3-tolerance-error"' in text and "at least the appetite (30)" in text
    assert 'value="30"' in text  # what the admin typed stays in the form
    assert db.session.scalar(select(func.count(MethodologyVersion.id)).execution_options(all_tenants=True)) == 0
    response = post(client, url, {**form, "kris.3.appetite": "10"}, token_from=url)
    assert response.status_code == 302 and response.location.endswith("/t/kantor/risk/methodology/v1")
    page = client.get("/t/kantor/risk/methodology/v1").get_data(as_text=True)
    assert "Versi pertama" in page and "Standard 4×4" in page


def test_saving_a_draft_keeps_it_and_names_the_problems(client, office):
    login(client, office["admin"].email)
    post(client, "/lang/en")
    post(client, "/t/kantor/risk/methodology/draft/start", {"preset": "kpk-5x5"}, token_from="/t/kantor/risk/methodology")
    url = "/t/kantor/risk/methodology/draft"
    response = post(client, url, {"scales.impact.categories.1.lo": "6000000", "matrix.L5.I5": "L", "save": "1"},
                    token_from=url)
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "The draft is saved." in text
    assert "starts where the one before ends (5000000)" in text and "highest corner" in text
    again = client.get(url).get_data(as_text=True)
    assert 'value="6000000"' in again


def test_publishing_needs_a_reason_named_next_to_its_field(client, office):
    login(client, office["admin"].email)
    post(client, "/lang/en")
    post(client, "/t/kantor/risk/methodology/draft/start", {"preset": "standard-4x4"},
         token_from="/t/kantor/risk/methodology")
    url = "/t/kantor/risk/methodology/draft"
    response = post(client, url, {"reason": "", "effective_from": clock.today().isoformat(), "publish": "1"},
                    token_from=url)
    assert response.status_code == 422 and 'id="reason-error"' in response.get_data(as_text=True)


def test_only_the_admin_edits(client, office):
    login(client, office["officer"].email)
    assert client.get("/t/kantor/risk/methodology").status_code == 200
    assert client.get("/t/kantor/risk/methodology/draft").status_code == 403
    response = post(client, "/t/kantor/risk/methodology/draft/start", {"preset": "standard-4x4"},
                    token_from="/t/kantor/risk/methodology")
    assert response.status_code == 403
    assert client.get("/t/kantor/risk/methodology/v1").status_code == 404
