"""A tenant's procurement data imported from OCDS, and the red flags computed on it.

A contracting process (the UI calls it a tender) keeps its whole compiled release, so the flags can be
recomputed exactly as Cardinal would compute them, and the parts that pages and scores read as columns:
parties matched to organisations, bids, awards, contracts, the tender period. Money is an integer in
the currency's whole units (rupiah for IDR).
"""
from datetime import date, datetime

from sqlalchemy import BigInteger, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..ledger import records as ledger_records
from ..ledger.canonical import iso_utc
from ..orgs.models import Organisation
from ..tenancy.scoping import TenantScoped
from ..timeutil import utcnow

# Party roles as the flags name them (FlagFact.role).
BUYER, PROCURING_ENTITY, TENDERER, SUPPLIER = "buyer", "procuring_entity", "tenderer", "supplier"
ROLES = (BUYER, PROCURING_ENTITY, SUPPLIER, TENDERER)  # also the order of precedence for one organisation


class OcdsImport(TenantScoped, db.Model):
    """One imported file: what it held, who imported it, and the report of what was skipped and why."""

    __tablename__ = "procurement_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    file_format: Mapped[str] = mapped_column(String(32))
    created_count: Mapped[int] = mapped_column(default=0)
    updated_count: Mapped[int] = mapped_column(default=0)
    unchanged_count: Mapped[int] = mapped_column(default=0)
    report: Mapped[str] = mapped_column(Text, default="[]")  # JSON: [{"where", "ocid", "reason"}]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ContractingProcess(TenantScoped, db.Model):
    __tablename__ = "procurement_processes"
    __table_args__ = (UniqueConstraint("tenant_id", "ocid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ocid: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str | None] = mapped_column(String(64))
    procurement_method: Mapped[str | None] = mapped_column(String(64))
    procurement_method_details: Mapped[str | None] = mapped_column(String(255))
    buyer_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    procuring_entity_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    amount: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(8))
    number_of_tenderers: Mapped[int | None]
    tender_start: Mapped[datetime | None]
    tender_end: Mapped[datetime | None]
    release_date: Mapped[str | None] = mapped_column(String(64))
    release: Mapped[str] = mapped_column(Text)  # the compiled release, JSON
    release_sha256: Mapped[str] = mapped_column(String(64))
    import_id: Mapped[int] = mapped_column(ForeignKey("procurement_imports.id"), index=True)
    flag_count: Mapped[int] = mapped_column(default=0, index=True)

    buyer: Mapped[Organisation | None] = relationship(foreign_keys=[buyer_id])
    procuring_entity: Mapped[Organisation | None] = relationship(foreign_keys=[procuring_entity_id])
    parties: Mapped[list["ProcessParty"]] = relationship(order_by="ProcessParty.id", cascade="all, delete-orphan")
    bids: Mapped[list["Bid"]] = relationship(order_by="Bid.id", cascade="all, delete-orphan")
    awards: Mapped[list["Award"]] = relationship(order_by="Award.id", cascade="all, delete-orphan")
    contracts: Mapped[list["Contract"]] = relationship(order_by="Contract.id", cascade="all, delete-orphan")
    flags: Mapped[list["TenderFlag"]] = relationship(order_by="TenderFlag.code", cascade="all, delete-orphan")


class ProcessParty(TenantScoped, db.Model):
    """An organisation as one process names it (OCDS `parties[]`), matched to a platform organisation."""

    __tablename__ = "procurement_parties"
    __table_args__ = (Index("ix_procurement_parties_organisation_process", "organisation_id", "process_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("procurement_processes.id"), index=True)
    ocds_id: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(500), default="")
    roles: Mapped[str] = mapped_column(String(255), default="")  # space-separated FlagFact roles
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))

    organisation: Mapped[Organisation] = relationship()

    @property
    def role_list(self) -> list[str]:
        return self.roles.split()


class Bid(TenantScoped, db.Model):
    __tablename__ = "procurement_bids"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("procurement_processes.id"), index=True)
    ocds_id: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str | None] = mapped_column(String(64))
    amount: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(8))
    submitted: Mapped[str | None] = mapped_column(String(64))  # the bid's date as published
    party_id: Mapped[int | None] = mapped_column(ForeignKey("procurement_parties.id"))

    party: Mapped[ProcessParty | None] = relationship()


class Award(TenantScoped, db.Model):
    __tablename__ = "procurement_awards"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("procurement_processes.id"), index=True)
    ocds_id: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str | None] = mapped_column(String(64))
    amount: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(8))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("procurement_parties.id"))

    party: Mapped[ProcessParty | None] = relationship()


class Contract(TenantScoped, db.Model):
    __tablename__ = "procurement_contracts"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("procurement_processes.id"), index=True)
    ocds_id: Mapped[str | None] = mapped_column(String(255))
    award_ocds_id: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str | None] = mapped_column(String(64))
    amount: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(8))
    date_signed: Mapped[str | None] = mapped_column(String(64))


# Flag values are Cardinal's binary64 results (a ratio, a count, 1.0), not scores: kept as floats so they
# stay exactly what the reference implementation computes.
class TenderFlag(TenantScoped, db.Model):
    """A red flag on a process (Cardinal's OCID group)."""

    __tablename__ = "procurement_tender_flags"
    __table_args__ = (UniqueConstraint("process_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("procurement_processes.id"))
    code: Mapped[str] = mapped_column(String(8))
    value: Mapped[float] = mapped_column(Float)
    flagged_on: Mapped[date]


class PartyFlag(TenantScoped, db.Model):
    """A red flag on an organisation (Cardinal's Tenderer, Buyer and ProcuringEntity groups), tied to the
    process it arose in when Cardinal's maps tell which one (R024, R028, R030, R035, R058)."""

    __tablename__ = "procurement_party_flags"
    __table_args__ = (Index("ix_procurement_party_flags_organisation_code", "organisation_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    process_id: Mapped[int | None] = mapped_column(ForeignKey("procurement_processes.id"), index=True)
    group: Mapped[str] = mapped_column(String(16))
    ocds_id: Mapped[str] = mapped_column(String(255))
    code: Mapped[str] = mapped_column(String(8))
    value: Mapped[float] = mapped_column(Float)
    flagged_on: Mapped[date]

    process: Mapped[ContractingProcess | None] = relationship()


class RedFlagSettings(TenantScoped, db.Model):
    """The tenant's Cardinal settings file (which indicators, which thresholds), as INI text."""

    __tablename__ = "procurement_redflag_settings"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ini: Mapped[str] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


ledger_records.register(
    "procurement_import",
    OcdsImport,
    lambda i: {"filename": i.filename, "sha256": i.sha256, "format": i.file_format, "created": i.created_count,
               "updated": i.updated_count, "unchanged": i.unchanged_count, "by": i.created_by_id,
               "at": iso_utc(i.created_at)},
)
ledger_records.register(
    "redflag_settings",
    RedFlagSettings,
    lambda s: {"ini": s.ini, "by": s.updated_by_id, "at": iso_utc(s.updated_at)},
)
