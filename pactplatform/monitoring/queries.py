from sqlalchemy import select

from ..actions import queries as action_queries
from ..extensions import db
from . import access
from .models import (
    CONFIRMED, REMEDIED, REPORTED, SANCTIONED, CaseEvent, Evidence, MonitoringReport,
    ViolationCase, ViolationType,
)

PUBLIC = action_queries.PUBLIC
# Statuses whose respondent the public may see named: a violation was established.
NAMED_IN_PUBLIC = {CONFIRMED, REMEDIED, SANCTIONED}


def visible_cases(user, action_id: int | None = None) -> list[ViolationCase]:
    query = select(ViolationCase).order_by(ViolationCase.id.desc())
    clause = access.visible_cases_clause(user)
    if clause is not None:
        query = query.where(clause)
    if action_id is not None:
        query = query.where(ViolationCase.action_id == action_id)
    return list(db.session.scalars(query))


def case(case_id: int) -> ViolationCase | None:
    return db.session.scalar(select(ViolationCase).where(ViolationCase.id == case_id))


def visible_case(user, case_id: int) -> ViolationCase | None:
    found = case(case_id)
    if found is None or not access.can_see_case(user, found):
        return None
    return found


def evidence_item(case_id: int, evidence_id: int) -> Evidence | None:
    return db.session.scalar(select(Evidence).where(Evidence.id == evidence_id, Evidence.case_id == case_id))


def custom_types() -> list[ViolationType]:
    return list(db.session.scalars(select(ViolationType).order_by(ViolationType.label)))


def reports_of(action_id: int) -> list[MonitoringReport]:
    return list(db.session.scalars(
        select(MonitoringReport).where(MonitoringReport.action_id == action_id).order_by(MonitoringReport.published_at.desc())))


def public_cases(action_id: int) -> list[ViolationCase]:
    """What the public sees of a pact's cases: that they exist (once notified) and their outcome."""
    return list(db.session.scalars(
        select(ViolationCase).where(ViolationCase.action_id == action_id, ViolationCase.status != REPORTED)
        .order_by(ViolationCase.id)))


def public_report(action_id: int, report_id: int) -> MonitoringReport | None:
    return db.session.scalar(select(MonitoringReport).where(
        MonitoringReport.id == report_id, MonitoringReport.action_id == action_id))


def public_decision(event_id: int) -> CaseEvent | None:
    """A confirmed decision is public (with its signature); a dismissal names nobody in public."""
    from ..actions.models import DRAFT
    from ..tenancy import scoping

    event = db.session.scalar(select(CaseEvent).where(CaseEvent.id == event_id, CaseEvent.to_status == CONFIRMED)
                              .execution_options(**PUBLIC))
    if event is None or event.signature is None:
        return None
    scoping.set_request_tenant(event.tenant_id)
    if event.case.action.status == DRAFT:
        return None
    return event

