"""The public blacklist (no login): blacklistings in force and past, and every decided sanction's record."""
from flask import Blueprint, abort, render_template, request

from ..ledger import queries as ledger_queries
from ..monitoring import clock
from ..orgs import identifiers
from ..orgs import queries as orgs_queries
from ..web import downloads, keyset
from . import queries
from .status import effective_status
from .models import BLACKLISTED, IN_FORCE, KIND_LABELS, KINDS, PUBLIC_STATUSES, STATUS_LABELS

bp = Blueprint("blacklist", __name__)


@bp.app_template_global("masked_identifiers")
def masked_identifiers(organisation) -> dict:
    return {"nib": identifiers.mask(organisation.nib), "npwp": identifiers.masked_npwp(organisation.npwp)}


def _filter():
    status = request.args.get("status", IN_FORCE)
    status = status if status in PUBLIC_STATUSES or status == "all" else IN_FORCE
    kind = request.args.get("kind", "blacklisting")
    kind = kind if kind in KINDS or kind == "all" else "blacklisting"
    q = request.args.get("q", "")[:200].strip()
    return status, kind, q


@bp.get("/blacklist/")
def index():
    status, kind, q = _filter()
    try:
        sanctions, after = queries.public_sanctions_page(
            None if status == "all" else status, None if kind == "all" else (kind,), clock.today(),
            orgs_queries.matching_ids(q), request.args.get("after"))
    except keyset.BadCursor:
        abort(400)
    return render_template(
        "sanctions/public_index.html", sanctions=sanctions, after=after, status=status, kind=kind, q=q,
        statuses=PUBLIC_STATUSES, kinds=KINDS, kind_labels=KIND_LABELS,
        status_labels=STATUS_LABELS, blacklisted=BLACKLISTED,
    )


DOWNLOAD_COLUMNS = ["id", "organisation", "nib", "npwp", "kind", "status", "decree_number", "legal_basis",
                    "starts_on", "ends_on", "tenant", "issuing_unit", "url"]


def download_rows(status: str = "all", kind: str = "all", q: str = ""):
    """Each decided sanction of the filter with its status today, newest first ("all": no filter)."""
    today = clock.today()
    for s in queries.all_public_sanctions(None if status == "all" else status, None if kind == "all" else (kind,),
                                          today, orgs_queries.matching_ids(q)):
        yield {"id": s.id, "organisation": s.organisation.name, **masked_identifiers(s.organisation), "kind": s.kind,
               "status": effective_status(s, today), "decree_number": s.decree_number, "legal_basis": s.legal_basis,
               "starts_on": s.starts_on, "ends_on": s.ends_on, "tenant": s.tenant.name,
               "issuing_unit": s.issuing_unit, "url": f"/blacklist/{s.id}"}


@bp.get("/blacklist/export.<any(csv, jsonl):fmt>")
def download(fmt: str):
    """The current filter as CSV or JSON Lines (the page's: blacklistings in force unless chosen otherwise)."""
    # Status follows the date and every decided change is logged: the log's size and the day version it.
    return downloads.stream("blacklist", fmt, DOWNLOAD_COLUMNS, download_rows(*_filter()),
                            f"{ledger_queries.tree_size()}.{clock.today()}", from_log=True, depends_on_date=True)


@bp.get("/blacklist/<int:sanction_id>")
def show(sanction_id: int):
    sanction = queries.public_sanction(sanction_id)
    if sanction is None:
        abort(404)
    return render_template(
        "sanctions/public_show.html", sanction=sanction, kind_labels=KIND_LABELS, status_labels=STATUS_LABELS,
        log_entry=ledger_queries.entry_for("sanction", sanction.id),
    )
