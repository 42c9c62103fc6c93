"""Every write on procurement data: importing an OCDS file, recomputing the red flags, changing the tenant's
red-flag settings. Each validates, flushes, logs and never commits (DESIGN.md §2).

An import is all or nothing: the file is read to its end so that every bad line is reported, and any
problem raises ImportRefused after the rows written so far, which the caller rolls back. Rows go in by
batches of bulk INSERTs (a file may hold 100,000 processes); the import itself is one log entry.
"""
import json
from dataclasses import dataclass
from datetime import date, timezone
from typing import BinaryIO, Callable
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import delete, insert, select, update

from ..accounts.models import User
from ..errors import OperationError
from ..extensions import db
from ..ledger.operations import append as log_event
from ..orgs import operations as org_operations
from ..orgs.models import FIRM, PUBLIC_BODY, Organisation
from ..tenancy import queries as tenancy_queries
from ..tenancy import roles as tenant_roles
from ..tenancy.models import Tenant
from ..tenancy.scoping import tenant_scope
from ..timeutil import utcnow
from . import importer, queries
from .models import (
    Award, Bid, ContractingProcess, Contract, OcdsImport, PartyFlag, ProcessParty, RedFlagSettings, TenderFlag,
)
from .redflags.run import run as run_indicators
from .redflags.settings import Settings, SettingsError

IMPORTERS = {tenant_roles.ADMIN, tenant_roles.OFFICER}
BATCH = 500
MAX_REPORTED = 1000
# Tenderer flags that Cardinal's maps tie to the process they arose in.
PROCESS_TIED = {"R024": "ocid_tenderer_r024", "R028": "ocid_tenderer_r028", "R030": "ocid_tenderer_r030",
                "R035": "ocid_tenderer_r035", "R058": "ocid_tenderer_r058"}


class ImportRefused(OperationError):
    """The file had problems: nothing of it is kept. `problems` lists them (at most importer.MAX_PROBLEMS)."""

    def __init__(self, problems: list[importer.Problem], total: int):
        super().__init__(lazy_ngettext("The file was not imported: %(num)d problem, listed below. Nothing was saved.",
                                       "The file was not imported: %(num)d problems, listed below. Nothing was saved.",
                                       total), field="file")
        self.problems = problems
        self.total = total


def today() -> date:
    """The calendar date in the platform's time zone (flags are dated when first raised)."""
    zone = current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Jakarta") if has_app_context() else "Asia/Jakarta"
    return utcnow().replace(tzinfo=timezone.utc).astimezone(ZoneInfo(zone)).date()


def _require_importer(actor: User | None) -> None:
    if actor is not None and not IMPORTERS.intersection(tenancy_queries.roles_of(actor.id)):
        raise OperationError(_l("Only the tenant's officers and administrators can import tenders."), field="file")


class _Organisations:
    """Matches OCDS parties to organisations by NIB, then NPWP, then (for parties without either) by exact
    name among organisations without identifiers; creates the organisation when nothing matches."""

    def __init__(self):
        rows = db.session.execute(select(Organisation.id, Organisation.nib, Organisation.npwp, Organisation.name))
        self.by_nib, self.by_npwp, self.by_name = {}, {}, {}
        for org_id, nib, npwp, name in rows:
            if nib:
                self.by_nib[nib] = org_id
            if npwp:
                self.by_npwp[npwp] = org_id
            if not nib and not npwp:
                self.by_name.setdefault(name, org_id)
        self.created = 0

    def resolve(self, party: importer.PartyData) -> int:
        found = (party.nib and self.by_nib.get(party.nib)) or (party.npwp and self.by_npwp.get(party.npwp))
        if not found and not party.nib and not party.npwp:
            found = self.by_name.get(party.name[:200])
        if found:
            return found
        kind = PUBLIC_BODY if party.public else FIRM
        organisation = org_operations.register_from_source(party.name, kind, party.nib, party.npwp)
        self.created += 1
        if organisation.nib:
            self.by_nib[organisation.nib] = organisation.id
        if organisation.npwp:
            self.by_npwp[organisation.npwp] = organisation.id
        if not organisation.nib and not organisation.npwp:
            self.by_name[organisation.name] = organisation.id
        return organisation.id


@dataclass
class _Pending:
    where: str
    data: importer.ProcessData
    text: str
    sha256: str


class _Writer:
    def __init__(self, tenant: Tenant, record: OcdsImport):
        self.tenant = tenant
        self.record = record
        self.organisations = _Organisations()
        self.skipped: list[dict] = []
        self.skipped_count = 0

    def skip(self, where: str, ocid: str, reason: str) -> None:
        self.skipped_count += 1
        if len(self.skipped) < MAX_REPORTED:
            self.skipped.append({"where": where, "ocid": ocid, "reason": reason})

    def write(self, batch: dict[str, _Pending]) -> None:
        existing = {ocid: (process_id, sha) for ocid, process_id, sha in db.session.execute(
            select(ContractingProcess.ocid, ContractingProcess.id, ContractingProcess.release_sha256)
            .where(ContractingProcess.ocid.in_(list(batch))))}
        new, changed = [], []
        for ocid, pending in batch.items():
            if ocid in existing:
                process_id, sha = existing[ocid]
                if sha == pending.sha256:
                    self.record.unchanged_count += 1
                    self.skip(pending.where, ocid, "unchanged")
                else:
                    changed.append((process_id, pending))
            else:
                new.append(pending)
        if changed:
            self._clear([process_id for process_id, _ in changed])
            db.session.execute(update(ContractingProcess), [
                {"id": process_id, **self._columns(pending)} for process_id, pending in changed])
            self.record.updated_count += len(changed)
        ids = []
        if new:
            # Core executemany, then one SELECT for the ids: far quicker than ORM inserts with RETURNING.
            db.session.execute(insert(ContractingProcess.__table__),
                               [{"tenant_id": self.tenant.id, "ocid": p.data.ocid, **self._columns(p)} for p in new])
            by_ocid = dict(db.session.execute(select(ContractingProcess.ocid, ContractingProcess.id)
                                              .where(ContractingProcess.ocid.in_([p.data.ocid for p in new]))).all())
            ids = [by_ocid[p.data.ocid] for p in new]
            self.record.created_count += len(new)
        self._children(list(zip([pid for pid, _ in changed] + ids, [p for _, p in changed] + new)))

    def _columns(self, pending: _Pending) -> dict:
        columns = {k: v for k, v in pending.data.columns.items() if not k.endswith("_ocds_id")}
        buyer = pending.data.parties.get(pending.data.columns["buyer_ocds_id"] or "")
        entity = pending.data.parties.get(pending.data.columns["procuring_entity_ocds_id"] or "")
        columns["buyer_id"] = self.organisations.resolve(buyer) if buyer else None
        columns["procuring_entity_id"] = self.organisations.resolve(entity) if entity else None
        columns.update(release=pending.text, release_sha256=pending.sha256, import_id=self.record.id, flag_count=0)
        return columns

    def _clear(self, process_ids: list[int]) -> None:
        for model in (Bid, Award, Contract, TenderFlag):
            db.session.execute(delete(model).where(model.tenant_id == self.tenant.id, model.process_id.in_(process_ids)))
        db.session.execute(delete(PartyFlag).where(PartyFlag.tenant_id == self.tenant.id,
                                                   PartyFlag.process_id.in_(process_ids)))
        db.session.execute(delete(ProcessParty).where(ProcessParty.tenant_id == self.tenant.id,
                                                      ProcessParty.process_id.in_(process_ids)))

    def _children(self, written: list[tuple[int, _Pending]]) -> None:
        tenant_id = self.tenant.id
        party_rows = []
        for process_id, pending in written:
            for party in pending.data.parties.values():
                party_rows.append({"tenant_id": tenant_id, "process_id": process_id, "ocds_id": party.ocds_id[:255],
                                   "name": party.name, "organisation_id": self.organisations.resolve(party),
                                   "roles": " ".join(sorted(r for r in party.roles if r != "public_body"))})
        party_ids = {}
        if party_rows:
            db.session.execute(insert(ProcessParty.__table__), party_rows)
            party_ids = {(process_id, ocds_id): party_id for party_id, process_id, ocds_id in db.session.execute(
                select(ProcessParty.id, ProcessParty.process_id, ProcessParty.ocds_id)
                .where(ProcessParty.process_id.in_([process_id for process_id, _ in written])))}
        rows = {Bid: [], Award: [], Contract: []}
        for process_id, pending in written:
            for bid in pending.data.bids:
                rows[Bid].append({**_trim(bid), "tenant_id": tenant_id, "process_id": process_id,
                                  "party_id": party_ids.get((process_id, bid["party"]))})
            for award in pending.data.awards:
                rows[Award].append({**_trim(award), "tenant_id": tenant_id, "process_id": process_id,
                                    "party_id": party_ids.get((process_id, award["party"]))})
            for contract in pending.data.contracts:
                rows[Contract].append({**_trim(contract), "tenant_id": tenant_id, "process_id": process_id})
        for model, values in rows.items():
            if values:
                db.session.execute(insert(model.__table__), values)


def _trim(row: dict) -> dict:
    return {k: (v[:255] if isinstance(v, str) else v) for k, v in row.items() if k != "party"}


def import_file(tenant: Tenant, actor: User | None, filename: str, stream: BinaryIO,
                progress: Callable[[int], None] | None = None, on: date | None = None) -> OcdsImport:
    """Import every contracting process of an OCDS file into the tenant, then recompute its red flags.

    Idempotent on ocid: an unchanged process is skipped (and reported), a changed one is replaced.
    `actor` is None only for the command line. Raises ImportRefused if any line has a problem.
    """
    with tenant_scope(tenant.id):
        return _import_file(tenant, actor, filename, stream, progress, on)


def _import_file(tenant, actor, filename, stream, progress, on) -> OcdsImport:
    _require_importer(actor)
    record = OcdsImport(tenant_id=tenant.id, filename=(filename or "upload")[:255], sha256="", file_format="",
                        created_by_id=actor.id if actor else None, created_at=utcnow())
    db.session.add(record)
    db.session.flush()
    writer = _Writer(tenant, record)
    reader = importer.Reader(stream)
    batch: dict[str, _Pending] = {}
    seen: dict[str, str] = {}
    count = 0
    for item in reader:
        count += 1
        if progress:
            progress(count)
        if reader.problems:
            continue  # keep reading to report every problem, but write nothing more
        ocid = item.release["ocid"]
        if ocid in seen:  # Cardinal's rule: a later line about the same process wins
            writer.skip(seen[ocid], ocid, "replaced_later")
        seen[ocid] = item.where
        text, sha = importer.canonical(item.release)
        batch[ocid] = _Pending(item.where, importer.extract(item.release), text, sha)
        if len(batch) >= BATCH:
            writer.write(batch)
            batch = {}
    if reader.problems:
        raise ImportRefused(reader.problems, reader.problem_count)
    if batch:
        writer.write(batch)
    if count == 0:
        raise ImportRefused([importer.Problem("file", "the file holds no contracting process")], 1)
    record.sha256 = reader.sha256
    record.file_format = reader.file_format
    record.report = json.dumps({"skipped": writer.skipped, "skipped_count": writer.skipped_count,
                                "organisations_created": writer.organisations.created}, ensure_ascii=False)
    db.session.flush()
    log_event("procurement.imported", record)
    recompute_flags(tenant, on)
    return record


def recompute_flags(tenant: Tenant, on: date | None = None) -> dict:
    """Run every indicator of the tenant's settings over all its processes and store the flags.

    The statistical indicators (R024, R025, R038, R048, R058) compare a process with all the others, so
    every import recomputes the whole tenant. A flag that was already raised keeps the date it was first
    raised. Returns Cardinal's output (with Meta and Maps).
    """
    with tenant_scope(tenant.id):
        return _recompute_flags(tenant, on)


def _recompute_flags(tenant: Tenant, on: date | None) -> dict:
    on = on or today()
    settings = Settings.from_ini(queries.settings_ini(tenant.id))
    ids: dict[str, int] = {}

    def releases():
        rows = db.session.execute(select(ContractingProcess.id, ContractingProcess.ocid, ContractingProcess.release)
                                  .order_by(ContractingProcess.id).execution_options(yield_per=2000))
        for process_id, ocid, text in rows:
            ids[ocid] = process_id
            yield json.loads(text)

    output = run_indicators(releases(), settings, mapping=True).output(meta=True)
    first_raised = {(pid, code): day for pid, code, day in db.session.execute(
        select(TenderFlag.process_id, TenderFlag.code, TenderFlag.flagged_on))}
    first_raised_party = {(org, pid, code, group): day for org, pid, code, group, day in db.session.execute(
        select(PartyFlag.organisation_id, PartyFlag.process_id, PartyFlag.code, PartyFlag.group, PartyFlag.flagged_on))}
    db.session.execute(delete(TenderFlag).where(TenderFlag.tenant_id == tenant.id))
    db.session.execute(delete(PartyFlag).where(PartyFlag.tenant_id == tenant.id))

    tender_rows, counts = [], {}
    for ocid, codes in output.get("OCID", {}).items():
        process_id = ids[ocid]
        counts[process_id] = len(codes)
        tender_rows.extend({"tenant_id": tenant.id, "process_id": process_id, "code": code, "value": value,
                            "flagged_on": first_raised.get((process_id, code), on)} for code, value in codes.items())

    by_process: dict[tuple[int, str], int] = {}
    by_ocds_id: dict[str, set[int]] = {}
    for process_id, ocds_id, org_id in db.session.execute(
            select(ProcessParty.process_id, ProcessParty.ocds_id, ProcessParty.organisation_id)):
        by_process[(process_id, ocds_id)] = org_id
        by_ocds_id.setdefault(ocds_id, set()).add(org_id)
    maps = output["Maps"]
    party_rows: dict[tuple, dict] = {}

    def add(org_id: int, process_id: int | None, group: str, ocds_id: str, code: str, value: float) -> None:
        key = (org_id, process_id, code, group)
        party_rows[key] = {"tenant_id": tenant.id, "organisation_id": org_id, "process_id": process_id,
                           "group": group, "ocds_id": ocds_id[:255], "code": code, "value": value,
                           "flagged_on": first_raised_party.get(key, on)}

    tied_ocids = {code: {} for code in PROCESS_TIED}
    for code, name in PROCESS_TIED.items():
        for ocid, tenderers in maps[name].items():
            for tenderer in tenderers:
                tied_ocids[code].setdefault(tenderer, []).append(ocid)
    for group in ("Tenderer", "Buyer", "ProcuringEntity"):
        for ocds_id, codes in output.get(group, {}).items():
            for code, value in codes.items():
                if group == "Tenderer" and code in PROCESS_TIED:
                    for ocid in tied_ocids[code].get(ocds_id, []):
                        org_id = by_process.get((ids[ocid], ocds_id))
                        if org_id is not None:
                            add(org_id, ids[ocid], group, ocds_id, code, value)
                else:
                    for org_id in by_ocds_id.get(ocds_id, ()):
                        add(org_id, None, group, ocds_id, code, value)
    if tender_rows:
        db.session.execute(insert(TenderFlag.__table__), tender_rows)
    if party_rows:
        db.session.execute(insert(PartyFlag.__table__), list(party_rows.values()))
    stale = db.session.scalars(select(ContractingProcess.id).where(ContractingProcess.flag_count > 0)).all()
    changes = [{"id": pid, "flag_count": counts.get(pid, 0)} for pid in set(stale) | set(counts)]
    if changes:
        db.session.execute(update(ContractingProcess), changes)
    db.session.flush()
    return output


def update_settings(tenant: Tenant, actor: User, ini: str) -> RedFlagSettings:
    """Replace the tenant's red-flag settings (Cardinal's INI format) and recompute its flags."""
    with tenant_scope(tenant.id):
        return _update_settings(tenant, actor, ini)


def _update_settings(tenant: Tenant, actor: User, ini: str) -> RedFlagSettings:
    if tenant_roles.ADMIN not in tenancy_queries.roles_of(actor.id):
        raise OperationError(_l("Only the tenant's administrators can change the red-flag settings."), field="ini")
    ini = (ini or "").replace("\r\n", "\n").strip() + "\n"
    if len(ini) > 20000:
        raise OperationError(_l("The settings are longer than 20,000 characters."), field="ini")
    try:
        Settings.from_ini(ini)
    except SettingsError as error:
        raise OperationError(_l("These settings cannot be used: %(error)s", error=str(error)), field="ini") from None
    row = db.session.scalar(select(RedFlagSettings))
    if row is None:
        row = RedFlagSettings(tenant_id=tenant.id, ini=ini)
        db.session.add(row)
    row.ini, row.updated_by_id, row.updated_at = ini, actor.id, utcnow()
    db.session.flush()
    log_event("procurement.settings_changed", row)
    recompute_flags(tenant)
    return row
