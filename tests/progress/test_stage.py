"""An organisation's stage: the rules (one test per boundary) and the facts the platform holds behind them."""
from datetime import date, datetime, timedelta

import pytest

from pactplatform.extensions import db
from pactplatform.monitoring import clock
from pactplatform.progress import operations
from pactplatform.progress.stage import (
    COLLECTIVE, EXTERNAL, INTERNAL, Fact, Facts, facts_of, stage_of, twelve_months_before,
)
from pactplatform.risk import operations as risk_operations
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.progress.conftest import NOW, TODAY

A = [Fact("x", date(2026, 1, 1))]


@pytest.mark.parametrize("facts, stage", [
    (Facts(), None),
    (Facts(risk_assessments=A), None),                                          # no signed policy
    (Facts(policies=A), None),                                                  # no risk assessment
    (Facts(policies=A, public_results=A, memberships=A), None),                 # the rest does not make up for it
    (Facts(risk_assessments=A, policies=A), INTERNAL),
    (Facts(risk_assessments=A, policies=A, memberships=A), INTERNAL),           # membership without a public result
    (Facts(risk_assessments=A, policies=A, public_results=A), EXTERNAL),
    (Facts(risk_assessments=A, policies=A, public_results=A, sanctions_in_force=A), EXTERNAL),
    (Facts(risk_assessments=A, policies=A, public_results=A, memberships=A), COLLECTIVE),
    (Facts(risk_assessments=A, policies=A, public_results=A, memberships=A, sanctions_in_force=A), EXTERNAL),
])
def test_stage_rules(facts, stage):
    assert stage_of(facts) == stage


def test_twelve_months_back_from_a_leap_day():
    assert twelve_months_before(date(2028, 2, 29)) == date(2027, 3, 1)
    assert twelve_months_before(date(2026, 8, 20)) == date(2025, 8, 20)


@pytest.fixture
def assessed(bureau, clock_at):
    """The bureau publishes a risk methodology; its officer can record PT Alpha's questionnaire."""
    with tenant_scope(bureau["tenant"].id):
        risk_operations.start_draft(bureau["tenant"], bureau["admin"])
        risk_operations.publish(bureau["tenant"], bureau["admin"], "Versi pertama", TODAY)
    db.session.commit()
    return bureau


def _assess(bureau, at: datetime):
    with tenant_scope(bureau["tenant"].id):
        risk_operations.record_answers(bureau["tenant"], bureau["officer"], bureau["firm_a"].id, {"sector": "3"},
                                       now=at)
    db.session.commit()


def test_a_risk_assessment_counts_for_twelve_months(assessed):
    assert facts_of(assessed["firm_a"].id).risk_assessments == []  # "not yet recorded" on the passport
    _assess(assessed, datetime(2025, 8, 19, 3, 0))  # a year and a day before today
    assert facts_of(assessed["firm_a"].id).risk_assessments == []
    _assess(assessed, datetime(2025, 8, 20, 3, 0))  # twelve months ago to the day
    assert facts_of(assessed["firm_a"].id).risk_assessments[0].on == date(2025, 8, 20)


def test_facts_lead_from_internal_to_collective(assessed, initiative, indicator):
    """PT Alpha endorsed the initiative (a signed code of conduct, and active membership) and is assessed:
    internal until it reports progress in public, then collective."""
    bureau = assessed
    _assess(bureau, NOW - timedelta(days=30))
    declaration = factories.action(bureau["tenant"], bureau["officer"], "declaration", title="Deklarasi",
                                   sections={"unacceptable": ["Suap"]})
    facts = facts_of(bureau["firm_a"].id)
    assert [f.label for f in facts.policies] == ["Ditandatangani: Inisiatif Jasa Konstruksi Bersih"]
    assert facts.memberships and not facts.public_results and not facts.sanctions_in_force
    assert stage_of(facts) == INTERNAL
    assert declaration.status == "draft"  # a draft is signed by no one: it adds nothing

    with tenant_scope(bureau["tenant"].id):
        operations.post_update(initiative, indicator, bureau["signer_a"], "9085", clock.today(), "Minggu II Agustus")
    db.session.commit()
    facts = facts_of(bureau["firm_a"].id)
    assert [f.label for f in facts.public_results] == ["Capaian dilaporkan: Kasus diselesaikan"]
    assert stage_of(facts) == COLLECTIVE
    assert stage_of(facts_of(bureau["firm_b"].id)) is None  # endorsed, but never assessed
