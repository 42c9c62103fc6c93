"""The registry's JSON API (no login): organisations (list, search, passport) and search over every register."""
from ..orgs.models import Organisation
from ..extensions import db
from ..web.api import NO_SUCH_CURSOR, ApiError, api_blueprint, cursor_error
from ..web import keyset
from . import queries, search
from .api_schemas import OrganisationListQuery, OrganisationPage, Passport, SearchOut, SearchQuery
from .views import organisation_row

bp = api_blueprint("registry_api", __name__, url_prefix="/api/v1", tag="Registry")

def _url(hit) -> str:
    if hit.kind == "certificate":  # addressed by its number, the first part of its title
        return "/verify/certificates/" + hit.title.split(" · ")[0]
    return ("/orgs/{}" if hit.kind == "organisation" else "/actions/{}").format(hit.ref_id)


@bp.get("/organisations")
@bp.input(OrganisationListQuery, location="query", arg_name="query")
@bp.output(OrganisationPage)
@bp.doc(responses={404: NO_SUCH_CURSOR},
        summary="List and search organisations", description="Every organisation, sorted by `sort`, a page at a "
        "time: pass the answer's `next` as `after` for the following page (keyset pagination: a cursor, not a page "
        "number). `q` searches names (typos and legal forms such as PT, CV, Tbk forgiven), former names, NIB and "
        "NPWP (raw or formatted). Identifiers are masked.")
def list_organisations(query):
    try:
        rows, next_cursor = queries.organisations(query.get("q", ""), query.get("kind"), query.get("sector"),
                                                  query["sort"], query.get("after"), query["per_page"])
    except keyset.BadCursor:
        raise cursor_error() from None
    return {"items": [organisation_row(o) for o in rows], "next": next_cursor}


@bp.get("/organisations/<int:org_id>")
@bp.output(Passport)
@bp.doc(summary="An organisation's integrity passport", description="What it signed (latest first), its sanctions "
        "and certificates, each with its transparency-log entry. Identifiers are masked.")
def get_organisation(org_id: int):
    organisation = db.session.get(Organisation, org_id)
    if organisation is None:
        raise ApiError(404, "not_found", "No organisation has this id.")
    return organisation_row(organisation) | queries.passport(organisation)


def _facet(values: dict) -> list[dict]:
    return [{"value": str(value), "count": count} for value, count in values.items()]


@bp.get("/search")
@bp.input(SearchQuery, location="query", arg_name="query")
@bp.output(SearchOut)
@bp.doc(summary="Search every register", description="Organisations (name, former names, NIB, NPWP), collective "
        "actions (title, tender code) and certificates (number): prefix matching, then close names when nothing "
        "matches exactly (`fuzzy`). Facets count the best matches (at most 500) by kind, tenant, status, sector "
        "and region.")
def search_all(query):
    result = search.search(query["q"], kind=query.get("kind"), tenant_id=query.get("tenant"),
                           status=query.get("status"), sector=query.get("sector"), region=query.get("region"),
                           limit=query["per_page"])
    facets = {name.removesuffix("_id"): _facet(values) for name, values in result.facets.items()}
    return {"query": result.query, "fuzzy": result.fuzzy, "facets": {**{n: [] for n in
            ("kind", "tenant", "status", "sector", "region")}, **facets},
            "items": [{"kind": h.kind, "id": h.ref_id, "title": h.title, "highlighted": str(h.highlighted),
                       "tenant": h.tenant_id, "status": h.status, "sector": h.sector, "region": h.region,
                       "url": _url(h)} for h in result.hits]}
