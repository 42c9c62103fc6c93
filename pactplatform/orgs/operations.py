"""Every write on organisations and their representatives; each is logged, none commits."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts import queries as account_queries
from ..accounts.models import User
from ..errors import Conflict, NotFound, OperationError
from ..extensions import db
from ..ledger.operations import append as log_event
from ..validation import checked_text, required_text
from . import identifiers
from .models import FIRM, KINDS, Organisation, Representative


def _clean_identifiers(kind: str, nib: str | None, npwp: str | None) -> tuple[str | None, str | None]:
    nib = identifiers.digits(nib or "") or None
    npwp = identifiers.digits(npwp or "") or None
    if nib is not None and not identifiers.is_valid_nib(nib):
        raise OperationError(_l("An NIB has exactly 13 digits."), field="nib")
    if npwp is not None and not identifiers.is_valid_npwp(npwp):
        raise OperationError(_l("An NPWP has 15 digits (99.999.999.9-999.999) or 16 digits."), field="npwp")
    require_identifiers(kind, nib, npwp)
    return nib, npwp


def require_identifiers(kind: str, nib: str | None, npwp: str | None) -> None:
    """Every registered organisation has its NPWP; a firm also its NIB."""
    if npwp is None:
        raise OperationError(_l("Enter the organisation's NPWP."), field="npwp")
    if kind == FIRM and nib is None:
        raise OperationError(_l("A firm needs its NIB."), field="nib")


def register_organisation(
    actor: User, name: str, kind: str, nib: str | None, npwp: str | None, address: str = "", sector: str = "",
    title: str = "",
) -> Organisation:
    """Register an organisation; whoever registers it becomes its first representative."""
    if kind not in KINDS:
        raise OperationError(_l("Choose whether this is a firm or a public body."), field="kind")
    # The columns' limits (models.py), refused with a message here too for callers without a form (CLI, API).
    name = required_text(name, "name", 200, multiline=False)
    address = checked_text(address, "address", 500)
    sector = checked_text(sector, "sector", 100, multiline=False)
    title = checked_text(title, "title", 200, multiline=False)
    nib, npwp = _clean_identifiers(kind, nib, npwp)
    if nib and db.session.scalar(select(Organisation.id).where(Organisation.nib == nib)) is not None:
        raise Conflict(_l("An organisation with this NIB is already registered."), field="nib")
    if db.session.scalar(select(Organisation.id).where(Organisation.npwp == npwp)) is not None:
        raise Conflict(_l("An organisation with this NPWP is already registered."), field="npwp")
    organisation = Organisation(
        name=name, kind=kind, nib=nib, npwp=npwp, address=address, sector=sector,
        created_by_id=actor.id,
    )
    db.session.add(organisation)
    db.session.flush()
    log_event("organisation.registered", organisation)
    _add(organisation, actor, title)
    return organisation


def _add(organisation: Organisation, user: User, title: str) -> Representative:
    representative = Representative(organisation_id=organisation.id, user_id=user.id, title=title.strip())
    db.session.add(representative)
    db.session.flush()
    log_event("representative.added", representative)
    return representative


def _require_representative(organisation: Organisation, actor: User) -> None:
    if not any(rep.user_id == actor.id for rep in organisation.representatives):
        raise OperationError(_l("Only the organisation's representatives can change who represents it."))


def add_representative(organisation: Organisation, actor: User, email: str, title: str = "") -> Representative:
    title = checked_text(title, "title", 200, multiline=False)
    _require_representative(organisation, actor)
    user = account_queries.user_by_email(email)
    if user is None:
        raise NotFound(
            _l("No account uses %(email)s. Ask the person to register first.", email=email.strip()), field="email"
        )
    if any(rep.user_id == user.id for rep in organisation.representatives):
        raise Conflict(_l("%(name)s already represents this organisation.", name=user.name), field="email")
    return _add(organisation, user, title)


def remove_representative(organisation: Organisation, actor: User, representative_id: int) -> None:
    _require_representative(organisation, actor)
    representative = next((r for r in organisation.representatives if r.id == representative_id), None)
    if representative is None:
        raise NotFound(_l("This person does not represent the organisation."))
    if len(organisation.representatives) == 1:
        raise OperationError(_l("An organisation needs at least one representative."))
    log_event("representative.removed", representative, removed=True)
    organisation.representatives.remove(representative)
    db.session.flush()


def register_from_source(name: str, kind: str, nib: str | None = None, npwp: str | None = None) -> Organisation:
    """An organisation named in published data (an imported OCDS party), with no representative yet.

    Its identifiers are optional (published data often lacks them) but, when given, well-formed and unused:
    the importer matches parties by NIB and NPWP before it creates one.
    """
    if kind not in KINDS:
        raise OperationError(_l("Choose whether this is a firm or a public body."), field="kind")
    nib = identifiers.digits(nib or "") or None
    npwp = identifiers.digits(npwp or "") or None
    if nib is not None and not identifiers.is_valid_nib(nib):
        raise OperationError(_l("An NIB has exactly 13 digits."), field="nib")
    if npwp is not None and not identifiers.is_valid_npwp(npwp):
        raise OperationError(_l("An NPWP has 15 digits (99.999.999.9-999.999) or 16 digits."), field="npwp")
    if nib and db.session.scalar(select(Organisation.id).where(Organisation.nib == nib)) is not None:
        raise Conflict(_l("An organisation with this NIB is already registered."), field="nib")
    if npwp and db.session.scalar(select(Organisation.id).where(Organisation.npwp == npwp)) is not None:
        raise Conflict(_l("An organisation with this NPWP is already registered."), field="npwp")
    organisation = Organisation(name=(name.strip() or "?")[:200], kind=kind, nib=nib, npwp=npwp)
    db.session.add(organisation)
    db.session.flush()
    log_event("organisation.registered", organisation)
    return organisation


# -- bulk import (orgs/importer.py): a row is validated in full before anything is written --------------------

IMPORTED_FIELDS = ("name", "kind", "nib", "npwp", "sector", "address")


def clean_imported(name: str, kind: str, nib: str | None, npwp: str | None, sector: str = "",
                   address: str = "") -> dict:
    """One imported row's values, each checked as a registration checks it (raises OperationError). Which
    identifiers are required is checked once the row is matched: an update may leave a stored one empty."""
    kind = (kind or "").strip().lower().replace(" ", "_") or None
    if kind is not None and kind not in KINDS:
        raise OperationError(_l("The kind is firm or public_body."), field="kind")
    name = required_text(name, "name", 200, multiline=False)
    sector = checked_text(sector or "", "sector", 100, multiline=False)
    address = checked_text(address or "", "address", 500)
    nib = identifiers.digits(nib or "") or None
    npwp = identifiers.digits(npwp or "") or None
    if nib is not None and not identifiers.is_valid_nib(nib):
        raise OperationError(_l("An NIB has exactly 13 digits."), field="nib")
    if npwp is not None and not identifiers.is_valid_npwp(npwp):
        raise OperationError(_l("An NPWP has 15 digits (99.999.999.9-999.999) or 16 digits."), field="npwp")
    return {"name": name, "kind": kind, "nib": nib, "npwp": npwp, "sector": sector, "address": address}


def upsert_imported(actor: User | None, data: dict, existing: Organisation | None) -> tuple[str, Organisation]:
    """Create the organisation, or bring the one matched by identifier up to date.

    The caller matched `existing` by NIB, else NPWP, and checked that no other organisation holds the
    row's other identifier. Returns ("created" | "updated" | "unchanged", organisation). Nothing is flushed
    here: a batch is flushed once and logged by log_imported(), in the same transaction. No representative
    is added: the firm's own people claim it later.
    """
    merged = {name: data[name] or (getattr(existing, name) if existing else None) for name in ("kind", "nib", "npwp")}
    merged["kind"] = merged["kind"] or FIRM
    require_identifiers(merged["kind"], merged["nib"], merged["npwp"])
    if existing is None:
        organisation = Organisation(**{**data, "kind": merged["kind"]}, created_by_id=actor.id if actor else None)
        db.session.add(organisation)
        return "created", organisation
    changed = False
    for name in IMPORTED_FIELDS:
        value = data[name]
        # An empty cell leaves what is stored: a partial file never erases an identifier.
        if value not in (None, "") and getattr(existing, name) != value:
            setattr(existing, name, value)
            changed = True
    return ("updated" if changed else "unchanged"), existing


def log_imported(changes: list[tuple[str, Organisation]]) -> None:
    """Write a batch of upsert_imported() changes (one flush) and log each, in the file's order."""
    db.session.flush()
    for outcome, organisation in changes:
        if outcome in ("created", "updated"):
            log_event("organisation.registered" if outcome == "created" else "organisation.updated", organisation)
