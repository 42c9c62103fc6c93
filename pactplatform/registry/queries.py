"""Reads of the registry: the organisations register, the home page's figures, the passport as data."""
from sqlalchemy import bindparam, func, select

from ..actions.models import OPEN, CollectiveAction, Signature
from ..certification.models import Certificate
from ..extensions import db
from ..orgs.models import Organisation
from ..sanctions.models import IN_FORCE, PROPOSED, Sanction
from ..sanctions.status import status_clause
from ..tenancy.models import Tenant
from ..web import keyset
from . import search
from .models import ORGANISATION, RegistryCounter
from .sync import ORGANISATIONS_COUNTER

PUBLIC = {"all_tenants": True}

ORGANISATION_SORTS = {
    "name": keyset.Sort((Organisation.name, Organisation.id)),
    "-name": keyset.Sort((Organisation.name, Organisation.id), descending=True),
    "newest": keyset.Sort((Organisation.id,), descending=True),
}
_KEY_TYPES = {"name": (str, int), "-name": (str, int), "newest": (int,)}


def _key(sort: str):
    if sort == "newest":
        return lambda o: [o.id]
    return lambda o: [o.name, o.id]


def organisations(q: str = "", kind: str | None = None, sector: str | None = None, sort: str = "name",
                  cursor: str | None = None, per_page: int = 20) -> tuple[list[Organisation], str | None]:
    """One page of the organisations register; raises keyset.BadCursor for a cursor it did not make."""
    query = select(Organisation)
    ids = search.matching_ids(q, ORGANISATION)
    if ids is not None:
        query = query.where(Organisation.id.in_(bindparam("ids", ids, expanding=True)))
    if kind:
        query = query.where(Organisation.kind == kind)
    if sector:
        query = query.where(Organisation.sector == sector)
    return keyset.page(db.session, query, ORGANISATION_SORTS[sort], _key(sort), cursor, _KEY_TYPES[sort], per_page)


def all_organisations(q: str = "", kind: str | None = None, sector: str | None = None, sort: str = "name",
                      batch: int = 1000):
    """Every organisation of the filter, a keyset batch at a time (downloads stream without holding them)."""
    cursor = None
    while True:
        rows, cursor = organisations(q, kind, sector, sort, cursor, batch)
        yield from rows
        db.session.expunge_all()
        if cursor is None:
            return


def counts(today) -> dict[str, int]:
    """The home page's figures: a kept counter for the large table, indexed counts over small sets."""
    organisations_total = db.session.scalar(select(RegistryCounter.value).where(
        RegistryCounter.name == ORGANISATIONS_COUNTER)) or 0
    open_pacts = db.session.scalar(select(func.count()).select_from(CollectiveAction)
                                   .where(CollectiveAction.status == OPEN).execution_options(**PUBLIC))
    certified = db.session.scalar(select(func.count(func.distinct(Certificate.organisation_id)))
                                  .where(Certificate.expires_on >= today).execution_options(**PUBLIC))
    in_force = db.session.scalar(select(func.count()).select_from(Sanction).where(
        Sanction.status != PROPOSED, status_clause(IN_FORCE, today)).execution_options(**PUBLIC))
    return {"organisations": organisations_total, "open_pacts": open_pacts, "certified": certified,
            "sanctions_in_force": in_force}


def latest_signatures(limit: int = 5):
    """The latest signatures of published actions, with their action, organisation and tenant in one query."""
    rows = db.session.execute(
        select(Signature.signed_at, CollectiveAction.id, CollectiveAction.title, Organisation.id, Organisation.name,
               Tenant.name)
        .join(CollectiveAction, CollectiveAction.id == Signature.action_id)
        .join(Organisation, Organisation.id == Signature.organisation_id)
        .join(Tenant, Tenant.id == CollectiveAction.tenant_id)
        .where(CollectiveAction.status != "draft")
        .order_by(Signature.id.desc()).limit(limit).execution_options(**PUBLIC)).all()
    return [{"signed_at": r[0], "action_id": r[1], "action": r[2], "organisation_id": r[3], "organisation": r[4],
             "tenant": r[5]} for r in rows]


def latest_sanctions(limit: int = 5):
    rows = db.session.execute(
        select(Sanction.id, Sanction.kind, Sanction.decided_on, Organisation.id, Organisation.name)
        .join(Organisation, Organisation.id == Sanction.organisation_id)
        .where(Sanction.status != PROPOSED).order_by(Sanction.id.desc()).limit(limit)
        .execution_options(**PUBLIC)).all()
    return [{"id": r[0], "kind": r[1], "decided_on": r[2], "organisation_id": r[3], "organisation": r[4]}
            for r in rows]


def tenant_names(tenant_ids) -> dict[int, str]:
    ids = [i for i in tenant_ids if i is not None]
    if not ids:
        return {}
    return dict(db.session.execute(select(Tenant.id, Tenant.name).where(Tenant.id.in_(ids))).all())


PASSPORT_COMMITMENTS = 100


def log_indexes(subject_type: str, ids: list[int]) -> dict[int, int]:
    """The latest log entry of each record, for a whole list in one query."""
    from ..ledger.models import LedgerEntry

    if not ids:
        return {}
    return dict(db.session.execute(
        select(LedgerEntry.subject_id, func.max(LedgerEntry.index))
        .where(LedgerEntry.subject_type == subject_type, LedgerEntry.subject_id.in_(ids))
        .group_by(LedgerEntry.subject_id)).all())


def passport(organisation: Organisation) -> dict:
    """The passport's public facts as data, a fixed number of queries whatever the organisation signed."""
    signatures = db.session.execute(
        select(Signature.id, Signature.action_id, CollectiveAction.title, Signature.role, Signature.signed_at,
               Signature.withdrawn_at)
        .join(CollectiveAction, CollectiveAction.id == Signature.action_id)
        .where(Signature.organisation_id == organisation.id, CollectiveAction.status != "draft")
        .order_by(Signature.id.desc()).limit(PASSPORT_COMMITMENTS).execution_options(**PUBLIC)).all()
    total = db.session.scalar(
        select(func.count()).select_from(Signature).join(CollectiveAction, CollectiveAction.id == Signature.action_id)
        .where(Signature.organisation_id == organisation.id, CollectiveAction.status != "draft")
        .execution_options(**PUBLIC)) if len(signatures) == PASSPORT_COMMITMENTS else len(signatures)
    sanctions = db.session.execute(
        select(Sanction.id, Sanction.kind, Sanction.decided_on)
        .where(Sanction.organisation_id == organisation.id, Sanction.status != PROPOSED)
        .order_by(Sanction.id.desc()).execution_options(**PUBLIC)).all()
    certificates = db.session.execute(
        select(Certificate.id, Certificate.number, Certificate.level, Certificate.expires_on)
        .where(Certificate.organisation_id == organisation.id).order_by(Certificate.id.desc())
        .execution_options(**PUBLIC)).all()
    signature_log = log_indexes("signature", [s.id for s in signatures])
    sanction_log = log_indexes("sanction", [s.id for s in sanctions])
    certificate_log = log_indexes("certificate", [c.id for c in certificates])
    return {
        "commitments": [{"signature_id": s.id, "action_id": s.action_id, "action": s.title, "role": s.role,
                         "signed_at": s.signed_at.isoformat() + "Z", "withdrawn": s.withdrawn_at is not None,
                         "log_index": signature_log.get(s.id)} for s in signatures],
        "commitments_total": total,
        "sanctions": [{"id": s.id, "kind": s.kind, "decided_on": s.decided_on, "url": f"/blacklist/{s.id}",
                       "log_index": sanction_log.get(s.id)} for s in sanctions],
        "certificates": [{"id": c.id, "number": c.number, "level": c.level, "expires_on": c.expires_on,
                          "log_index": certificate_log.get(c.id)} for c in certificates],
    }
