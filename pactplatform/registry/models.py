"""The search index: one row per published record of any register, written by the sync hook (sync.py)
in the transaction that changes the record. The database's own text index sits on top of it (search.py):
an FTS5 table on SQLite, tsvector and pg_trgm GIN indexes on PostgreSQL, both built by the migration."""
from datetime import datetime

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow

ORGANISATION = "organisation"
ACTION = "action"
CERTIFICATE = "certificate"
KINDS = (ORGANISATION, ACTION, CERTIFICATE)


class SearchEntry(db.Model):
    """Public data only: an action appears once published, never a draft."""

    __tablename__ = "search_entries"
    __table_args__ = (
        UniqueConstraint("kind", "ref_id"),
        Index("ix_search_entries_facets", "kind", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    ref_id: Mapped[int]
    # Facets; tenant is null for what belongs to no tenant (an organisation).
    tenant_id: Mapped[int | None] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(32), default="")  # an action status or a certificate level (certified_advanced)
    sector: Mapped[str] = mapped_column(String(100), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(300))
    # Normalised name (normalise.name_key): what pg_trgm compares.
    name_key: Mapped[str] = mapped_column(String(300), default="")
    # Every searchable word: normalised name, former names, identifier digits, codes.
    words: Mapped[str] = mapped_column(Text, default="")
    # Trigrams of the names, space-separated: SQLite's typo tolerance (unused on PostgreSQL).
    grams: Mapped[str] = mapped_column(Text, default="")
    former_names: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class RegistryCounter(db.Model):
    """Totals the home page shows, kept by the write path so no request counts a large table."""

    __tablename__ = "registry_counters"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)
