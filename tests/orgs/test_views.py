from sqlalchemy import select

from pactplatform.extensions import db
from pactplatform.orgs.models import Organisation
from tests import factories
from tests.conftest import login, post

FORM = {"name": "PT Maju Bersih", "kind": "firm", "nib": "9120301234567", "npwp": "01.734.567.8-512.000",
        "address": "Jl. Pemuda 1, Semarang", "sector": "Konstruksi"}


def test_register_an_organisation_and_become_its_representative(app, client, app_ctx):
    founder = factories.user(name="Agus")
    login(client, founder.email)
    response = post(client, "/orgs/new", FORM, token_from="/orgs/new")
    assert response.status_code == 302
    organisation = db.session.scalar(select(Organisation))
    assert organisation.npwp == "017345678512000"
    assert [rep.user_id for rep in organisation.representatives] == [founder.id]


def test_invalid_identifiers_are_explained_and_nothing_is_saved(app, client, app_ctx):
    login(client, factories.user().email)
    response = post(client, "/orgs/new", {**FORM, "nib": "123", "npwp": "12"}, token_from="/orgs/new")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "13 digit" in page and "15 digit" in page
    assert db.session.scalar(select(db.func.count(Organisation.id))) == 0


def test_a_registered_npwp_cannot_be_registered_twice(app, client, app_ctx):
    factories.organisation(factories.user(), npwp="017345678512000")
    login(client, factories.user().email)
    response = post(client, "/orgs/new", FORM, token_from="/orgs/new")
    assert response.status_code == 409
    assert db.session.scalar(select(db.func.count(Organisation.id))) == 1


def test_public_sees_masked_identifiers_and_representatives_see_them_whole(app, client, app_ctx):
    representative = factories.user()
    organisation = factories.organisation(representative, nib="9120301234567", npwp="017345678512000")
    page = client.get(f"/orgs/{organisation.id}").get_data(as_text=True)
    assert "91********567" in page and "9120301234567" not in page
    assert "01.***.***.*-***.000" in page and "01.734.567.8-512.000" not in page
    login(client, representative.email)
    page = client.get(f"/orgs/{organisation.id}").get_data(as_text=True)
    assert "9120301234567" in page and "01.734.567.8-512.000" in page


def test_a_representative_names_another_and_outsiders_cannot(app, client, app_ctx):
    representative, colleague, outsider = factories.user(), factories.user(name="Colleague"), factories.user()
    organisation = factories.organisation(representative)
    login(client, outsider.email)
    assert post(client, f"/orgs/{organisation.id}/representatives", {"email": outsider.email}).status_code == 403
    login(client, representative.email)
    response = post(client, f"/orgs/{organisation.id}/representatives", {"email": colleague.email, "title": "Direktur"})
    assert response.status_code == 302
    db.session.expire_all()
    assert {rep.user_id for rep in organisation.representatives} == {representative.id, colleague.id}


def test_unknown_organisation_is_404(client):
    assert client.get("/orgs/999999").status_code == 404
