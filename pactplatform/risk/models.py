"""Risk methodology: each tenant's working draft and its published versions (RISK_MODEL.md §1, §4).

The draft is a working copy the admin edits freely; it is not a trust-relevant record. Publishing
copies it into a new MethodologyVersion, which never changes again (a flush that would change one
raises) and is logged in the transparency log, so `ledger verify` notices any edit behind the
platform's back.
"""
import json
from datetime import date, datetime

from sqlalchemy import ForeignKey, Integer, Text, UniqueConstraint, event, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..extensions import db
from ..ledger import records as ledger_records
from ..ledger.canonical import iso_utc
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
