"""Reads of the risk domain. Within a tenant's request the scoping hook limits them to that tenant; the
`tenant_id` arguments make the version in force explicit for callers outside a request (CLI, demo)."""
import json
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..monitoring import clock
from .models import MethodologyDraft, MethodologyVersion, QuestionnaireAnswers, RiskEvent, RiskScore


def draft() -> MethodologyDraft | None:
    return db.session.scalar(select(MethodologyDraft))


def versions(tenant_id: int) -> list[MethodologyVersion]:
    return list(db.session.scalars(
        select(MethodologyVersion).where(MethodologyVersion.tenant_id == tenant_id)
        .order_by(MethodologyVersion.number.desc())))


def latest_version(tenant_id: int) -> MethodologyVersion | None:
    return db.session.scalar(
        select(MethodologyVersion).where(MethodologyVersion.tenant_id == tenant_id)
        .order_by(MethodologyVersion.number.desc()).limit(1))


def current_version(tenant_id: int, on: date | None = None) -> MethodologyVersion | None:
    """The version in force on a day (today by default): the newest one already effective."""
    on = on or clock.today()
    return db.session.scalar(
        select(MethodologyVersion)
        .where(MethodologyVersion.tenant_id == tenant_id, MethodologyVersion.effective_from <= on)
        .order_by(MethodologyVersion.number.desc()).limit(1))


def version(tenant_id: int, number: int) -> MethodologyVersion | None:
    return db.session.scalar(select(MethodologyVersion).where(
        MethodologyVersion.tenant_id == tenant_id, MethodologyVersion.number == number))


def config_of(version_: MethodologyVersion | MethodologyDraft) -> dict:
    return json.loads(version_.config)


def latest_score(organisation_id: int, tenant_id: int | None = None) -> RiskScore | None:
    query = select(RiskScore).where(RiskScore.organisation_id == organisation_id)
    if tenant_id is not None:
        query = query.where(RiskScore.tenant_id == tenant_id)
    return db.session.scalar(query.order_by(RiskScore.computed_at.desc(), RiskScore.id.desc()).limit(1))


def score_history(organisation_id: int, limit: int = 60) -> list[RiskScore]:
    """The organisation's scores in the current tenant, oldest first (the latest `limit`)."""
    rows = list(db.session.scalars(select(RiskScore).where(RiskScore.organisation_id == organisation_id)
                                   .order_by(RiskScore.computed_at.desc(), RiskScore.id.desc()).limit(limit)))
    return rows[::-1]


def risk_events(organisation_id: int | None = None, limit: int = 200) -> list[RiskEvent]:
    query = select(RiskEvent).options(selectinload(RiskEvent.recorded_by), selectinload(RiskEvent.organisation))
    if organisation_id is not None:
        query = query.where(RiskEvent.organisation_id == organisation_id)
    return list(db.session.scalars(query.order_by(RiskEvent.occurred_on.desc(), RiskEvent.id.desc()).limit(limit)))


def latest_answers(organisation_id: int) -> QuestionnaireAnswers | None:
    return db.session.scalar(select(QuestionnaireAnswers).where(QuestionnaireAnswers.organisation_id == organisation_id)
                             .order_by(QuestionnaireAnswers.recorded_at.desc(), QuestionnaireAnswers.id.desc()).limit(1))


def scored_organisation_ids(tenant_id: int) -> list[int]:
    return list(db.session.scalars(select(RiskScore.organisation_id).where(RiskScore.tenant_id == tenant_id)
                                   .distinct()))


def latest_scores(limit: int | None = None) -> list[RiskScore]:
    """The current tenant's latest score of each organisation, highest IRK first."""
    latest_ids = select(func.max(RiskScore.id)).group_by(RiskScore.organisation_id).scalar_subquery()
    query = (select(RiskScore).where(RiskScore.id.in_(latest_ids))
             .options(selectinload(RiskScore.organisation)).order_by(RiskScore.irk.desc(), RiskScore.id))
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def latest_scores_of(organisation_ids: list[int], tenant_id: int) -> dict[int, RiskScore]:
    if not organisation_ids:
        return {}
    latest_ids = (select(func.max(RiskScore.id)).where(RiskScore.tenant_id == tenant_id,
                                                       RiskScore.organisation_id.in_(organisation_ids))
                  .group_by(RiskScore.organisation_id).scalar_subquery())
    rows = db.session.scalars(select(RiskScore).where(RiskScore.id.in_(latest_ids))
                              .options(selectinload(RiskScore.organisation)).execution_options(all_tenants=True))
    return {row.organisation_id: row for row in rows}


def event_counts(version_id: int | None = None) -> dict[tuple[str, str], int]:
    """Risk events per (likelihood code, impact code) in the current tenant."""
    query = select(RiskEvent.likelihood_code, RiskEvent.impact_code, func.count(RiskEvent.id)) \
        .group_by(RiskEvent.likelihood_code, RiskEvent.impact_code)
    if version_id is not None:
        query = query.where(RiskEvent.methodology_version_id == version_id)
    return {(l, i): n for l, i, n in db.session.execute(query)}


def latest_scores_everywhere(organisation_id: int) -> list[RiskScore]:
    """The organisation's latest score in each tenant (a cross-tenant read for the public passport, which
    shows only what rests on public facts)."""
    latest_ids = (select(func.max(RiskScore.id)).where(RiskScore.organisation_id == organisation_id)
                  .group_by(RiskScore.tenant_id).scalar_subquery())
    return list(db.session.scalars(select(RiskScore).where(RiskScore.id.in_(latest_ids))
                                   .options(selectinload(RiskScore.tenant)).order_by(RiskScore.tenant_id)
                                   .execution_options(all_tenants=True)))
