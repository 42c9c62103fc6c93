"""Writes to the transparency log. Never commits: an entry joins the caller's transaction, so a
change and its entry are written together or not at all."""
import base64
import time

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy.orm import make_transient_to_detached

from .. import events
from ..extensions import db
from ..timeutil import utcnow
from . import canonical, keys, merkle, queries, records
from .errors import LedgerIntegrityError
from .models import LedgerEntry, LedgerTreeHead

STATE_ID = queries.STATE_ID


# The append path speaks plain SQL to the driver: SQLAlchemy's per-statement work cost several
# times what the database does here, and append runs inside every trust-relevant write.
_SQL = {
    "lock_sqlite": "UPDATE ledger_state SET size = size WHERE id = {0} RETURNING size, frontier",
    "lock": "SELECT size, frontier FROM ledger_state WHERE id = {0} FOR UPDATE",
    "create": "INSERT INTO ledger_state (id, size, frontier) VALUES ({0}, {0}, {0})",
    "entry": 'INSERT INTO ledger_entries ("index", entry, event, subject_type, subject_id, tenant_id) '
             "VALUES ({0}, {0}, {0}, {0}, {0}, {0})",
    "nodes": "INSERT INTO ledger_nodes (level, idx, hash) VALUES ({0}, {0}, {0})",
    "state": "UPDATE ledger_state SET size = {0}, frontier = {0} WHERE id = {0}",
}
_SQL_BY_MARK = {
    mark: {name: sql.format(mark) for name, sql in _SQL.items()} for mark in ("?", "%s")
}


def _statements(connection) -> dict[str, str]:
    return _SQL_BY_MARK["?" if connection.dialect.paramstyle == "qmark" else "%s"]


def _lock_state(connection, sql: dict[str, str]) -> merkle.Frontier:
    """Take the log's write lock and read the frontier.

    PostgreSQL: SELECT … FOR UPDATE on the single state row serialises appenders. SQLite ignores
    FOR UPDATE, and its deferred transactions would let two writers read the same size before
    either writes, so there a no-op UPDATE … RETURNING takes the database write lock and reads.
    """
    if connection.dialect.name == "sqlite":
        row = connection.exec_driver_sql(sql["lock_sqlite"], (STATE_ID,)).first()
    else:
        row = connection.exec_driver_sql(sql["lock"], (STATE_ID,)).first()
    if row is None:
        # First append ever (or after tests emptied the table). A concurrent first append
        # collides on the primary key and fails; it never shares an index.
        connection.exec_driver_sql(sql["create"], (STATE_ID, 0, b""))
        return merkle.Frontier()
    return merkle.Frontier.from_bytes(row[0], bytes(row[1]))


# Every appended entry is published on the domain event bus (pactplatform/events.py), in the same
# transaction, so higher domains follow logged events without the domains that log them knowing about them.
subscribe = events.subscribe
unsubscribe = events.unsubscribe


def build_entry(event_type: str, index: int, subject_type: str, subject_id: int,
                tenant_id: int | None, content_sha256: str, moment=None) -> str:
    return canonical.dumps({
        "event": event_type,
        "index": index,
        "time": canonical.iso_utc(moment or utcnow()),
        "tenant": tenant_id,
        "subject": {"type": subject_type, "id": subject_id},
        "sha256": content_sha256,
    })


def append(event_type: str, subject, *, tenant_id: int | None = None, removed: bool = False) -> LedgerEntry:
    """Log an event about a registered record in the current transaction (written at once).

    tenant_id defaults to the subject's own tenant_id, if it has one. removed=True logs that the
    record was deleted: its content hash is then of {"removed": true}.
    """
    record_type = records.for_instance(subject)
    if getattr(subject, "id", None) is None:
        db.session.flush()
    subject_id = subject.id
    if subject_id is None:
        raise ValueError("the subject has no id; add it to the session first")
    if tenant_id is None:
        tenant_id = getattr(subject, "tenant_id", None)
    content = records.REMOVED if removed else record_type.content(subject)
    digest = records.content_sha256(content)

    connection = db.session.connection()
    sql = _statements(connection)
    frontier = _lock_state(connection, sql)
    index = frontier.size
    text = build_entry(event_type, index, record_type.name, subject_id, tenant_id, digest)
    created = frontier.append(merkle.leaf_hash(text.encode("utf-8")))

    values = {"index": index, "entry": text, "event": event_type, "subject_type": record_type.name,
              "subject_id": subject_id, "tenant_id": tenant_id}
    connection.exec_driver_sql(sql["entry"], (index, text, event_type, record_type.name, subject_id, tenant_id))
    connection.exec_driver_sql(sql["nodes"], created)
    connection.exec_driver_sql(sql["state"], (frontier.size, frontier.to_bytes(), STATE_ID))
    # The row is already written: attach an ORM object for it without a second INSERT.
    entry = LedgerEntry(**values)
    make_transient_to_detached(entry)
    db.session.add(entry)
    events.publish(event_type, subject, tenant_id)
    return entry


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def tree_head_payload(tree_size: int, timestamp: int, root_hash: bytes) -> bytes:
    """What the log key signs: the canonical JSON of the tree head's other three fields."""
    return canonical.encode({"tree_size": tree_size, "timestamp": timestamp, "root_hash": b64(root_hash)})


def sign_tree_head() -> LedgerTreeHead:
    """The signed head of the current tree: reused if the tree has not grown, else signed now.

    Signing lazily keeps appends cheap. Adds to the session; the caller commits.
    """
    size, root_hash = queries.current_head()
    latest = queries.latest_tree_head()
    if latest is not None and latest.tree_size > size:
        raise LedgerIntegrityError(f"a tree head was signed at size {latest.tree_size}; the log now has {size}")
    existing = db.session.get(LedgerTreeHead, size)
    if existing is not None:
        if bytes(existing.root_hash) != root_hash:
            raise LedgerIntegrityError(f"the signed tree head at size {size} does not match the tree")
        return existing
    timestamp = int(time.time() * 1000)
    signature = keys.private_key().sign(tree_head_payload(size, timestamp, root_hash), ec.ECDSA(hashes.SHA256()))
    head = LedgerTreeHead(tree_size=size, timestamp=timestamp, root_hash=root_hash, signature=signature)
    db.session.add(head)
    return head
