from click.testing import CliRunner
from sqlalchemy import select

from pactplatform.accounts.models import User
from pactplatform.demo import DEMO_PASSWORD
from pactplatform.extensions import db
from pactplatform.orgs.models import Organisation
from pactplatform.tenancy import roles
from pactplatform.tenancy.models import Membership, Tenant


def test_demo_builds_a_living_portal_and_prints_logins(app, app_ctx):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert DEMO_PASSWORD in result.output and "admin@ukpbj-jateng.pactdemo.id" in result.output
    assert db.session.scalar(select(db.func.count(Tenant.id))) >= 2
    assert db.session.scalar(select(db.func.count(Organisation.id))) >= 12
    held = set(db.session.scalars(select(Membership.role)))
    assert held == set(roles.ROLES)
    again = app.test_cli_runner().invoke(args=["demo", "--if-empty"])
    assert again.exit_code == 0 and "not loaded" in again.output
    assert db.session.scalar(select(db.func.count(User.id))) == len(set(db.session.scalars(select(User.email))))
