"""Bulk import of organisations from CSV: `flask orgs import FILE.csv` and the admin upload.

Columns (a header row, UTF-8, comma-separated; names are case-insensitive):

    name      required
    kind      firm (default) or public_body
    nib       13 digits; required for a firm (separators allowed)
    npwp      15 or 16 digits (99.999.999.9-999.999 allowed)
    sector    optional
    address   optional

Other columns are reported as ignored. Each row is upserted by identifier: the organisation with the
row's NIB, else the one with its NPWP, is updated; none, one is created. A row that breaks a rule (the
rules of the registration form, orgs/operations.py) or whose NIB and NPWP belong to two different
organisations is skipped with its reason; it writes nothing. Rows go in batches: one query finds the
batch's existing organisations, and the CLI commits after each batch.
"""
import csv
import io
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ..errors import OperationError
from ..extensions import db
from . import identifiers, operations
from .models import Organisation

COLUMNS = ("name", "kind", "nib", "npwp", "sector", "address")
BATCH = 1000
CREATED, UPDATED, UNCHANGED, SKIPPED = "created", "updated", "unchanged", "skipped"


@dataclass
class Outcome:
    row: int          # the line's row number in the file, the header being row 1
    outcome: str
    organisation_id: int | None = None
    name: str = ""
    reason: str = ""


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome)

    @property
    def skipped(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.outcome == SKIPPED]

    def counts(self) -> dict[str, int]:
        return {name: self.count(name) for name in (CREATED, UPDATED, UNCHANGED, SKIPPED)}

    def write_csv(self, handle) -> None:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("row", "outcome", "organisation_id", "name", "reason"))
        for o in self.outcomes:
            writer.writerow((o.row, o.outcome, o.organisation_id or "", o.name, o.reason))


def read_rows(text: Iterable[str], report: Report) -> Iterator[tuple[int, dict]]:
    """(row number, {column: value}) for each data row; refuses a file without a name column."""
    reader = csv.DictReader(text)
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    if "name" not in header:
        raise OperationError(_l("The file needs a header row with at least a name column."), field="file")
    reader.fieldnames = header
    report.ignored_columns = [name for name in header if name not in COLUMNS]
    for row in reader:
        yield reader.line_num, {name: (row.get(name) or "").strip() for name in COLUMNS}


def decode(data: bytes) -> io.StringIO:
    try:
        return io.StringIO(data.decode("utf-8-sig"), newline="")
    except UnicodeDecodeError:
        raise OperationError(_l("The file is not UTF-8 text."), field="file") from None


def _existing(rows: list[dict]) -> tuple[dict[str, Organisation], dict[str, Organisation]]:
    nibs = {r["nib"] for r in rows if r["nib"]}
    npwps = {r["npwp"] for r in rows if r["npwp"]}
    if not nibs and not npwps:
        return {}, {}
    clauses = []
    if nibs:
        clauses.append(Organisation.nib.in_(nibs))
    if npwps:
        clauses.append(Organisation.npwp.in_(npwps))
    found = db.session.scalars(select(Organisation).where(or_(*clauses))).all()
    return ({o.nib: o for o in found if o.nib}, {o.npwp: o for o in found if o.npwp})


def _import_batch(actor, batch: list[tuple[int, dict]], report: Report) -> None:
    cleaned: list[tuple[int, dict | None, str]] = []
    for number, row in batch:
        try:
            data = operations.clean_imported(row["name"], row["kind"], row["nib"], row["npwp"], row["sector"],
                                             row["address"])
            cleaned.append((number, data, ""))
        except OperationError as error:
            cleaned.append((number, None, str(error)))
    by_nib, by_npwp = _existing([data for _n, data, _r in cleaned if data])
    row_names = {number: row["name"][:200] for number, row in batch}
    written: list[tuple[int, str, Organisation]] = []
    for number, data, reason in cleaned:
        if data is None:
            report.outcomes.append(Outcome(number, SKIPPED, name=row_names[number], reason=reason))
            continue
        match_nib = by_nib.get(data["nib"]) if data["nib"] else None
        match_npwp = by_npwp.get(data["npwp"]) if data["npwp"] else None
        if match_nib is not None and match_npwp is not None and match_nib is not match_npwp:
            report.outcomes.append(Outcome(number, SKIPPED, name=data["name"], reason=str(_l(
                "The NIB belongs to %(first)s and the NPWP to %(second)s.", first=match_nib.name,
                second=match_npwp.name))))
            continue
        existing = match_nib or match_npwp
        if existing is not None and data["nib"] and existing.nib and existing.nib != data["nib"]:
            report.outcomes.append(Outcome(number, SKIPPED, name=data["name"], reason=str(_l(
                "The NPWP belongs to %(name)s, registered with NIB %(nib)s.", name=existing.name,
                nib=identifiers.mask(existing.nib)))))
            continue
        try:
            outcome, organisation = operations.upsert_imported(actor, data, existing)
        except OperationError as error:  # refused before anything was written
            report.outcomes.append(Outcome(number, SKIPPED, name=data["name"], reason=str(error)))
            continue
        # Later rows of the same file find what earlier ones created or changed.
        if organisation.nib:
            by_nib[organisation.nib] = organisation
        if organisation.npwp:
            by_npwp[organisation.npwp] = organisation
        written.append((number, outcome, organisation))
    operations.log_imported([(outcome, organisation) for _n, outcome, organisation in written])
    for number, outcome, organisation in written:
        report.outcomes.append(Outcome(number, outcome, organisation.id, organisation.name))
    report.outcomes.sort(key=lambda o: o.row)


def import_organisations(actor, rows: Iterable[tuple[int, dict]], report: Report, batch_size: int = BATCH,
                         after_batch: Callable[[int], None] | None = None) -> Report:
    """Upsert every row; `after_batch(rows_done)` runs after each batch (the CLI commits and moves its bar)."""
    batch: list[tuple[int, dict]] = []
    for item in rows:
        batch.append(item)
        if len(batch) >= batch_size:
            _import_batch(actor, batch, report)
            if after_batch:
                after_batch(len(batch))
            batch = []
    if batch:
        _import_batch(actor, batch, report)
        if after_batch:
            after_batch(len(batch))
    return report
