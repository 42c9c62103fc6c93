"""An open principle-based initiative of the bureau (tests/action_fixtures.py) endorsed by both firms: the
action whose goals, indicators and progress the tests set."""
from datetime import date, datetime

import pytest

from pactplatform.actions import operations as action_operations
from pactplatform.actions import policies
from pactplatform.extensions import db
from pactplatform.progress import operations
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories

TODAY = date(2026, 8, 20)
NOW = datetime(2026, 8, 20, 3, 0)


@pytest.fixture
def clock_at(app):
    app.config["CLOCK_NOW"] = NOW
    yield NOW
    app.config.pop("CLOCK_NOW", None)


@pytest.fixture
def initiative(bureau, clock_at):
    action = factories.action(bureau["tenant"], bureau["officer"], policies.PRINCIPLE_INITIATIVE,
                              title="Inisiatif Jasa Konstruksi Bersih", sections={"principles": ["Tidak menyuap"]})
    with tenant_scope(bureau["tenant"].id):
        action_operations.change_status(action, bureau["officer"], "open")
        for signer, firm in ((bureau["signer_a"], bureau["firm_a"]), (bureau["signer_b"], bureau["firm_b"])):
            action_operations.join(action, signer, firm.id, factories.SIGNING_PASSPHRASE)
    db.session.commit()
    return action


def indicator_data(goal, organisation, **changes) -> dict:
    data = {"goal_id": goal.id, "name_id": "Kasus diselesaikan", "name_en": "Cases resolved", "unit": "kasus",
            "unit_type": "count", "baseline": "0", "target": "16377", "direction": "up",
            "due_on": date(2026, 12, 31), "organisation_id": organisation.id, "region": "Jawa Timur"}
    return data | changes


@pytest.fixture
def indicator(bureau, initiative):
    """A count indicator (0 → 16,377 cases, higher is better) answered for by PT Alpha."""
    with tenant_scope(bureau["tenant"].id):
        goal = operations.create_goal(initiative, bureau["officer"], "Kasus tertangani", "Cases handled")
        created = operations.create_indicator(initiative, bureau["officer"], indicator_data(goal, bureau["firm_a"]))
    db.session.commit()
    return created
