"""Reads of the transparency log: tree size, roots, proofs, entries."""
import json
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from . import merkle
from .errors import LedgerIntegrityError
from .models import LedgerEntry, LedgerState, LedgerTreeHead

STATE_ID = 1
MAX_PAGE = 1000


def state() -> LedgerState | None:
    return db.session.get(LedgerState, STATE_ID)


_state = LedgerState.__table__
_READ_SIZE = select(_state.c.size).where(_state.c.id == STATE_ID)
_READ_HEAD = select(_state.c.size, _state.c.frontier).where(_state.c.id == STATE_ID)
_READ_HEAD_ENTRY = select(LedgerEntry.entry).where(LedgerEntry.index == _READ_SIZE.scalar_subquery() - 1)


def tree_size() -> int:
    return db.session.connection().execute(_READ_SIZE).scalar() or 0


def head_time() -> datetime | None:
    """When the newest entry was logged (naive UTC, to the second): the last change of anything the log covers."""
    text = db.session.connection().execute(_READ_HEAD_ENTRY).scalar()
    if text is None:
        return None
    return datetime.fromisoformat(json.loads(text)["time"].removesuffix("Z"))


def current_head() -> tuple[int, bytes]:
    """(size, root) from the frontier: O(log n) hashes, no node reads."""
    row = db.session.connection().execute(_READ_HEAD).first()
    if row is None:
        return 0, merkle.EMPTY_ROOT
    try:
        frontier = merkle.Frontier.from_bytes(row.size, bytes(row.frontier))
    except ValueError:
        raise LedgerIntegrityError("the log state's frontier does not match its size") from None
    return row.size, frontier.root()


def fetch_nodes(keys) -> dict[merkle.Key, bytes]:
    """The stored subtrees of a proof, in one query (a proof needs a few dozen at most).

    Plain SQL on the driver: building this statement as a SQLAlchemy expression took longer
    than running it. One OR term per level lets SQLite and PostgreSQL both probe the primary
    key (a row-value IN list makes SQLite scan the table).
    """
    by_level: dict[int, list[int]] = {}
    for level, idx in keys:
        by_level.setdefault(level, []).append(idx)
    if not by_level:
        return {}
    connection = db.session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    terms, params = [], []
    for level, idxs in by_level.items():
        terms.append(f"(level = {mark} AND idx IN ({', '.join([mark] * len(idxs))}))")
        params.append(level)
        params.extend(idxs)
    rows = connection.exec_driver_sql(
        "SELECT level, idx, hash FROM ledger_nodes WHERE " + " OR ".join(terms), tuple(params)
    )
    return {(level, idx): bytes(digest) for level, idx, digest in rows}


def root_at(size: int) -> bytes:
    return merkle.root(size, fetch_nodes)


def inclusion_proof(index: int, size: int) -> list[bytes]:
    return merkle.inclusion_proof(index, size, fetch_nodes)


def consistency_proof(first: int, second: int) -> list[bytes]:
    return merkle.consistency_proof(first, second, fetch_nodes)


def entries(start: int, end: int) -> list[LedgerEntry]:
    return list(
        db.session.execute(
            select(LedgerEntry)
            .where(LedgerEntry.index >= start, LedgerEntry.index < end)
            .order_by(LedgerEntry.index)
        ).scalars()
    )


def entry_for(subject_type: str, subject_id: int) -> LedgerEntry | None:
    """The latest entry logged for a record, or None."""
    return db.session.execute(
        select(LedgerEntry)
        .where(LedgerEntry.subject_type == subject_type, LedgerEntry.subject_id == subject_id)
        .order_by(LedgerEntry.index.desc())
        .limit(1)
    ).scalar()


def entry_for_record(record) -> LedgerEntry | None:
    """entry_for() from a registered model instance (the Jinja global `ledger_entry`)."""
    from .records import for_instance

    try:
        subject_type = for_instance(record).name
    except LookupError:
        return None
    if getattr(record, "id", None) is None:
        return None
    return entry_for(subject_type, record.id)


def latest_tree_head() -> LedgerTreeHead | None:
    return db.session.execute(
        select(LedgerTreeHead).order_by(LedgerTreeHead.tree_size.desc()).limit(1)
    ).scalar()
