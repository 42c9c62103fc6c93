"""The demo's risk data: a methodology in force in every tenant, scores that followed the events, a heat map with
events, and the demo pact's pending amendment asking for a justification before PT Sinar Jaya signs it."""
from sqlalchemy import func, select

from pactplatform.actions import gates
from pactplatform.actions.models import CollectiveAction
from pactplatform.demo.common import org
from pactplatform.extensions import db
from pactplatform.ledger import audit
from pactplatform.risk import queries
from pactplatform.risk.models import RiskScore
from pactplatform.tenancy.models import Tenant
from pactplatform.tenancy.scoping import tenant_scope


def the_demo_brings_risk_to_life(app, output):
    for tenant in db.session.scalars(select(Tenant)):
        assert queries.current_version(tenant.id) is not None
    province = db.session.scalar(select(Tenant).where(Tenant.slug == "ukpbj-jateng"))
    with tenant_scope(province.id):
        assert sum(queries.event_counts().values()) >= 10
        assert db.session.scalar(select(func.count(RiskScore.id))) >= 20
        sinar = org("PT Sinar Jaya Konstruksi")
        assert queries.latest_score(sinar.id).band == "high"
        pact = db.session.scalar(select(CollectiveAction).where(
            CollectiveAction.title == "Pakta Integritas Peningkatan Jalan Ruas Semarang–Godong"))
        decision = gates.evaluate(pact, sinar.id, gates.SIGN)
        assert decision.level == gates.NEEDS_JUSTIFICATION
        assert [o.gate for o in decision.pending] == ["risk"]
    assert audit.verify().ok
