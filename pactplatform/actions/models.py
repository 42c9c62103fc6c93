from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..extensions import db
from ..ledger import records as ledger_records
from ..ledger.canonical import iso_utc
from ..orgs.models import Organisation
from ..tenancy.scoping import TenantScoped
from ..timeutil import utcnow
from .policies import KindPolicy, policy_for

DRAFT, OPEN, ACTIVE, CLOSED, CANCELLED = "draft", "open", "active", "closed", "cancelled"
STATUSES = (DRAFT, OPEN, ACTIVE, CLOSED, CANCELLED)


class CollectiveAction(TenantScoped, db.Model):
    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=DRAFT)
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    upgraded_from_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id"))
    status_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    items: Mapped[list["ActionItem"]] = relationship(
        cascade="all, delete-orphan", order_by="(ActionItem.section, ActionItem.position)"
    )
    versions: Mapped[list["DocumentVersion"]] = relationship(
        back_populates="action", order_by="DocumentVersion.number", cascade="all, delete-orphan"
    )
    parties: Mapped[list["Party"]] = relationship(
        back_populates="action", order_by="Party.id", foreign_keys="Party.action_id"
    )
    signatures: Mapped[list["Signature"]] = relationship(back_populates="action", order_by="Signature.id")
    monitors: Mapped[list["MonitorAssignment"]] = relationship(order_by="MonitorAssignment.id")
    tender: Mapped["Tender | None"] = relationship(back_populates="action", uselist=False)
    removals: Mapped[list["PartyRemoval"]] = relationship(order_by="PartyRemoval.id")
    justifications: Mapped[list["GateJustification"]] = relationship(order_by="GateJustification.id")
    upgraded_from: Mapped["CollectiveAction | None"] = relationship(remote_side=[id])

    @property
    def policy(self) -> KindPolicy:
        return policy_for(self.kind)

    @property
    def current_version(self) -> "DocumentVersion | None":
        return self.versions[-1] if self.versions else None

    def items_in(self, section: str) -> list[str]:
        return [item.text for item in self.items if item.section == section]


class ActionItem(TenantScoped, db.Model):
    """One line of a structured list: a commitment, a risk raised, a principle, an obligation…"""

    __tablename__ = "action_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    section: Mapped[str] = mapped_column(String(40))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)


class Tender(TenantScoped, db.Model):
    __tablename__ = "tenders"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), unique=True)
    code: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    procuring_entity_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    # Rupiah, as integers (DESIGN.md §3: money is never a float).
    budget_ceiling: Mapped[int] = mapped_column(BigInteger)
    owner_estimate: Mapped[int] = mapped_column(BigInteger)
    year: Mapped[int]
    stage: Mapped[str] = mapped_column(String(20), default="planning")

    action: Mapped[CollectiveAction] = relationship(back_populates="tender")
    procuring_entity: Mapped[Organisation] = relationship()


class DocumentVersion(TenantScoped, db.Model):
    """The text parties sign. Frozen once anyone signed it; an edit makes the next version."""

    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("action_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    number: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    action: Mapped[CollectiveAction] = relationship(back_populates="versions")
    signatures: Mapped[list["Signature"]] = relationship(back_populates="version", order_by="Signature.id")

    @property
    def frozen(self) -> bool:
        return bool(self.signatures)


class Party(TenantScoped, db.Model):
    """An organisation taking part in an action in one role (a bidder, the procuring entity…)."""

    __tablename__ = "parties"
    __table_args__ = (UniqueConstraint("action_id", "organisation_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    # A subcontractor is added by (and answers to) one bidder.
    parent_party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    invited_from_action_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id"))
    added_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    action: Mapped[CollectiveAction] = relationship(back_populates="parties", foreign_keys=[action_id])
    organisation: Mapped[Organisation] = relationship()
    parent: Mapped["Party | None"] = relationship(remote_side=[id])
    signatures: Mapped[list["Signature"]] = relationship(back_populates="party", order_by="Signature.id")

    # The eligibility gates' decision when the party was just added (its warnings are shown); not stored.
    admission = None


class PartyRemoval(TenantScoped, db.Model):
    """A party removed before it signed: who it was, who added it, who removed it and why. The party row
    itself goes (it carries no signature); this record, logged, keeps the history."""

    __tablename__ = "party_removals"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    # For a subcontractor: the organisation of the bidder it worked for.
    parent_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    added_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime]
    removed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    removed_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text)

    organisation: Mapped[Organisation] = relationship(foreign_keys=[organisation_id])
    removed_by: Mapped[User] = relationship(foreign_keys=[removed_by_id])


class GateJustification(TenantScoped, db.Model):
    """An officer's recorded justification for letting an organisation take part although an eligibility
    gate required one (actions/gates.py): what it covers, why, signed with the officer's key."""

    __tablename__ = "gate_justifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    # The outcome keys (gate:record type:record id) it covers, as canonical JSON, and their reasons as shown.
    covers: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    officer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]
    payload: Mapped[str] = mapped_column(Text)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    certificate_pem: Mapped[str] = mapped_column(Text)

    organisation: Mapped[Organisation] = relationship()
    officer: Mapped[User] = relationship()

    @property
    def covered(self) -> list[dict]:
        import json

        return json.loads(self.covers)

    @property
    def keys(self) -> set[str]:
        return {item["key"] for item in self.covered}


class Signature(TenantScoped, db.Model):
    """A signature (or endorsement) of one document version by one party, verifiable by anyone."""

    __tablename__ = "signatures"
    __table_args__ = (UniqueConstraint("party_id", "document_version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    document_version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    signer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    role: Mapped[str] = mapped_column(String(32))
    signed_at: Mapped[datetime]
    payload: Mapped[str] = mapped_column(Text)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    certificate_pem: Mapped[str] = mapped_column(Text)
    withdrawn_at: Mapped[datetime | None]
    withdrawal_reason: Mapped[str] = mapped_column(Text, default="")
    # SHA-256 of the PDF revision this signature's PAdES signature closes (the file as it stood right
    # after signing): how an uploaded PDF's signature is paired with this record (signing/pdf_check.py).
    pdf_revision_sha256: Mapped[str | None] = mapped_column(String(64), index=True)

    action: Mapped[CollectiveAction] = relationship(back_populates="signatures")
    party: Mapped[Party] = relationship(back_populates="signatures")
    version: Mapped[DocumentVersion] = relationship(back_populates="signatures")
    organisation: Mapped[Organisation] = relationship()
    signer: Mapped[User] = relationship()

    @hybrid_property
    def in_effect(self) -> bool:
        """What "counts as signed" means everywhere (counts, the version in force, the pages): not withdrawn.
        A withdrawn signature stays on record, verifiable, but stands behind nothing."""
        return self.withdrawn_at is None

    @in_effect.inplace.expression
    @classmethod
    def _in_effect_expression(cls):
        return cls.withdrawn_at.is_(None)


class MonitorAssignment(TenantScoped, db.Model):
    __tablename__ = "monitor_assignments"
    __table_args__ = (UniqueConstraint("action_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class SignedPdf(TenantScoped, db.Model):
    """The PDF of a document version with one PAdES signature per signatory, grown by incremental updates."""

    __tablename__ = "signed_pdfs"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id"), unique=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    signature_count: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


ledger_records.register(
    "document_version",
    DocumentVersion,
    lambda v: {"action_id": v.action_id, "number": v.number, "sha256": v.sha256},
)
ledger_records.register(
    "signature",
    Signature,
    lambda s: {
        "action_id": s.action_id,
        "document_version_id": s.document_version_id,
        "organisation_id": s.organisation_id,
        "signer_id": s.signer_id,
        "role": s.role,
        "signed_at": iso_utc(s.signed_at),
        "payload": s.payload,
        "signature": s.signature.hex(),
        "withdrawn_at": iso_utc(s.withdrawn_at),
        "withdrawal_reason": s.withdrawal_reason,
    },
)
ledger_records.register(
    "party_removal",
    PartyRemoval,
    lambda r: {
        "action_id": r.action_id, "organisation_id": r.organisation_id, "role": r.role,
        "parent_organisation_id": r.parent_organisation_id, "added_by_id": r.added_by_id,
        "added_at": iso_utc(r.added_at), "removed_by_id": r.removed_by_id, "removed_at": iso_utc(r.removed_at),
        "reason": r.reason,
    },
)
ledger_records.register(
    "gate_justification",
    GateJustification,
    lambda j: {
        "action_id": j.action_id, "organisation_id": j.organisation_id, "covers": j.covers, "text": j.text,
        "officer_id": j.officer_id, "recorded_at": iso_utc(j.recorded_at), "payload": j.payload,
        "signature": j.signature.hex(),
    },
)
