"""The registry's pages (no login, both languages): the home page, search, and the organisations register."""
import json
import re

from flask import Blueprint, abort, jsonify, render_template, request
from flask_login import current_user

from ..monitoring import clock
from ..orgs import identifiers
from ..extensions import db
from ..orgs.models import KINDS as ORGANISATION_KINDS
from ..orgs.models import Organisation
from ..tenancy import queries as tenancy_queries
from ..web import downloads
from ..web import keyset
from . import queries, search, version
from .models import KINDS

bp = Blueprint("registry", __name__)

PER_PAGE = 20
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # never compared with stored text (PostgreSQL cannot bind NUL)
ORGANISATION_COLUMNS = ["id", "name", "kind", "sector", "nib", "npwp", "url"]


def _arg(name: str, allowed=None, max_length: int = 100) -> str | None:
    value = request.args.get(name, "")[:max_length].strip() or None
    if value is not None and (allowed is not None and value not in allowed or _CONTROL.search(value)):
        abort(400)
    return value


@bp.get("/")
def home():
    mine = {"my_tenants": [], "invitations": []}
    if current_user.is_authenticated:
        mine = {"my_tenants": tenancy_queries.tenants_of(current_user),
                "invitations": tenancy_queries.invitations_for(current_user)}
    return render_template("web/home.html", counts=queries.counts(clock.today()),
                           latest_signatures=queries.latest_signatures(), latest_sanctions=queries.latest_sanctions(),
                           **mine)


@bp.get("/search")
def search_page():
    tenant = _arg("tenant", max_length=10)
    if tenant is not None and not tenant.isdigit():
        abort(400)
    result = search.search(request.args.get("q", ""), kind=_arg("kind", KINDS),
                           tenant_id=int(tenant) if tenant else None, status=_arg("status"), sector=_arg("sector"),
                           region=_arg("region"), limit=50)
    tenants = queries.tenant_names(result.facets.get("tenant_id", {}))
    return render_template("registry/search.html", result=result, tenants=tenants, args=request.args)


def _organisation_filter():
    return {"q": request.args.get("q", "")[:search.MAX_QUERY_LENGTH], "kind": _arg("kind", ORGANISATION_KINDS),
            "sector": _arg("sector"), "sort": _arg("sort", queries.ORGANISATION_SORTS) or "name"}


def organisation_row(organisation) -> dict:
    """One organisation as the register publishes it: identifiers masked."""
    return {"id": organisation.id, "name": organisation.name, "kind": organisation.kind,
            "sector": organisation.sector, "nib": identifiers.mask(organisation.nib) or None,
            "npwp": identifiers.masked_npwp(organisation.npwp) or None, "url": f"/orgs/{organisation.id}"}


@bp.get("/orgs/")
def organisations():
    chosen = _organisation_filter()
    try:
        rows, next_cursor = queries.organisations(**chosen, cursor=request.args.get("after"), per_page=PER_PAGE)
    except keyset.BadCursor:
        abort(400)
    return render_template("registry/organisations.html", organisations=rows, next_cursor=next_cursor,
                           chosen=chosen, kinds=ORGANISATION_KINDS, sorts=queries.ORGANISATION_SORTS,
                           mask=identifiers.mask)


@bp.get("/orgs/<int:org_id>.json")
def passport_json(org_id: int):
    """The passport's JSON twin: the same document as /api/v1/organisations/<id>."""
    organisation = db.session.get(Organisation, org_id)
    if organisation is None:
        abort(404)
    return jsonify(organisation_row(organisation) | json_safe(queries.passport(organisation)))


def json_safe(data: dict) -> dict:
    return json.loads(json.dumps(data, default=str))


@bp.get("/orgs/export.<any(csv, jsonl):fmt>")
def organisations_download(fmt: str):
    chosen = _organisation_filter()
    rows = (organisation_row(o) for o in queries.all_organisations(**chosen))
    return downloads.stream("organisations", fmt, ORGANISATION_COLUMNS, rows, version.log_version())
