from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..extensions import db
from ..ledger import records as ledger_records
from ..timeutil import utcnow

FIRM = "firm"
PUBLIC_BODY = "public_body"
KINDS = (FIRM, PUBLIC_BODY)


class Organisation(db.Model):
    """A firm or a public body; global across tenants (DESIGN.md §1)."""

    __tablename__ = "organisations"
    # The registry's sorts and filters walk these (keyset pages by name, within a sector or a kind).
    __table_args__ = (
        Index("ix_organisations_name_id", "name", "id"),
        Index("ix_organisations_sector_name_id", "sector", "name", "id"),
        Index("ix_organisations_kind_name_id", "kind", "name", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    nib: Mapped[str | None] = mapped_column(String(13), unique=True)
    npwp: Mapped[str | None] = mapped_column(String(16), unique=True)
    address: Mapped[str] = mapped_column(String(500), default="")
    sector: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    representatives: Mapped[list["Representative"]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="Representative.id"
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.name}>"


class Representative(db.Model):
    """A user who may sign and answer for an organisation."""

    __tablename__ = "representatives"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="representatives")
    user: Mapped[User] = relationship()


ledger_records.register(
    "organisation",
    Organisation,
    lambda o: {"name": o.name, "kind": o.kind, "nib": o.nib, "npwp": o.npwp},
)
ledger_records.register(
    "representative",
    Representative,
    lambda r: {"organisation_id": r.organisation_id, "user_id": r.user_id, "title": r.title},
)
