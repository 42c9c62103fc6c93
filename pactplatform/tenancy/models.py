from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..extensions import db
from ..ledger import records as ledger_records
from ..timeutil import utcnow
from .scoping import TenantScoped


class Tenant(db.Model):
    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(2000), default="")
    default_locale: Mapped[str] = mapped_column(String(8), default="id")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Jakarta")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Tenant {self.slug}>"


class Membership(TenantScoped, db.Model):
    """One role of one user in one tenant; a user's roles in a tenant are the set of these rows."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("tenant_id", "user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class Invitation(TenantScoped, db.Model):
    """An administrator's offer of roles in the tenant to whoever owns an email address. A membership
    exists only once that person, logged in with the confirmed address, accepts; declining or the
    administrator's withdrawal deletes the offer. Not in the transparency log: the membership is."""

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("tenant_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    roles: Mapped[str] = mapped_column(String(200))  # space-separated role names
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    tenant: Mapped[Tenant] = relationship()
    invited_by: Mapped[User | None] = relationship()

    @property
    def role_list(self) -> list[str]:
        return self.roles.split()


def _membership_content(membership: Membership) -> dict:
    return {
        "tenant_id": membership.tenant_id,
        "user_id": membership.user_id,
        "role": membership.role,
    }


ledger_records.register("membership", Membership, _membership_content)
