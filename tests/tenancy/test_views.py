from pactplatform.tenancy import queries
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.conftest import login, post


def test_create_a_tenant_in_the_browser_flow(app, client, app_ctx):
    founder = factories.user(email="founder@example.org")
    login(client, founder.email)
    response = post(client, "/tenants/new", {"name": "Biro PBJ Kota", "slug": "biro-pbj-kota", "default_locale": "id"},
                    token_from="/tenants/new")
    assert response.status_code == 302 and response.headers["Location"] == "/t/biro-pbj-kota/"
    page = client.get("/t/biro-pbj-kota/").get_data(as_text=True)
    assert "Biro PBJ Kota" in page and "Administrator" in page


def test_a_bad_slug_is_explained_and_nothing_is_created(app, client, app_ctx):
    login(client, factories.user().email)
    response = post(client, "/tenants/new", {"name": "X", "slug": "Bad Slug!", "default_locale": "id"},
                    token_from="/tenants/new")
    assert response.status_code == 422
    assert "huruf kecil" in response.get_data(as_text=True)
    assert queries.tenants_of(factories.user()) == []


def test_admin_adds_changes_and_removes_a_member(app, client, app_ctx):
    admin, person = factories.user(), factories.user(name="Dewi Lestari")
    tenant = factories.tenant(admin, slug="pbj")
    login(client, admin.email)
    response = post(client, "/t/pbj/members", {"email": person.email, "roles": ["monitor"]})
    assert response.status_code == 302
    assert "Dewi Lestari" in client.get("/t/pbj/members").get_data(as_text=True)
    post(client, f"/t/pbj/members/{person.id}", {"roles": ["monitor", "auditor"]})
    with tenant_scope(tenant.id):
        assert queries.roles_of(person.id) == ["auditor", "monitor"]
    post(client, f"/t/pbj/members/{person.id}/remove")
    with tenant_scope(tenant.id):
        assert queries.roles_of(person.id) == []


def test_adding_an_unknown_email_says_so(app, client, app_ctx):
    admin = factories.user()
    factories.tenant(admin, slug="pbj")
    login(client, admin.email)
    response = post(client, "/t/pbj/members", {"email": "ghost@example.org", "roles": ["monitor"]})
    assert response.status_code == 404
    assert "ghost@example.org" in response.get_data(as_text=True)


def test_a_member_without_the_admin_role_may_not_manage_members(app, client, app_ctx):
    admin, monitor = factories.user(), factories.user()
    tenant = factories.tenant(admin, slug="pbj")
    factories.member(tenant, monitor, "monitor")
    login(client, monitor.email)
    assert client.get("/t/pbj/").status_code == 200
    assert client.get("/t/pbj/members").status_code == 403
    assert post(client, "/t/pbj/members", {"email": monitor.email, "roles": ["admin"]}).status_code == 403
    with tenant_scope(tenant.id):
        assert queries.roles_of(monitor.id) == ["monitor"]
