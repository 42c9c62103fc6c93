"""Keeps the search index and the home page's counters in step with the records, in the same transaction.

A session hook rather than calls in each operation: organisations, actions, tenders and certificates are
written by several domains and by the CLI and bulk import, and an action's status changes (open, closed)
are not logged events the ledger subscriber would see. The hook notes what the flush touches (before_flush)
and writes the index rows once the ids exist (after_flush), with Core statements on the flush's own
connection, so no ORM query (and no tenant scoping) runs inside the flush.
"""
from sqlalchemy import delete, event, insert, inspect, select, update
from sqlalchemy.orm import Session

from ..actions.models import DRAFT, CollectiveAction, Tender
from ..certification.models import Certificate
from ..orgs.models import Organisation
from ..timeutil import utcnow
from . import documents
from .models import ACTION, CERTIFICATE, ORGANISATION, RegistryCounter, SearchEntry

PENDING = "registry_pending"
ORGANISATIONS_COUNTER = "organisations"

_entries = SearchEntry.__table__
_counters = RegistryCounter.__table__


def _note(session: Session, flush_context, instances) -> None:
    pending = session.info.setdefault(PENDING, {"upsert": {}, "delete": set(), "counted": 0})
    for obj in session.new:
        if isinstance(obj, Organisation):
            pending["counted"] += 1
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, (Organisation, CollectiveAction, Certificate)):
            pending["upsert"][id(obj)] = obj
        elif isinstance(obj, Tender):
            pending["upsert"][id(obj)] = obj
    for obj in session.deleted:
        if isinstance(obj, Organisation):
            pending["delete"].add((ORGANISATION, obj.id))
            pending["counted"] -= 1
        elif isinstance(obj, CollectiveAction):
            pending["delete"].add((ACTION, obj.id))
        elif isinstance(obj, Certificate):
            pending["delete"].add((CERTIFICATE, obj.id))


def _replace(connection, values: dict) -> None:
    where = (_entries.c.kind == values["kind"]) & (_entries.c.ref_id == values["ref_id"])
    connection.execute(delete(_entries).where(where))
    connection.execute(insert(_entries).values(**values, updated_at=utcnow()))


def _organisation_values(connection, org: Organisation) -> dict:
    """A renamed organisation keeps its former names: the name the index holds, if it is not the new one."""
    indexed = connection.execute(select(_entries.c.title, _entries.c.former_names).where(
        _entries.c.kind == ORGANISATION, _entries.c.ref_id == org.id)).first()
    names = [n for n in indexed.former_names.split("\n") if n] + [indexed.title] if indexed else []
    return documents.organisation(org.id, org.name, org.nib, org.npwp, org.sector, org.kind,
                                  list(dict.fromkeys(names)))


def _action_values(connection, action_id: int) -> dict | None:
    actions, tenders = CollectiveAction.__table__, Tender.__table__
    row = connection.execute(
        select(actions.c.id, actions.c.tenant_id, actions.c.title, actions.c.status, tenders.c.code)
        .outerjoin(tenders, tenders.c.action_id == actions.c.id).where(actions.c.id == action_id)).first()
    if row is None or row.status == DRAFT:
        return None
    return documents.action(row.id, row.tenant_id, row.title, row.status, row.code)


def _certificate_values(connection, certificate: Certificate) -> dict:
    organisations = Organisation.__table__
    name = connection.scalar(select(organisations.c.name).where(organisations.c.id == certificate.organisation_id))
    return documents.certificate(certificate.id, certificate.tenant_id, certificate.number, certificate.level,
                                 certificate.region, name or "")


def bump_counter(connection, name: str, by: int) -> None:
    if by and not connection.execute(update(_counters).where(_counters.c.name == name)
                                     .values(value=_counters.c.value + by)).rowcount:
        connection.execute(insert(_counters).values(name=name, value=max(by, 0)))


def _write(session: Session, flush_context) -> None:
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    connection = session.connection()
    for kind, ref_id in pending["delete"]:
        connection.execute(delete(_entries).where(_entries.c.kind == kind, _entries.c.ref_id == ref_id))
    actions_done = set()
    for obj in pending["upsert"].values():
        if inspect(obj).deleted or inspect(obj).was_deleted or obj.id is None:
            continue
        if isinstance(obj, Organisation):
            _replace(connection, _organisation_values(connection, obj))
        elif isinstance(obj, Certificate):
            _replace(connection, _certificate_values(connection, obj))
        else:
            action_id = obj.id if isinstance(obj, CollectiveAction) else obj.action_id
            if action_id in actions_done:
                continue
            actions_done.add(action_id)
            values = _action_values(connection, action_id)
            if values is None:
                connection.execute(delete(_entries).where(_entries.c.kind == ACTION, _entries.c.ref_id == action_id))
            else:
                _replace(connection, values)
    bump_counter(connection, ORGANISATIONS_COUNTER, pending["counted"])


def install() -> None:
    from ..actions import queries as actions_queries
    from ..orgs import queries as orgs_queries
    from .search import matching_ids

    # Lower domains ask the index through these hooks (they cannot import the registry).
    orgs_queries.provide_name_search(lambda query: matching_ids(query, ORGANISATION))
    actions_queries.provide_text_search(lambda query: matching_ids(query, ACTION))
    if not event.contains(Session, "before_flush", _note):
        event.listen(Session, "before_flush", _note)
        event.listen(Session, "after_flush", _write)
        event.listen(Session, "after_rollback", _forget)


def _forget(session: Session) -> None:
    session.info.pop(PENDING, None)
