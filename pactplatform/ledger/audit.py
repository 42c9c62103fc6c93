"""`ledger verify`: re-derive the log from the database and check it against itself, the
records it describes and the tree heads it signed.

One pass over the entries (in index order, in batches) rebuilds the tree with a frontier,
compares every stored node and every signed tree head, and remembers each record's latest
content hash; a second pass over every registered table compares the rows.
"""
import json
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import and_, func, select

from ..extensions import db
from . import canonical, keys, merkle, queries, records
from .models import LedgerEntry, LedgerNode, LedgerTreeHead
from .operations import tree_head_payload

BATCH = 5000
REMOVED_SHA256 = records.content_sha256(records.REMOVED)


@dataclass
class Report:
    entries: int = 0
    records: int = 0
    tree_heads: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify() -> Report:
    report = Report()
    latest = _check_log(report)
    _check_records(report, latest)
    return report


def _check_log(report: Report) -> dict[tuple[str, int], tuple[int, str]]:
    problems = report.problems
    state = queries.state()
    size = state.size if state else 0
    heads = {head.tree_size: head for head in db.session.execute(select(LedgerTreeHead)).scalars()}
    public_key = keys.private_key().public_key()
    frontier = merkle.Frontier()
    latest: dict[tuple[str, int], tuple[int, str]] = {}
    tree_intact = True

    if 0 in heads:
        _check_head(report, heads[0], merkle.EMPTY_ROOT, public_key)
    last_index = -1
    while True:
        rows = db.session.execute(
            select(LedgerEntry).where(LedgerEntry.index > last_index).order_by(LedgerEntry.index).limit(BATCH)
        ).scalars().all()
        if not rows:
            break
        batch_start = frontier.size
        created: dict[merkle.Key, bytes] = {}
        for row in rows:
            if row.index != last_index + 1:
                problems.append(f"log entries {last_index + 1}..{row.index - 1} are missing (deleted from ledger_entries)")
                tree_intact = False
            last_index = row.index
            parsed = _check_entry(report, row)
            if parsed is not None:
                subject = parsed["subject"]
                latest[(subject["type"], subject["id"])] = (row.index, parsed["sha256"])
            if tree_intact:
                for level, idx, digest in frontier.append(merkle.leaf_hash(row.entry.encode("utf-8"))):
                    created[(level, idx)] = digest
                if frontier.size in heads:
                    _check_head(report, heads[frontier.size], frontier.root(), public_key)
            report.entries += 1
        if tree_intact:
            _compare_nodes(report, created, batch_start, frontier.size)

    if report.entries != size:
        problems.append(f"the log state says {size} entries but ledger_entries holds {report.entries}")
    elif tree_intact and state is not None and bytes(state.frontier) != frontier.to_bytes():
        problems.append("the log state's frontier does not match the entries (ledger_state edited)")
    for tree_size in sorted(heads):
        if tree_size > report.entries:
            problems.append(f"a tree head was signed at size {tree_size} but the log holds {report.entries} "
                            "entries (entries removed from the end)")
    expected_nodes = sum(size >> level for level in range(size.bit_length()))
    stored_nodes = db.session.execute(select(func.count()).select_from(LedgerNode)).scalar()
    if stored_nodes != expected_nodes:
        problems.append(f"ledger_nodes holds {stored_nodes} nodes, a tree of {size} entries has {expected_nodes}")
    report.tree_heads = len(heads)
    return latest


def _check_entry(report: Report, row: LedgerEntry) -> dict | None:
    where = f"log entry {row.index}"
    try:
        parsed = json.loads(row.entry)
        subject = parsed["subject"]
        fields_ok = (
            canonical.dumps(parsed) == row.entry
            and parsed["index"] == row.index
            and parsed["event"] == row.event
            and subject["type"] == row.subject_type
            and subject["id"] == row.subject_id
            and parsed["tenant"] == row.tenant_id
            and isinstance(parsed["sha256"], str)
        )
    except (ValueError, KeyError, TypeError):
        report.problems.append(f"{where} is not a well-formed canonical entry")
        return None
    if not fields_ok:
        report.problems.append(f"{where}: its columns or index disagree with the logged string (row edited)")
    return parsed


def _compare_nodes(report: Report, created: dict[merkle.Key, bytes], start: int, end: int) -> None:
    """Compare the nodes completed by leaves [start, end) with the stored ones, per level."""
    levels: dict[int, list[int]] = {}
    for level, idx in created:
        levels.setdefault(level, []).append(idx)
    conditions = [
        and_(LedgerNode.level == level, LedgerNode.idx.between(min(idxs), max(idxs)))
        for level, idxs in levels.items()
    ]
    stored = {}
    for condition in conditions:
        for level, idx, digest in db.session.execute(
            select(LedgerNode.level, LedgerNode.idx, LedgerNode.hash).where(condition)
        ):
            stored[(level, idx)] = bytes(digest)
    for key, digest in created.items():
        found = stored.get(key)
        level, idx = key
        span = f"tree node (level {level}, idx {idx}) covering entries {idx << level}..{((idx + 1) << level) - 1}"
        if found is None:
            report.problems.append(f"{span} is missing")
        elif found != digest:
            report.problems.append(f"{span} does not match the entries (node or entry edited)")


def _check_head(report: Report, head: LedgerTreeHead, root_hash: bytes, public_key) -> None:
    where = f"signed tree head at size {head.tree_size}"
    if bytes(head.root_hash) != root_hash:
        report.problems.append(f"{where}: its root does not match the entries (history rewritten)")
    try:
        public_key.verify(bytes(head.signature), tree_head_payload(head.tree_size, head.timestamp, bytes(head.root_hash)),
                          ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        report.problems.append(f"{where}: its signature is not valid under the log key")


def _check_records(report: Report, latest: dict[tuple[str, int], tuple[int, str]]) -> None:
    problems = report.problems
    known = set()
    for record_type in records.all_types():
        known.add(record_type.name)
        model = record_type.model
        if not hasattr(model, "__table__"):
            continue  # registered plain objects (benchmarks) have no rows to compare
        statement = select(model).order_by(model.id).execution_options(all_tenants=True, yield_per=1000)
        for row in db.session.execute(statement).scalars():
            report.records += 1
            name = f"{record_type.name} {row.id}"
            logged = latest.pop((record_type.name, row.id), None)
            if logged is None:
                problems.append(f"{name}: row has no log entry (inserted behind the platform's back)")
                continue
            index, sha256 = logged
            if sha256 == REMOVED_SHA256:
                problems.append(f"{name}: row exists but log entry {index} records its removal (re-inserted)")
            elif records.content_sha256(record_type.content(row)) != sha256:
                problems.append(f"{name}: content differs from log entry {index} (edited behind the platform's back)")
    for (subject_type, subject_id), (index, sha256) in sorted(latest.items()):
        if subject_type not in known:
            problems.append(f"log entry {index} names an unregistered record type {subject_type!r}")
        elif sha256 != REMOVED_SHA256 and hasattr(records.by_name(subject_type).model, "__table__"):
            problems.append(f"{subject_type} {subject_id}: row is missing but log entry {index} "
                            "does not record its removal (deleted behind the platform's back)")
