"""Risk methodology: each tenant's working draft and its published versions (RISK_MODEL.md §1, §4).

The draft is a working copy the admin edits freely; it is not a trust-relevant record. Publishing
copies it into a new MethodologyVersion, which never changes again (a flush that would change one
raises) and is logged in the transparency log, so `ledger verify` notices any edit behind the
platform's back.
"""
import json
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint, event, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..extensions import db
from ..ledger import records as ledger_records
from ..ledger.canonical import iso_utc
from ..orgs.models import Organisation
from ..tenancy.models import Tenant
from ..tenancy.scoping import TenantScoped


class MethodologyDraft(TenantScoped, db.Model):
    __tablename__ = "risk_methodology_drafts"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    config: Mapped[str] = mapped_column(Text)  # JSON (methodology.dumps)
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("risk_methodology_versions.id"))
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime]

    updated_by: Mapped[User] = relationship()
    based_on: Mapped["MethodologyVersion | None"] = relationship()


class MethodologyVersion(TenantScoped, db.Model):
    __tablename__ = "risk_methodology_versions"
    __table_args__ = (UniqueConstraint("tenant_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, … within the tenant
    config: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    effective_from: Mapped[date]
    published_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime]

    published_by: Mapped[User] = relationship()

    @property
    def parsed(self) -> dict:
        return json.loads(self.config)


IMMUTABLE = ("tenant_id", "number", "config", "reason", "effective_from", "published_by_id", "published_at")


class ImmutableVersionError(RuntimeError):
    """Code tried to change a published methodology version: a change is a new version."""


@event.listens_for(MethodologyVersion, "before_update")
def _refuse_changes(mapper, connection, target) -> None:
    state = inspect(target)
    changed = [name for name in IMMUTABLE if state.attrs[name].history.has_changes()]
    if changed:
        raise ImmutableVersionError(f"published methodology version {target.id} cannot change ({', '.join(changed)})")


@event.listens_for(MethodologyVersion, "before_delete")
def _refuse_delete(mapper, connection, target) -> None:
    raise ImmutableVersionError(f"published methodology version {target.id} cannot be deleted")


ledger_records.register(
    "risk_methodology",
    MethodologyVersion,
    lambda v: {"number": v.number, "config": v.config, "reason": v.reason,
               "effective_from": v.effective_from.isoformat(), "published_by_id": v.published_by_id,
               "published_at": iso_utc(v.published_at)},
)


# Assessments and scores -------------------------------------------------------------------------

RISK, AUDIT_FINDING, CONVICTION = "risk", "audit_finding", "conviction"
EVENT_KINDS = (RISK, AUDIT_FINDING, CONVICTION)


class RiskEvent(TenantScoped, db.Model):
    """A risk event an officer or auditor recorded for an organisation: where it happens (process), its
    likelihood and impact (a value placed on the scale, or a category chosen), and the level the matrix of the
    methodology in force gives it. An auditor's confirmed finding and a conviction also count in IKO."""

    __tablename__ = "risk_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default=RISK)
    description: Mapped[str] = mapped_column(Text)
    process: Mapped[str] = mapped_column(String(200))
    likelihood_value: Mapped[str | None] = mapped_column(String(40))  # as typed (Decimal text), if given
    likelihood_code: Mapped[str] = mapped_column(String(32))
    impact_value: Mapped[str | None] = mapped_column(String(40))
    impact_code: Mapped[str] = mapped_column(String(32))
    impact_rank: Mapped[int] = mapped_column(Integer)
    level_code: Mapped[str] = mapped_column(String(32))
    level_rank: Mapped[int] = mapped_column(Integer)
    occurred_on: Mapped[date]
    methodology_version_id: Mapped[int] = mapped_column(ForeignKey("risk_methodology_versions.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]

    organisation: Mapped[Organisation] = relationship()
    recorded_by: Mapped[User] = relationship()
    methodology_version: Mapped[MethodologyVersion] = relationship()


class QuestionnaireAnswers(TenantScoped, db.Model):
    """The answers the index model needs (1–5 per indicator, and KRI values no platform event gives), as a
    whole set: the latest set counts, earlier ones stay for the record."""

    __tablename__ = "risk_questionnaire_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    answers: Mapped[str] = mapped_column(Text)  # JSON {indicator or KRI code: value as text}
    methodology_version_id: Mapped[int] = mapped_column(ForeignKey("risk_methodology_versions.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]

    recorded_by: Mapped[User] = relationship()


class RiskScore(TenantScoped, db.Model):
    """The organisation's indices as computed at one moment, with the methodology version and the inputs they
    used and their explanation: a new row whenever they change, so the history (the trend) is never rewritten."""

    __tablename__ = "risk_scores"
    __table_args__ = (Index("ix_risk_scores_org_time", "tenant_id", "organisation_id", "computed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    methodology_version_id: Mapped[int] = mapped_column(ForeignKey("risk_methodology_versions.id"))
    computed_at: Mapped[datetime]
    computed_on: Mapped[date]  # the day the ages of events were counted from
    ikorg: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    iepk: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    iko: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    rr: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    irk: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    band: Mapped[str] = mapped_column(String(16))
    inputs: Mapped[str] = mapped_column(Text)  # JSON: what went in
    explanation: Mapped[str] = mapped_column(Text)  # JSON: what each input added
    trigger: Mapped[str] = mapped_column(String(64), default="")  # the logged event that caused it

    methodology_version: Mapped[MethodologyVersion] = relationship()
    organisation: Mapped[Organisation] = relationship()
    tenant: Mapped[Tenant] = relationship()

    @property
    def parsed_inputs(self) -> dict:
        return json.loads(self.inputs)

    @property
    def parsed_explanation(self) -> dict:
        return json.loads(self.explanation)


ledger_records.register(
    "risk_event",
    RiskEvent,
    lambda e: {"organisation_id": e.organisation_id, "kind": e.kind, "description": e.description,
               "process": e.process, "likelihood_value": e.likelihood_value, "likelihood_code": e.likelihood_code,
               "impact_value": e.impact_value, "impact_code": e.impact_code, "level_code": e.level_code,
               "occurred_on": e.occurred_on.isoformat(), "methodology_version_id": e.methodology_version_id,
               "recorded_by_id": e.recorded_by_id, "recorded_at": iso_utc(e.recorded_at)},
)
ledger_records.register(
    "risk_questionnaire",
    QuestionnaireAnswers,
    lambda a: {"organisation_id": a.organisation_id, "answers": a.answers,
               "methodology_version_id": a.methodology_version_id, "recorded_by_id": a.recorded_by_id,
               "recorded_at": iso_utc(a.recorded_at)},
)
