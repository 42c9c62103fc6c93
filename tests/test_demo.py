"""The demo, loaded once (loading takes seconds, and every domain adds to it): one test runs every domain's
checks of it. Each domain keeps its checks in tests/<domain>/demo_checks.py, each check(app, output of the
demo command); a new one joins DEMO_CHECKS."""
from sqlalchemy import select

from pactplatform.accounts.models import User
from pactplatform.actions import policies, verification
from pactplatform.actions.models import CollectiveAction
from pactplatform.demo import DEMO_PASSWORD, SIGNING_PASSPHRASE
from pactplatform.extensions import db
from pactplatform.orgs.models import Organisation
from pactplatform.tenancy import roles
from pactplatform.tenancy.models import Membership, Tenant
from tests.certification import demo_checks as certification_checks
from tests.collaboration import demo_checks as collaboration_checks
from tests.notifications import demo_checks as notifications_checks
from tests.procurement import demo_checks as procurement_checks
from tests.progress import demo_checks as progress_checks
from tests.reports import demo_checks as reports_checks
from tests.risk import demo_checks as risk_checks
from tests.sanctions import demo_checks as sanctions_checks


def test_the_demo(app, app_ctx):
    """Every check runs, and the test names each one that failed."""
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    failures = []
    for check in DEMO_CHECKS:
        try:
            check(app, result.output)
        except AssertionError as error:
            failures.append(f"{check.__module__}.{check.__name__}: {error}")
        finally:
            db.session.rollback()
    assert not failures, "\n".join(failures)


def builds_a_living_portal_and_prints_logins(app, output):
    assert DEMO_PASSWORD in output and "admin@ukpbj-jateng.pactdemo.id" in output
    assert SIGNING_PASSPHRASE in output
    assert db.session.scalar(select(db.func.count(Tenant.id))) >= 2
    assert db.session.scalar(select(db.func.count(Organisation.id))) >= 12
    held = set(db.session.scalars(select(Membership.role)))
    assert held == set(roles.ROLES)
    again = app.test_cli_runner().invoke(args=["demo", "--if-empty"])
    assert again.exit_code == 0 and "not loaded" in again.output
    assert db.session.scalar(select(db.func.count(User.id))) == len(set(db.session.scalars(select(User.email))))


def holds_every_kind_of_action_really_signed_and_all_logged(app, output):
    actions = db.session.scalars(select(CollectiveAction).execution_options(all_tenants=True)).all()
    assert {a.kind for a in actions} == set(policies.KINDS)
    assert any(a.upgraded_from_id for a in actions)
    pact = next(a for a in actions if a.kind == "integrity_pact" and a.status == "active")
    assert sum(p.role == "bidder" for p in pact.parties) >= 3 and any(p.role == "subcontractor" for p in pact.parties)
    for signature in pact.signatures:
        assert verification.check_signature(signature)["ok"]
    verified = app.test_cli_runner().invoke(args=["ledger", "verify"])
    assert verified.exit_code == 0, verified.output


DEMO_CHECKS = (
    builds_a_living_portal_and_prints_logins,
    holds_every_kind_of_action_really_signed_and_all_logged,
    procurement_checks.the_demo_imports_the_tenders_with_their_flags,
    sanctions_checks.the_demo_shows_sanctions_in_every_state_and_a_refusal,
    risk_checks.the_demo_brings_risk_to_life,
    certification_checks.the_demo_certifies_at_every_stage,
    progress_checks.the_demo_has_progress_small_wins_and_every_stage,
    collaboration_checks.the_demo_has_a_charter_meetings_and_two_survey_rounds,
    reports_checks.the_demo_has_reports_in_every_status,
    notifications_checks.notifications_wait_for_the_demo_users,
)
