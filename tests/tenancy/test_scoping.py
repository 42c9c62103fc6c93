"""The one mechanism that keeps tenants apart (pactplatform/tenancy/scoping.py)."""
import pytest
from sqlalchemy import select

from pactplatform.extensions import db
from pactplatform.tenancy.models import Membership
from pactplatform.tenancy.scoping import TenantScopeError, tenant_scope
from tests import factories


@pytest.fixture
def two_tenants(app_ctx):
    a_admin, b_admin = factories.user(), factories.user()
    return factories.tenant(a_admin), factories.tenant(b_admin)


def test_queries_see_only_the_current_tenant(two_tenants):
    a, b = two_tenants
    with tenant_scope(a.id):
        assert {m.tenant_id for m in db.session.scalars(select(Membership))} == {a.id}
        assert db.session.scalar(select(db.func.count(Membership.id))) == 1
    with tenant_scope(b.id):
        assert {m.tenant_id for m in db.session.scalars(select(Membership))} == {b.id}


def test_an_object_of_another_tenant_is_not_found_by_id(two_tenants):
    a, b = two_tenants
    a_id, b_id = a.id, b.id
    membership_b = db.session.scalar(select(Membership.id).where(Membership.tenant_id == b_id))
    db.session.expunge_all()
    with tenant_scope(a_id):
        assert db.session.scalar(select(Membership).where(Membership.id == membership_b)) is None
    with tenant_scope(b_id):
        assert db.session.scalar(select(Membership).where(Membership.id == membership_b)) is not None


def test_writing_into_another_tenant_is_refused(two_tenants):
    a, b = two_tenants
    with tenant_scope(a.id):
        db.session.add(Membership(tenant_id=b.id, user_id=factories.user().id, role="monitor"))
        with pytest.raises(TenantScopeError):
            db.session.flush()
    db.session.rollback()


def test_a_request_without_tenant_must_opt_out_explicitly(app, two_tenants):
    with app.test_request_context("/"):
        with pytest.raises(TenantScopeError):
            db.session.scalars(select(Membership)).all()
        everything = db.session.scalars(select(Membership).execution_options(all_tenants=True)).all()
        assert len(everything) == 2
