"""Coordinators named for an action, its goals and indicators, progress updates and small wins.

Numbers are Decimal throughout: Numeric columns, at most 11 digits before the point and 4 after, so a value
survives SQLite's float storage exactly (15 significant digits) as it does PostgreSQL's numeric.
"""
from datetime import date, datetime
from decimal import Decimal

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..actions.models import CollectiveAction
from ..extensions import db
from ..ledger import records as ledger_records
from ..ledger.canonical import iso_utc
from ..monitoring.models import Evidence
from ..orgs.models import Organisation
from ..tenancy.scoping import TenantScoped
from ..timeutil import utcnow

NUMBER = Numeric(15, 4)

UP, DOWN = "up", "down"
DIRECTIONS = (UP, DOWN)
DIRECTION_LABELS = {UP: _l("Higher is better"), DOWN: _l("Lower is better")}

# What kind of number an indicator counts: what a value may look like (arithmetic.parse_value).
COUNT, PERCENT, MONEY, DECIMAL = "count", "percent", "money", "decimal"
UNIT_TYPES = (COUNT, PERCENT, MONEY, DECIMAL)
UNIT_TYPE_LABELS = {
    COUNT: _l("Count (whole number)"),
    PERCENT: _l("Percent (0 to 100)"),
    MONEY: _l("Money (whole rupiah)"),
    DECIMAL: _l("Decimal number"),
}

TARGET_MET, MARKED = "target_met", "marked"
WIN_KINDS = (TARGET_MET, MARKED)


def localised(indonesian: str, english: str) -> str:
    """The text in the reader's language, the other one when that is empty."""
    first, second = (english, indonesian) if str(get_locale() or "id") == "en" else (indonesian, english)
    return first or second


class ActionCoordinator(TenantScoped, db.Model):
    """A member organisation (a party of the action) named coordinator by a tenant officer. Removal keeps
    the row (dated), so the history of who coordinated stays on record."""

    __tablename__ = "action_coordinators"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    named_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    named_at: Mapped[datetime]
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    removed_at: Mapped[datetime | None]

    organisation: Mapped[Organisation] = relationship()


class Goal(TenantScoped, db.Model):
    __tablename__ = "progress_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    title_id: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    action: Mapped[CollectiveAction] = relationship()
    indicators: Mapped[list["Indicator"]] = relationship(back_populates="goal", order_by="Indicator.id")

    @property
    def title(self) -> str:
        return localised(self.title_id, self.title_en)


class Indicator(TenantScoped, db.Model):
    __tablename__ = "progress_indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("progress_goals.id"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    name_id: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300), default="")
    unit: Mapped[str] = mapped_column(String(60))
    unit_type: Mapped[str] = mapped_column(String(16))
    baseline: Mapped[Decimal] = mapped_column(NUMBER)
    target: Mapped[Decimal] = mapped_column(NUMBER)
    direction: Mapped[str] = mapped_column(String(8))
    due_on: Mapped[date]
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)  # answerable
    region: Mapped[str] = mapped_column(String(120), default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="indicators")
    organisation: Mapped[Organisation] = relationship()
    updates: Mapped[list["ProgressUpdate"]] = relationship(
        back_populates="indicator", order_by="(ProgressUpdate.recorded_on, ProgressUpdate.id)")

    @property
    def name(self) -> str:
        return localised(self.name_id, self.name_en)

    @property
    def latest(self) -> "ProgressUpdate | None":
        return self.updates[-1] if self.updates else None


class ProgressUpdate(TenantScoped, db.Model):
    __tablename__ = "progress_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("progress_indicators.id"), index=True)
    # The organisation answerable when it was posted (the indicator's may change later).
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    value: Mapped[Decimal] = mapped_column(NUMBER)
    recorded_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("evidence.id"), unique=True)
    posted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    posted_at: Mapped[datetime]

    indicator: Mapped[Indicator] = relationship(back_populates="updates")
    evidence: Mapped[Evidence | None] = relationship()
    posted_by: Mapped[User] = relationship()


class SmallWin(TenantScoped, db.Model):
    """A milestone reached, published on the action's public page: a target met (written by the update that
    met it) or a result the coordinators mark."""

    __tablename__ = "small_wins"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("progress_indicators.id"), index=True)
    # Who answered for it: the indicator's organisation, or the one the coordinators name.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    achieved_on: Mapped[date]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]

    indicator: Mapped[Indicator | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(Decimal(value).normalize(), "f")


ledger_records.register("action_coordinator", ActionCoordinator, lambda c: {
    "action_id": c.action_id, "organisation_id": c.organisation_id, "named_by_id": c.named_by_id,
    "named_at": iso_utc(c.named_at), "removed_by_id": c.removed_by_id, "removed_at": iso_utc(c.removed_at)})
ledger_records.register("progress_goal", Goal, lambda g: {
    "action_id": g.action_id, "title_id": g.title_id, "title_en": g.title_en, "created_by_id": g.created_by_id})
ledger_records.register("progress_indicator", Indicator, lambda i: {
    "goal_id": i.goal_id, "action_id": i.action_id, "name_id": i.name_id, "name_en": i.name_en, "unit": i.unit,
    "unit_type": i.unit_type, "baseline": _number(i.baseline), "target": _number(i.target),
    "direction": i.direction, "due_on": i.due_on.isoformat(), "organisation_id": i.organisation_id,
    "region": i.region, "created_by_id": i.created_by_id})
ledger_records.register("progress_update", ProgressUpdate, lambda u: {
    "indicator_id": u.indicator_id, "organisation_id": u.organisation_id, "value": _number(u.value),
    "recorded_on": u.recorded_on.isoformat(), "note": u.note, "evidence_id": u.evidence_id,
    "posted_by_id": u.posted_by_id, "posted_at": iso_utc(u.posted_at)})
ledger_records.register("small_win", SmallWin, lambda w: {
    "action_id": w.action_id, "kind": w.kind, "indicator_id": w.indicator_id, "organisation_id": w.organisation_id,
    "title": w.title, "description": w.description, "achieved_on": w.achieved_on.isoformat(),
    "recorded_by_id": w.recorded_by_id, "recorded_at": iso_utc(w.recorded_at)})
