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


def test_the_slug_hint_shows_its_placeholder_as_text(app, client, app_ctx):
    """A lazy translation passes for safe HTML: "/t/<slug>/" once rendered as "/t//." with a stray tag."""
    from html.parser import HTMLParser

    class Hint(HTMLParser):
        inside, text = False, ""

        def handle_starttag(self, tag, attrs):
            self.inside = self.inside or ("id", "slug-help") in attrs
            assert not self.inside or tag == "p", f"<{tag}> inside the hint"

        def handle_endtag(self, tag):
            self.inside = self.inside and tag != "p"

        def handle_data(self, data):
            self.text += data if self.inside else ""

    login(client, factories.user().email)
    hint = Hint()
    hint.feed(client.get("/tenants/new").get_data(as_text=True))
    assert hint.text == "Huruf kecil, angka dan tanda hubung; menjadi /t/<slug>/."


def test_admin_invites_the_person_accepts_then_roles_change_and_the_member_is_removed(app, client, app_ctx):
    admin, person = factories.user(), factories.user(name="Dewi Lestari")
    tenant = factories.tenant(admin, slug="pbj")
    login(client, admin.email)
    response = post(client, "/t/pbj/members", {"email": person.email, "roles": ["monitor"]})
    assert response.status_code == 302
    members_page = client.get("/t/pbj/members").get_data(as_text=True)
    assert person.email in members_page and "Undangan yang menunggu jawaban" in members_page
    with tenant_scope(tenant.id):
        assert queries.roles_of(person.id) == []  # nothing without the person's consent

    invitee = app.test_client()
    login(invitee, person.email)
    home = invitee.get("/").get_data(as_text=True)
    assert "Undangan" in home and tenant.name in home
    [invitation] = queries.invitations_for(person)
    accepted = post(invitee, f"/invitations/{invitation.id}/accept")
    assert accepted.status_code == 302 and accepted.headers["Location"] == "/t/pbj/"
    with tenant_scope(tenant.id):
        assert queries.roles_of(person.id) == ["monitor"]
    assert queries.invitations_for(person) == []

    post(client, f"/t/pbj/members/{person.id}", {"roles": ["monitor", "auditor"]})
    with tenant_scope(tenant.id):
        assert queries.roles_of(person.id) == ["auditor", "monitor"]
    post(client, f"/t/pbj/members/{person.id}/remove")
    with tenant_scope(tenant.id):
        assert queries.roles_of(person.id) == []


def test_inviting_an_address_without_an_account_answers_as_for_any_other(app, client, app_ctx):
    admin = factories.user()
    factories.tenant(admin, slug="pbj")
    factories.user(email="known@example.org")
    login(client, admin.email)
    unknown = post(client, "/t/pbj/members", {"email": "ghost@example.org", "roles": ["monitor"]})
    known = post(client, "/t/pbj/members", {"email": "known@example.org", "roles": ["monitor"]})
    assert unknown.status_code == known.status_code == 302
    page = client.get("/t/pbj/members").get_data(as_text=True)
    assert "ghost@example.org" in page and "known@example.org" in page


def test_an_invitation_waits_for_the_account_of_its_address(app, client, app_ctx):
    admin = factories.user()
    tenant = factories.tenant(admin, slug="pbj")
    login(client, admin.email)
    post(client, "/t/pbj/members", {"email": "Later@Example.org", "roles": ["auditor"]})
    later = factories.user(email="later@example.org")
    newcomer = app.test_client()
    login(newcomer, later.email)
    [invitation] = queries.invitations_for(later)
    post(newcomer, f"/invitations/{invitation.id}/accept")
    with tenant_scope(tenant.id):
        assert queries.roles_of(later.id) == ["auditor"]


def test_a_declined_invitation_grants_nothing(app, client, app_ctx):
    admin, person = factories.user(), factories.user()
    tenant = factories.tenant(admin, slug="pbj")
    login(client, admin.email)
    post(client, "/t/pbj/members", {"email": person.email, "roles": ["officer"]})
    invitee = app.test_client()
    login(invitee, person.email)
    [invitation] = queries.invitations_for(person)
    assert post(invitee, f"/invitations/{invitation.id}/decline").status_code == 302
    assert post(invitee, f"/invitations/{invitation.id}/accept").status_code == 404
    with tenant_scope(tenant.id):
        assert queries.roles_of(person.id) == []
    assert invitee.get("/t/pbj/").status_code == 404


def test_only_the_invited_person_can_answer(app, client, app_ctx):
    admin, person, intruder = factories.user(), factories.user(), factories.user()
    tenant = factories.tenant(admin, slug="pbj")
    login(client, admin.email)
    post(client, "/t/pbj/members", {"email": person.email, "roles": ["admin"]})
    [invitation] = queries.invitations_for(person)
    other = app.test_client()
    login(other, intruder.email)
    assert post(other, f"/invitations/{invitation.id}/accept").status_code == 404
    assert post(other, f"/invitations/{invitation.id}/decline").status_code == 404
    with tenant_scope(tenant.id):
        assert queries.roles_of(intruder.id) == []
    assert len(queries.invitations_for(person)) == 1


def test_a_withdrawn_invitation_can_no_longer_be_accepted(app, client, app_ctx):
    admin, person = factories.user(), factories.user()
    tenant = factories.tenant(admin, slug="pbj")
    login(client, admin.email)
    post(client, "/t/pbj/members", {"email": person.email, "roles": ["monitor"]})
    [invitation] = queries.invitations_for(person)
    assert post(client, f"/t/pbj/invitations/{invitation.id}/withdraw", token_from="/t/pbj/members").status_code == 302
    invitee = app.test_client()
    login(invitee, person.email)
    assert post(invitee, f"/invitations/{invitation.id}/accept").status_code == 404
    with tenant_scope(tenant.id):
        assert queries.roles_of(person.id) == []


def test_inviting_a_member_or_an_invited_address_again_is_explained(app, client, app_ctx):
    admin, person = factories.user(), factories.user(name="Dewi Lestari")
    tenant = factories.tenant(admin, slug="pbj")
    factories.member(tenant, person, "monitor")
    login(client, admin.email)
    response = post(client, "/t/pbj/members", {"email": person.email, "roles": ["auditor"]})
    assert response.status_code == 409 and "Dewi Lestari" in response.get_data(as_text=True)
    post(client, "/t/pbj/members", {"email": "ghost@example.org", "roles": ["monitor"]})
    again = post(client, "/t/pbj/members", {"email": "ghost@example.org", "roles": ["auditor"]})
    assert again.status_code == 409 and "sudah diundang" in again.get_data(as_text=True)
    assert 'value="ghost@example.org"' in again.get_data(as_text=True)


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
