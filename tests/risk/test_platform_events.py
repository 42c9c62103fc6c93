"""Confirmed violations and sanctions feed IKO as they happen; the explanation links to their records."""
import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from pactplatform.extensions import db
from pactplatform.risk import operations
from pactplatform.risk.models import RiskScore
from pactplatform.tenancy.scoping import tenant_scope
from tests.monitoring_fixtures import make_case
from tests.sanctions.helpers import decided


@pytest.fixture
def published(app, bureau):
    app.config["CLOCK_NOW"] = datetime(2026, 7, 1, 3, 0)
    with tenant_scope(bureau["tenant"].id):
        operations.start_draft(bureau["tenant"], bureau["admin"])
        operations.publish(bureau["tenant"], bureau["admin"], "Versi pertama", date(2026, 7, 1))
    db.session.commit()
    yield bureau
    app.config.pop("CLOCK_NOW")


def latest(organisation) -> RiskScore:
    return db.session.scalars(select(RiskScore).where(RiskScore.organisation_id == organisation.id)
                              .order_by(RiskScore.id.desc()).execution_options(all_tenants=True)).first()


def test_a_confirmed_violation_then_a_blacklisting_raise_iko(app, monitored, published):
    bureau = published
    case = make_case(bureau, monitored, until="notified")
    assert latest(bureau["firm_a"]) is None or latest(bureau["firm_a"]).iko == 0  # reported is not confirmed
    app.config["CLOCK_NOW"] = datetime(2026, 7, 5, 3, 0)  # the fixture confirms three days after reporting
    case = make_case(bureau, monitored, until="confirmed")
    score = latest(bureau["firm_a"])
    assert score.iko == Decimal("15.00")
    iko = json.loads(score.explanation)["iko"]
    assert iko == [{"age_weight": "1", "base": 15, "id": case.id, "label": "violation:major", "on": "2026-07-04",
                    "points": "15.00", "type": "violation_case"}]
    assert json.loads(score.explanation)["kris"][0] == {"code": "KRI1", "value": "1", "light": "yellow"}
    app.config["CLOCK_NOW"] = datetime(2026, 7, 10, 3, 0)
    sanction = decided(bureau, monitored, case)
    score = latest(bureau["firm_a"])
    assert score.iko == Decimal("55.00") and score.irk >= Decimal("55.00")
    assert {"type": "sanction", "id": sanction.id} in [{"type": c["type"], "id": c["id"]}
                                                     for c in json.loads(score.explanation)["iko"]]
    assert score.trigger.startswith("sanction.")
