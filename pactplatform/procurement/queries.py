"""Reads of procurement data and flags. The risk domain builds on `flags_of_organisation` and
`buyer_tender_stats`; the risk methodology versions the tenant's `settings_tables`."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from . import reasons
from .models import (
    BUYER, PROCURING_ENTITY, ROLES, SUPPLIER, TENDERER, Award, Bid, ContractingProcess, OcdsImport, PartyFlag,
    ProcessParty, RedFlagSettings, TenderFlag,
)
from .redflags.settings import ALL_INDICATORS_INI, parse_ini

PAGE_SIZE = 50
GROUP_ROLES = {"Buyer": BUYER, "ProcuringEntity": PROCURING_ENTITY, "Tenderer": TENDERER}


@dataclass(frozen=True)
class FlagFact:
    """One red flag as it concerns one organisation. `value` is the tender's value in whole units of
    `currency` (rupiah for IDR), for value-weighted indices; ocid and tender_id are None for flags about the
    organisation across tenders (R025, R038, R048)."""

    ocid: str | None
    tender_id: int | None
    code: str
    reason: str
    role: str
    value: int | None
    currency: str | None
    flagged_on: date
    tenant_id: int


def _scoped(statement, all_tenants: bool):
    return statement.execution_options(all_tenants=True) if all_tenants else statement


def _role(roles_text: str) -> str:
    held = set(roles_text.split())
    return next((role for role in ROLES if role in held), TENDERER)


def flags_of_organisation(organisation_id: int, all_tenants: bool = False) -> list[FlagFact]:
    """Every red flag concerning the organisation: the flags of the tenders it took part in (with its role
    there) and the flags Cardinal raised on the organisation itself. Within a tenant's request only that
    tenant's; `all_tenants=True` reads every tenant's (imported OCDS data is published data)."""
    facts: dict[tuple, FlagFact] = {}
    tender_rows = db.session.execute(_scoped(
        select(TenderFlag.code, TenderFlag.value, TenderFlag.flagged_on, ContractingProcess.ocid,
               ContractingProcess.id, ContractingProcess.amount, ContractingProcess.currency,
               ContractingProcess.tenant_id, ProcessParty.roles)
        .join(ContractingProcess, ContractingProcess.id == TenderFlag.process_id)
        .join(ProcessParty, ProcessParty.process_id == ContractingProcess.id)
        .where(ProcessParty.organisation_id == organisation_id)
        .order_by(TenderFlag.flagged_on.desc(), ContractingProcess.id, TenderFlag.code), all_tenants))
    tender_values = {}
    for code, value, flagged_on, ocid, process_id, amount, currency, tenant_id, roles in tender_rows:
        tender_values[(process_id, code)] = value
        role = _role(roles)
        key = (process_id, code)
        if key in facts and ROLES.index(facts[key].role) <= ROLES.index(role):
            continue
        facts[key] = FlagFact(ocid, process_id, code, reasons.reason(code, value), role, amount, currency,
                              flagged_on, tenant_id)
    party_rows = db.session.execute(_scoped(
        select(PartyFlag).options(selectinload(PartyFlag.process))
        .where(PartyFlag.organisation_id == organisation_id).order_by(PartyFlag.flagged_on.desc(), PartyFlag.id),
        all_tenants)).scalars()
    for flag in party_rows:
        process = flag.process
        role = SUPPLIER if flag.code == "R048" else GROUP_ROLES[flag.group]
        if process is not None:
            key = (process.id, flag.code)
            if key in facts:
                continue
            facts[key] = FlagFact(process.ocid, process.id, flag.code,
                                  reasons.reason(flag.code, flag.value, tender_values.get(key)), role, process.amount,
                                  process.currency, flag.flagged_on, flag.tenant_id)
        else:
            facts[(None, flag.code, flag.tenant_id, flag.group)] = FlagFact(
                None, None, flag.code, reasons.reason(flag.code, flag.value), role, None, None, flag.flagged_on,
                flag.tenant_id)
    return sorted(facts.values(), key=lambda f: (f.flagged_on, f.tender_id or 0, f.code), reverse=True)


def buyer_tender_stats(organisation_id: int, all_tenants: bool = False) -> dict:
    """For KRI4 (single-bid share of a buyer's tenders): the buyer's tenders, those flagged R018 (one bid
    only in an open or selective procedure, per the tenant's settings), and the same by value (whole units,
    the tenders' own currency, which is rupiah in Indonesian data)."""
    single = select(TenderFlag.process_id).where(TenderFlag.code == "R018")
    total, count_single, value_total, value_single = db.session.execute(_scoped(
        select(func.count(ContractingProcess.id),
               func.count(ContractingProcess.id).filter(ContractingProcess.id.in_(single)),
               func.coalesce(func.sum(ContractingProcess.amount), 0),
               func.coalesce(func.sum(ContractingProcess.amount).filter(ContractingProcess.id.in_(single)), 0))
        .where(ContractingProcess.buyer_id == organisation_id), all_tenants)).one()
    return {"tenders": total, "single_bid": count_single,
            "by_value": {"tenders": int(value_total), "single_bid": int(value_single)}}


def settings_ini(tenant_id: int) -> str:
    """The tenant's red-flag settings as Cardinal's INI text (every indicator with its defaults if never set)."""
    text = db.session.scalar(select(RedFlagSettings.ini).where(RedFlagSettings.tenant_id == tenant_id)
                             .execution_options(all_tenants=True))
    return text if text is not None else ALL_INDICATORS_INI


def settings_tables(tenant_id: int) -> dict[str, dict[str, str]]:
    """The same settings as an INI-compatible dict: {"": top-level keys, "R003": {...}, ...}."""
    return parse_ini(settings_ini(tenant_id))


def tenders_page(after: int | None = None, flagged_only: bool = False, limit: int = PAGE_SIZE):
    """One page of the tenant's tenders, newest first, by keyset on id; (rows, id to continue after or None)."""
    query = (select(ContractingProcess)
             .options(selectinload(ContractingProcess.buyer), selectinload(ContractingProcess.flags))
             .order_by(ContractingProcess.id.desc()).limit(limit + 1))
    if after is not None:
        query = query.where(ContractingProcess.id < after)
    if flagged_only:
        query = query.where(ContractingProcess.flag_count > 0)
    rows = list(db.session.scalars(query))
    return rows[:limit], (rows[limit - 1].id if len(rows) > limit else None)


def tender(process_id: int) -> ContractingProcess | None:
    return db.session.scalar(
        select(ContractingProcess).where(ContractingProcess.id == process_id).options(
            selectinload(ContractingProcess.parties).selectinload(ProcessParty.organisation),
            selectinload(ContractingProcess.bids).selectinload(Bid.party),
            selectinload(ContractingProcess.awards).selectinload(Award.party),
            selectinload(ContractingProcess.contracts), selectinload(ContractingProcess.flags),
            selectinload(ContractingProcess.buyer), selectinload(ContractingProcess.procuring_entity)))


def tender_party_flags(process_id: int) -> list[PartyFlag]:
    return list(db.session.scalars(select(PartyFlag).where(PartyFlag.process_id == process_id)
                                   .order_by(PartyFlag.code, PartyFlag.id)))


def recent_imports(limit: int = 10) -> list[OcdsImport]:
    return list(db.session.scalars(select(OcdsImport).order_by(OcdsImport.id.desc()).limit(limit)))


def import_record(import_id: int) -> OcdsImport | None:
    return db.session.scalar(select(OcdsImport).where(OcdsImport.id == import_id))


def organisation_flags(organisation) -> list[FlagFact]:
    """The passport section: red flags from every tenant's imported (published) OCDS data."""
    return flags_of_organisation(organisation.id, all_tenants=True)
