"""The public blacklist (no login): blacklistings in force and past, and every decided sanction's record."""
from flask import Blueprint, abort, render_template, request

from ..ledger import queries as ledger_queries
from ..monitoring import clock
from ..orgs import identifiers
from ..web.forms import page_number
from . import queries
from .models import BLACKLISTED, IN_FORCE, KIND_LABELS, KINDS, PUBLIC_STATUSES, STATUS_LABELS

bp = Blueprint("blacklist", __name__)


@bp.app_template_global("masked_identifiers")
def masked_identifiers(organisation) -> dict:
    return {"nib": identifiers.mask(organisation.nib), "npwp": identifiers.masked_npwp(organisation.npwp)}


@bp.get("/blacklist/")
def index():
    status = request.args.get("status", IN_FORCE)
    status = status if status in PUBLIC_STATUSES or status == "all" else IN_FORCE
    kind = request.args.get("kind", "blacklisting")
    kind = kind if kind in KINDS or kind == "all" else "blacklisting"
    page = page_number()
    per_page = 20
    sanctions, total = queries.public_sanctions(
        None if status == "all" else status, None if kind == "all" else (kind,), clock.today(), page, per_page)
    return render_template(
        "sanctions/public_index.html", sanctions=sanctions, total=total, page=page, per_page=per_page,
        status=status, kind=kind, statuses=PUBLIC_STATUSES, kinds=KINDS, kind_labels=KIND_LABELS,
        status_labels=STATUS_LABELS, blacklisted=BLACKLISTED,
    )


@bp.get("/blacklist/<int:sanction_id>")
def show(sanction_id: int):
    sanction = queries.public_sanction(sanction_id)
    if sanction is None:
        abort(404)
    return render_template(
        "sanctions/public_show.html", sanction=sanction, kind_labels=KIND_LABELS, status_labels=STATUS_LABELS,
        log_entry=ledger_queries.entry_for("sanction", sanction.id),
    )
