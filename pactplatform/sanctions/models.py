"""Sanctions, their history, objections, and each tenant's cross-debarment (honour) setting.

Stored state and computed state: `status` stores only what people decide (proposed, decided,
suspended, cancelled); the effective state a visitor sees (objection window, in force, expired…)
is computed from dates at read time — see status.py. Nothing is ever deleted: every change is a
SanctionChange row, logged in the transparency log with the sanction's new content.
"""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..actions.models import CollectiveAction
from ..extensions import db
from ..ledger import records as ledger_records
from ..ledger.canonical import iso_utc
from ..monitoring.models import ViolationCase
from ..orgs.models import Organisation
from ..tenancy.models import Tenant
from ..tenancy.scoping import TenantScoped

# Kinds (DESIGN.md §1, GLOSSARY.md)
WARNING, DISQUALIFICATION, CONTRACT_TERMINATION = "warning", "disqualification", "contract_termination"
DEBARMENT, BLACKLISTING, REFERRAL, CONDITIONAL_RELEASE = "debarment", "blacklisting", "referral", "conditional_release"
KINDS = (WARNING, DISQUALIFICATION, CONTRACT_TERMINATION, DEBARMENT, BLACKLISTING, REFERRAL, CONDITIONAL_RELEASE)
# Kinds that bar the organisation from signing integrity pacts while in force, and so need an end date.
BARRING = (DEBARMENT, BLACKLISTING, CONDITIONAL_RELEASE)
# Kinds published on the public blacklist page.
BLACKLISTED = (BLACKLISTING,)

KIND_LABELS = {
    WARNING: _l("Written warning"),
    DISQUALIFICATION: _l("Disqualification from the tender"),
    CONTRACT_TERMINATION: _l("Contract termination"),
    DEBARMENT: _l("Debarment"),
    BLACKLISTING: _l("Blacklisting"),
    REFERRAL: _l("Referral to investigators"),
    CONDITIONAL_RELEASE: _l("Debarment with conditional release"),
}

# Stored statuses
PROPOSED, DECIDED, SUSPENDED, CANCELLED = "proposed", "decided", "suspended", "cancelled"
# Effective statuses (computed; see status.py)
OBJECTION_WINDOW, SCHEDULED, IN_FORCE, EXPIRED = "objection_window", "scheduled", "in_force", "expired"
EFFECTIVE_STATUSES = (PROPOSED, OBJECTION_WINDOW, SCHEDULED, IN_FORCE, EXPIRED, SUSPENDED, CANCELLED)
# What the public sees (a proposal stays internal until decided).
PUBLIC_STATUSES = tuple(s for s in EFFECTIVE_STATUSES if s != PROPOSED)

STATUS_LABELS = {
    PROPOSED: _l("Proposed"),
    DECIDED: _l("Decided"),
    OBJECTION_WINDOW: _l("Objection window"),
    SCHEDULED: _l("Decided, not yet started"),
    IN_FORCE: _l("In force"),
    EXPIRED: _l("Expired"),
    SUSPENDED: _l("Suspended"),
    CANCELLED: _l("Cancelled"),
}

DEFAULT_OBJECTION_DAYS = 5

# When a party under such a sanction is added (HonourSetting.refuse_barred_parties).
ON_ADDING_WARN, ON_ADDING_REFUSE = "warn", "refuse"
ON_ADDING_LABELS = {
    ON_ADDING_WARN: _l("Add it, with a warning naming the sanction"),
    ON_ADDING_REFUSE: _l("Refuse it, naming the sanction"),
}

# Honour settings: which other tenants' sanctions bar signing here.
HONOUR_NONE, HONOUR_LIST, HONOUR_ALL = "none", "list", "all"
HONOUR_MODES = (HONOUR_NONE, HONOUR_LIST, HONOUR_ALL)
HONOUR_LABELS = {
    HONOUR_NONE: _l("Only this tenant's own sanctions"),
    HONOUR_LIST: _l("Also the sanctions of the tenants listed below"),
    HONOUR_ALL: _l("Also the sanctions of every tenant on the platform"),
}


class Sanction(TenantScoped, db.Model):
    __tablename__ = "sanctions"
    __table_args__ = (UniqueConstraint("tenant_id", "decree_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("violation_cases.id"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    decree_number: Mapped[str] = mapped_column(String(100))
    legal_basis: Mapped[str] = mapped_column(Text)
    grounds: Mapped[str] = mapped_column(Text)
    issuing_unit: Mapped[str] = mapped_column(String(300))
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    objection_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_OBJECTION_DAYS)
    # Referral: where and what was referred.
    referred_to: Mapped[str] = mapped_column(String(300), default="")
    referral_subject: Mapped[str] = mapped_column(Text, default="")
    # Conditional release: the conditions, and when a monitor confirmed them (the debarment ends that day).
    conditions: Mapped[str] = mapped_column(Text, default="")
    released_on: Mapped[date | None]
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    status: Mapped[str] = mapped_column(String(16), default=PROPOSED)
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_on: Mapped[date | None]
    objection_deadline: Mapped[date | None]  # last day an objection can be filed
    # The first day in force, once known: after the window (or the answer to the objection) and the start date.
    # None while an objection is pending or before the decision.
    force_from: Mapped[date | None]
    updated_at: Mapped[datetime]

    tenant: Mapped[Tenant] = relationship()
    case: Mapped[ViolationCase] = relationship()
    action: Mapped[CollectiveAction] = relationship()
    organisation: Mapped[Organisation] = relationship()
    proposed_by: Mapped[User] = relationship(foreign_keys=[proposed_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    changes: Mapped[list["SanctionChange"]] = relationship(back_populates="sanction", order_by="SanctionChange.id")
    objections: Mapped[list["SanctionObjection"]] = relationship(back_populates="sanction", order_by="SanctionObjection.id")

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def force_until(self) -> date | None:
        """The first day no longer in force: the end date, or the release date if earlier."""
        ends = [d for d in (self.ends_on, self.released_on) if d is not None]
        return min(ends) if ends else None

    @property
    def pending_objection(self) -> "SanctionObjection | None":
        return next((o for o in self.objections if o.answered_at is None), None)


class SanctionChange(TenantScoped, db.Model):
    """One change of a sanction's state, with its own decree number (when it has one) and reason."""

    __tablename__ = "sanction_changes"
    __table_args__ = (UniqueConstraint("tenant_id", "decree_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sanction_id: Mapped[int] = mapped_column(ForeignKey("sanctions.id"), index=True)
    event: Mapped[str] = mapped_column(String(32))  # proposed, decided, objection_filed, objection_rejected, …
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    decree_number: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime]

    sanction: Mapped[Sanction] = relationship(back_populates="changes")
    actor: Mapped[User] = relationship()


class SanctionObjection(TenantScoped, db.Model):
    """The respondent's objection, filed within the window; answered by the tenant admin before the sanction takes force."""

    __tablename__ = "sanction_objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    sanction_id: Mapped[int] = mapped_column(ForeignKey("sanctions.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    filed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filed_at: Mapped[datetime]
    answer: Mapped[str] = mapped_column(Text, default="")
    upheld: Mapped[bool | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None]

    sanction: Mapped[Sanction] = relationship(back_populates="objections")
    filed_by: Mapped[User] = relationship(foreign_keys=[filed_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])


class HonourSetting(TenantScoped, db.Model):
    """Which other tenants' barring sanctions this tenant honours at signing (cross-debarment)."""

    __tablename__ = "sanction_honour_settings"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mode: Mapped[str] = mapped_column(String(8), default=HONOUR_NONE)
    # When an organisation under an honoured barring sanction is added as a party: refuse (True) or warn.
    refuse_barred_parties: Mapped[bool] = mapped_column(default=False, server_default=false())
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime]

    updated_by: Mapped[User] = relationship()
    honoured: Mapped[list["HonouredTenant"]] = relationship(
        back_populates="setting", cascade="all, delete-orphan", order_by="HonouredTenant.honoured_tenant_id")

    @property
    def honoured_ids(self) -> list[int]:
        return [h.honoured_tenant_id for h in self.honoured]


class HonouredTenant(TenantScoped, db.Model):
    __tablename__ = "sanction_honoured_tenants"
    __table_args__ = (UniqueConstraint("setting_id", "honoured_tenant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    setting_id: Mapped[int] = mapped_column(ForeignKey("sanction_honour_settings.id"), index=True)
    honoured_tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))

    setting: Mapped[HonourSetting] = relationship(back_populates="honoured")


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


ledger_records.register(
    "sanction",
    Sanction,
    lambda s: {
        "case_id": s.case_id, "action_id": s.action_id, "organisation_id": s.organisation_id, "kind": s.kind,
        "decree_number": s.decree_number, "legal_basis": s.legal_basis, "grounds": s.grounds,
        "issuing_unit": s.issuing_unit, "starts_on": _day(s.starts_on), "ends_on": _day(s.ends_on),
        "objection_days": s.objection_days, "referred_to": s.referred_to, "referral_subject": s.referral_subject,
        "conditions": s.conditions, "released_on": _day(s.released_on), "released_by_id": s.released_by_id,
        "status": s.status, "proposed_by_id": s.proposed_by_id, "proposed_at": iso_utc(s.proposed_at),
        "decided_by_id": s.decided_by_id, "decided_on": _day(s.decided_on),
        "objection_deadline": _day(s.objection_deadline), "force_from": _day(s.force_from),
    },
)
ledger_records.register(
    "sanction_change",
    SanctionChange,
    lambda c: {"sanction_id": c.sanction_id, "event": c.event, "from_status": c.from_status, "to_status": c.to_status,
               "decree_number": c.decree_number, "reason": c.reason, "actor_id": c.actor_id, "at": iso_utc(c.at)},
)
ledger_records.register(
    "sanction_objection",
    SanctionObjection,
    lambda o: {"sanction_id": o.sanction_id, "text": o.text, "filed_by_id": o.filed_by_id,
               "filed_at": iso_utc(o.filed_at), "answer": o.answer, "upheld": o.upheld,
               "answered_by_id": o.answered_by_id, "answered_at": iso_utc(o.answered_at)},
)
def _honour_content(h: HonourSetting) -> dict:
    content = {"mode": h.mode, "honoured_tenant_ids": sorted(h.honoured_ids), "updated_by_id": h.updated_by_id,
               "updated_at": iso_utc(h.updated_at)}
    # Only when set: settings logged before this field existed keep re-deriving to the hash they were logged with.
    if h.refuse_barred_parties:
        content["refuse_barred_parties"] = True
    return content


ledger_records.register("sanction_honour_setting", HonourSetting, _honour_content)
