"""Scores follow the events that feed them (RISK_MODEL.md §3), in the same transaction.

Every such event is already written to the transparency log, so one subscriber on the log's append sees
them all (violation cases, sanctions, signatures, procurement imports and settings, risk events and
answers, methodology versions) without those domains knowing about risk. The subscriber only notes which
organisations are concerned; their scores are recomputed just before the transaction commits, when every
change of the operation is in place (an import logs itself before its flags are computed, for instance).
A transaction that rolls back forgets what it noted."""
from sqlalchemy import event, select

from ..extensions import db
from ..ledger import operations as ledger
from ..procurement.models import ProcessParty
from ..tenancy.scoping import tenant_scope

PENDING = "risk_pending"
ORGANISATION_EVENTS = ("violation_case.", "sanction.", "signature.", "risk_event.", "risk_questionnaire.")
PROCUREMENT_EVENTS = ("procurement.imported", "procurement.settings_changed")
EVERYONE, PROCUREMENT = "*", "procurement"


def _pending(session) -> dict[int, dict]:
    return session.info.setdefault(PENDING, {})


def note(event_type: str, subject, tenant_id: int | None, **_details) -> None:
    if tenant_id is None:
        return
    marks = None
    if event_type.startswith(ORGANISATION_EVENTS) and getattr(subject, "organisation_id", None) is not None:
        marks = {subject.organisation_id}
    elif event_type in PROCUREMENT_EVENTS:
        marks = {PROCUREMENT}
    elif event_type == "risk_methodology.published":
        marks = {EVERYONE}
    if marks:
        entry = _pending(db.session()).setdefault(tenant_id, {"marks": set(), "trigger": event_type})
        entry["marks"] |= marks


def _organisations(tenant_id: int, marks: set) -> list[int]:
    from . import queries

    ids = {m for m in marks if isinstance(m, int)}
    if PROCUREMENT in marks or EVERYONE in marks:
        ids |= set(db.session.scalars(select(ProcessParty.organisation_id).where(ProcessParty.tenant_id == tenant_id)
                                      .distinct()))
    if EVERYONE in marks:
        ids |= set(queries.scored_organisation_ids(tenant_id))
    return sorted(ids)


def flush_pending(session) -> None:
    """Recompute what the transaction's events concern (called before commit; callable directly too)."""
    from . import operations, queries

    pending = session.info.pop(PENDING, None)
    while pending:
        for tenant_id, entry in pending.items():
            with tenant_scope(tenant_id):
                if queries.current_version(tenant_id) is None:
                    continue
                for organisation_id in _organisations(tenant_id, entry["marks"]):
                    operations.recompute(tenant_id, organisation_id, trigger=entry["trigger"])
        pending = session.info.pop(PENDING, None)


def install() -> None:
    """Hook the log's append and the session's commit (once, at start-up)."""
    from sqlalchemy.orm import Session

    ledger.subscribe(note)
    if not event.contains(Session, "before_commit", _before_commit):
        event.listen(Session, "before_commit", _before_commit)
        event.listen(Session, "after_rollback", _after_rollback)


def _before_commit(session) -> None:
    if session.info.get(PENDING):
        flush_pending(session)


def _after_rollback(session) -> None:
    session.info.pop(PENDING, None)
