import pytest
from sqlalchemy import select

from pactplatform.errors import Conflict, NotFound, OperationError
from pactplatform.extensions import db
from pactplatform.tenancy import operations, queries
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories


def roles_in(tenant, user):
    with tenant_scope(tenant.id):
        return queries.roles_of(user.id)


def test_the_creator_of_a_tenant_is_its_admin(app_ctx):
    founder = factories.user()
    tenant = factories.tenant(founder, slug="biro-pbj")
    assert tenant.slug == "biro-pbj"
    assert roles_in(tenant, founder) == ["admin"]


def test_a_slug_is_unique(app_ctx):
    founder = factories.user()
    factories.tenant(founder, slug="biro-pbj")
    with pytest.raises(Conflict):
        operations.create_tenant(founder, "Another", "biro-pbj")


def test_add_member_with_several_roles_and_change_them(app_ctx):
    admin, person = factories.user(), factories.user()
    tenant = factories.tenant(admin)
    with tenant_scope(tenant.id):
        operations.add_member(tenant, admin, person.email.upper(), ["monitor", "auditor"])
        assert queries.roles_of(person.id) == ["auditor", "monitor"]
        operations.set_roles(tenant, admin, person.id, ["officer"])
        assert queries.roles_of(person.id) == ["officer"]
        operations.remove_member(tenant, admin, person.id)
        assert queries.roles_of(person.id) == []


def test_a_user_can_hold_different_roles_in_different_tenants(app_ctx):
    person = factories.user()
    first, second = factories.tenant(factories.user()), factories.tenant(factories.user())
    factories.member(first, person, "monitor")
    factories.member(second, person, "representative", "officer")
    assert roles_in(first, person) == ["monitor"]
    assert roles_in(second, person) == ["officer", "representative"]
    mine = {t.slug: roles for t, roles in queries.tenants_of(person)}
    assert mine == {first.slug: ["monitor"], second.slug: ["officer", "representative"]}


def test_adding_an_unknown_email_or_role_is_refused(app_ctx):
    admin = factories.user()
    tenant = factories.tenant(admin)
    with tenant_scope(tenant.id):
        with pytest.raises(NotFound):
            operations.add_member(tenant, admin, "nobody@example.org", ["monitor"])
        with pytest.raises(OperationError):
            operations.add_member(tenant, admin, factories.user().email, ["emperor"])


def test_the_last_admin_cannot_leave_or_lose_the_role(app_ctx):
    admin = factories.user()
    tenant = factories.tenant(admin)
    with tenant_scope(tenant.id):
        with pytest.raises(OperationError):
            operations.set_roles(tenant, admin, admin.id, ["monitor"])
        with pytest.raises(OperationError):
            operations.remove_member(tenant, admin, admin.id)
        assert queries.roles_of(admin.id) == ["admin"]


def test_memberships_are_written_to_the_transparency_log(app_ctx):
    from pactplatform.ledger.models import LedgerEntry

    admin, person = factories.user(), factories.user()
    tenant = factories.tenant(admin)
    factories.member(tenant, person, "monitor")
    events = list(db.session.scalars(select(LedgerEntry.event).order_by(LedgerEntry.index)))
    assert events == ["membership.granted", "membership.granted"]
    with tenant_scope(tenant.id):
        operations.remove_member(tenant, admin, person.id)
    db.session.commit()
    assert db.session.scalar(select(LedgerEntry.event).order_by(LedgerEntry.index.desc()).limit(1)) == "membership.revoked"


def test_an_invitation_is_no_membership_until_accepted_and_only_the_membership_is_logged(app_ctx):
    from pactplatform.ledger.models import LedgerEntry

    admin, person = factories.user(), factories.user()
    tenant = factories.tenant(admin)
    with tenant_scope(tenant.id):
        invitation = operations.invite_member(tenant, admin, person.email, ["officer", "monitor"])
        assert queries.roles_of(person.id) == []
    db.session.commit()
    assert list(db.session.scalars(select(LedgerEntry.event))) == ["membership.granted"]  # the founder's only
    operations.accept_invitation(invitation, person)
    db.session.commit()
    assert roles_in(tenant, person) == ["monitor", "officer"]
    assert list(db.session.scalars(select(LedgerEntry.event).order_by(LedgerEntry.index)))[1:] == [
        "membership.granted", "membership.granted"]
    assert queries.invitations_for(person) == []


def test_an_unconfirmed_address_cannot_accept(app_ctx):
    from pactplatform.accounts import operations as accounts

    admin = factories.user()
    tenant = factories.tenant(admin)
    unconfirmed = accounts.register_user("new@example.org", "New", "a long passphrase")
    with tenant_scope(tenant.id):
        invitation = operations.invite_member(tenant, admin, unconfirmed.email, ["monitor"])
    assert queries.invitations_for(unconfirmed) == []
    with pytest.raises(OperationError):
        operations.accept_invitation(invitation, unconfirmed)
    assert roles_in(tenant, unconfirmed) == []


def test_an_administrator_cannot_withdraw_another_tenants_invitation(app_ctx):
    first_admin, second_admin = factories.user(), factories.user()
    first, second = factories.tenant(first_admin), factories.tenant(second_admin)
    with tenant_scope(first.id):
        invitation = operations.invite_member(first, first_admin, "someone@example.org", ["monitor"])
    db.session.commit()
    with tenant_scope(second.id):
        with pytest.raises(NotFound):
            operations.withdraw_invitation(second, second_admin, invitation.id)
    db.session.commit()
    with tenant_scope(first.id):
        assert [i.email for i in queries.pending_invitations()] == ["someone@example.org"]
