"""What feeds an organisation's scores in a tenant (RISK_MODEL.md §3), read from the platform's records:
confirmed violations, sanctions, signed commitments, procurement red flags, and the officers' and auditors'
own assessments. Everything is gathered into plain values for risk/scoring.py, each with the record it
comes from, so the explanation can link to it."""
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from ..actions.models import CollectiveAction, Signature
from ..extensions import db
from ..monitoring.models import CONFIRMED, REMEDIED, SANCTIONED, CaseEvent, ViolationCase
from ..procurement import queries as procurement_queries
from ..procurement.models import ContractingProcess, ProcessParty
from ..sanctions.models import BARRING, CANCELLED, PROPOSED, Sanction
from . import scoring
from .models import AUDIT_FINDING, CONVICTION, QuestionnaireAnswers, RiskEvent

CONFIRMED_STATES = (CONFIRMED, REMEDIED, SANCTIONED)
# Evidence weight (§3): what a monitor or auditor verifies counts fully, a self-declared commitment half.
VERIFIED_KINDS = ("integrity_pact", "certified_coalition")
SELF_DECLARED_WEIGHT = Decimal("0.5")


@dataclass
class Inputs:
    values: dict[str, str] = field(default_factory=dict)  # indicator code -> raw value (text)
    sources: dict[str, str] = field(default_factory=dict)  # indicator code -> "answer" or the platform feed
    kris: dict[str, str] = field(default_factory=dict)  # KRI code -> value (text)
    events: list[scoring.RealisedEvent] = field(default_factory=list)
    answers_id: int | None = None

    def as_json(self) -> dict:
        return {"values": self.values, "sources": self.sources, "kris": self.kris, "answers_id": self.answers_id,
                "events": [{"points": e.points, "on": e.on.isoformat(), "label": e.label, "type": e.record_type,
                            "id": e.record_id} for e in self.events]}


def _confirmed_cases(organisation_id: int) -> list[tuple[ViolationCase, date]]:
    """The organisation's confirmed violation cases with the day each was confirmed."""
    rows = db.session.execute(
        select(ViolationCase, func.min(CaseEvent.at))
        .join(CaseEvent, CaseEvent.case_id == ViolationCase.id)
        .where(ViolationCase.organisation_id == organisation_id, ViolationCase.status.in_(CONFIRMED_STATES),
               CaseEvent.to_status == CONFIRMED)
        .group_by(ViolationCase.id).order_by(ViolationCase.id))
    return [(case, at.date()) for case, at in rows]


def _answers(organisation_id: int) -> QuestionnaireAnswers | None:
    return db.session.scalar(select(QuestionnaireAnswers).where(QuestionnaireAnswers.organisation_id == organisation_id)
                             .order_by(QuestionnaireAnswers.recorded_at.desc(), QuestionnaireAnswers.id.desc()).limit(1))


def _redflag_index(organisation_id: int) -> Decimal | None:
    contracts = db.session.execute(
        select(ContractingProcess.id, ContractingProcess.amount)
        .join(ProcessParty, ProcessParty.process_id == ContractingProcess.id)
        .where(ProcessParty.organisation_id == organisation_id).distinct()).all()
    if not contracts:
        return None
    codes: dict[int, set[str]] = {}
    for fact in procurement_queries.flags_of_organisation(organisation_id):
        if fact.tender_id is not None:
            codes.setdefault(fact.tender_id, set()).add(fact.code)
    return scoring.redflag_index([(amount, codes.get(process_id, ())) for process_id, amount in contracts])


def _pacts_signed(organisation_id: int, today: date) -> Decimal:
    kinds = db.session.execute(
        select(CollectiveAction.kind).join(Signature, Signature.action_id == CollectiveAction.id)
        .where(Signature.organisation_id == organisation_id, Signature.withdrawn_at.is_(None),
               Signature.signed_at >= today - timedelta(days=365))
        .group_by(CollectiveAction.id, CollectiveAction.kind)).scalars()
    return sum((Decimal(1) if kind in VERIFIED_KINDS else SELF_DECLARED_WEIGHT for kind in kinds), Decimal(0))


def gather(config: dict, organisation_id: int, today: date) -> Inputs:
    """Within the current tenant scope: everything the methodology `config` needs for the organisation."""
    found = Inputs()
    answers = _answers(organisation_id)
    if answers is not None:
        found.answers_id = answers.id
        for code, value in json.loads(answers.answers).items():
            if value not in (None, ""):
                found.values[code] = str(value)
                found.sources[code] = "answer"
    cases = _confirmed_cases(organisation_id)
    platform: dict[str, Decimal | None] = {
        "redflags": _redflag_index(organisation_id),
        "pacts_signed": _pacts_signed(organisation_id, today),
        "violations_remedied": (Decimal(sum(1 for c, _ in cases if c.status == REMEDIED)) / len(cases))
        if cases else None,
    }
    for name in ("ikorg", "iepk"):
        for dimension in config["index_model"][name]["dimensions"]:
            for indicator in dimension["indicators"]:
                source = indicator.get("source", "answer")
                if source != "answer" and platform.get(source) is not None:
                    found.values[indicator["code"]] = str(platform[source])
                    found.sources[indicator["code"]] = source
    # Realised corruption: confirmed events only.
    for case, on in cases:
        points = scoring.VIOLATION_POINTS.get(case.severity)
        if points:
            found.events.append(scoring.RealisedEvent(points, on, f"violation:{case.severity}", "violation_case",
                                                      case.id))
    sanctions = db.session.scalars(select(Sanction).where(
        Sanction.organisation_id == organisation_id, Sanction.kind.in_(BARRING),
        Sanction.status.notin_((PROPOSED, CANCELLED)), Sanction.decided_on.is_not(None)).order_by(Sanction.id))
    for sanction in sanctions:
        found.events.append(scoring.RealisedEvent(scoring.BARRING_POINTS, sanction.decided_on,
                                                  f"sanction:{sanction.kind}", "sanction", sanction.id))
    recorded = db.session.scalars(select(RiskEvent).where(
        RiskEvent.organisation_id == organisation_id, RiskEvent.kind.in_((AUDIT_FINDING, CONVICTION)))
        .order_by(RiskEvent.id))
    for event in recorded:
        if event.kind == CONVICTION:
            points = scoring.CONVICTION_POINTS
        else:
            points = scoring.AUDIT_FINDING_POINTS[min(max(event.impact_rank, 1), 4)]
        found.events.append(scoring.RealisedEvent(points, event.occurred_on, f"{event.kind}:{event.impact_code}",
                                                  "risk_event", event.id))
    # KRIs: what the platform knows, else the latest answer.
    answered = {kri["code"]: found.values.pop(kri["code"], None) for kri in config["kris"]}
    for kri in config["kris"]:
        found.sources.pop(kri["code"], None)
        code = kri["code"]
        value = None
        if "violation_confirmed" in kri.get("events", ()):
            since = today - timedelta(days=kri.get("window_days", 365))
            value = Decimal(sum(1 for _c, on in cases if on > since))
        elif "procurement_redflags" in kri.get("events", ()):
            stats = procurement_queries.buyer_tender_stats(organisation_id)
            if stats["tenders"]:
                value = scoring.q2(Decimal(stats["single_bid"]) * 100 / stats["tenders"])
        if value is None:
            value = answered.get(code)
        if value is not None:
            found.kris[code] = str(value)
    return found
