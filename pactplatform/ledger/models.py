"""Tables of the transparency log. Global: not tenant-scoped (tenant id is data in the entry)."""
from sqlalchemy import BigInteger, Index, Integer, LargeBinary, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class LedgerEntry(db.Model):
    """One logged event; `entry` is the exact canonical JSON whose leaf hash is in the tree."""

    __tablename__ = "ledger_entries"
    __table_args__ = (Index("ix_ledger_entries_subject", "subject_type", "subject_id"),)

    index: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    entry: Mapped[str] = mapped_column(Text)
    # Copies of fields inside `entry`, for lookups; `ledger verify` checks they agree.
    event: Mapped[str] = mapped_column(String(64))
    subject_type: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[int] = mapped_column(BigInteger)
    tenant_id: Mapped[int | None] = mapped_column(Integer)

    def __repr__(self) -> str:
        return f"<LedgerEntry {self.index} {self.event}>"


class LedgerNode(db.Model):
    """The hash of a complete aligned subtree: leaves [idx·2^level, (idx+1)·2^level)."""

    __tablename__ = "ledger_nodes"

    level: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    idx: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))


class LedgerState(db.Model):
    """The single row appends lock: tree size and the frontier (see merkle.Frontier)."""

    __tablename__ = "ledger_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    frontier: Mapped[bytes] = mapped_column(LargeBinary, default=b"")


class LedgerTreeHead(db.Model):
    """A signed tree head, kept so a later rewrite of the tree contradicts a signature."""

    __tablename__ = "ledger_tree_heads"

    tree_size: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    timestamp: Mapped[int] = mapped_column(BigInteger)  # milliseconds since the Unix epoch
    root_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    signature: Mapped[bytes] = mapped_column(LargeBinary)
