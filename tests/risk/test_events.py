"""Platform events feed the scores in the same transaction, with their explanation."""
import json
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from pactplatform.errors import OperationError
from pactplatform.extensions import db
from pactplatform.ledger import audit
from pactplatform.monitoring import clock
from pactplatform.risk import operations, queries
from pactplatform.risk.models import RiskScore
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories


@pytest.fixture
def office(app_ctx):
    admin = factories.user(name="Admin")
    tenant = factories.tenant(admin, slug="kantor")
    officer = factories.member(tenant, factories.user(name="Officer"), "officer")
    auditor = factories.member(tenant, factories.user(name="Auditor"), "auditor")
    firm = factories.organisation(factories.user(), name="PT Risiko")
    with tenant_scope(tenant.id):
        operations.start_draft(tenant, admin)
        operations.publish(tenant, admin, "Versi pertama", clock.today())
    db.session.commit()
    with tenant_scope(tenant.id):
        yield {"tenant": tenant, "admin": admin, "officer": officer, "auditor": auditor, "firm": firm}


def scores(firm) -> list[RiskScore]:
    return list(db.session.scalars(select(RiskScore).where(RiskScore.organisation_id == firm.id).order_by(RiskScore.id)))


def test_answers_and_a_finding_give_scores_on_commit_with_their_explanation(office):
    tenant, firm = office["tenant"], office["firm"]
    answers = {"transaction_frequency": "3.8", "transaction_value": "3.8", "discretion": "3", "complexity": "3",
               "hierarchy": "2.6", "intermediaries": "2.6", "sector": "3.4",
               "policy": "4", "risk_assessment": "4", "compliance_function": "4", "certification": "4",
               "pacts_signed": "1.8", "whistleblowing": "3.4", "due_diligence": "3.4", "registers": "3.4",
               "sanctions_applied": "3", "losses_recovered": "3", "KRI2": "1.5"}
    operations.record_answers(tenant, office["officer"], firm.id, answers)
    assert scores(firm) == []  # noted, computed when the transaction commits
    db.session.commit()
    first = scores(firm)[-1]
    assert first.ikorg == Decimal("58.00")  # the environment dimension from the sector answer alone
    assert first.iko == 0 and first.irk == first.rr
    assert json.loads(first.explanation)["kris"] == [{"code": "KRI1", "value": "0", "light": "green"},
                                                     {"code": "KRI2", "value": "1.5", "light": "yellow"}]
    operations.record_event(tenant, office["auditor"], firm.id, kind="audit_finding", description="Mark-up",
                            process="Pengadaan", occurred_on=clock.today() - timedelta(days=30),
                            likelihood_code="L2", impact_value="60000000")
    db.session.commit()
    latest = scores(firm)[-1]
    assert latest.iko == Decimal("10.00")  # I3 finding, under 12 months
    explained = json.loads(latest.explanation)["iko"]
    assert explained[0]["type"] == "risk_event" and explained[0]["points"] == "10.00"
    assert latest.methodology_version_id == queries.current_version(tenant.id).id
    assert len(scores(firm)) == 2
    assert audit.verify().ok


def test_a_rolled_back_event_leaves_no_score(office):
    operations.record_event(office["tenant"], office["officer"], office["firm"].id, kind="risk", description="x",
                            process="y", occurred_on=clock.today(), likelihood_code="L1", impact_code="I1")
    db.session.rollback()
    db.session.commit()
    assert scores(office["firm"]) == []


def test_the_matrix_gives_the_event_its_level(office):
    event = operations.record_event(office["tenant"], office["officer"], office["firm"].id, kind="risk",
                                    description="Suap", process="Perizinan", occurred_on=clock.today(),
                                    likelihood_value="4", impact_code="I4")
    assert (event.likelihood_code, event.impact_code, event.level_code) == ("L3", "I4", "VH")


@pytest.mark.parametrize("fields, field", [
    ({"likelihood_value": "banyak"}, "likelihood_value"),
    ({"likelihood_value": "-1"}, "likelihood_value"),
    ({"likelihood_code": "L9"}, "likelihood_code"),
    ({"description": ""}, "description"),
    ({"kind": "rumor"}, "kind"),
])
def test_bad_events_are_refused_with_their_field(office, fields, field):
    values = {"kind": "risk", "description": "Suap", "process": "Perizinan", "occurred_on": clock.today(),
              "likelihood_code": "L1", "impact_code": "I1"} | fields
    with pytest.raises(OperationError) as refused:
        operations.record_event(office["tenant"], office["officer"], office["firm"].id, **values)
    assert refused.value.field == field


def test_only_an_auditor_records_a_finding(office):
    with pytest.raises(OperationError) as refused:
        operations.record_event(office["tenant"], office["officer"], office["firm"].id, kind="audit_finding",
                                description="x", process="y", occurred_on=clock.today(), likelihood_code="L1",
                                impact_code="I1")
    assert refused.value.field == "kind"


def test_answers_out_of_range_are_refused(office):
    with pytest.raises(OperationError) as refused:
        operations.record_answers(office["tenant"], office["officer"], office["firm"].id, {"discretion": "6"})
    assert refused.value.field == "discretion"
