"""Public JSON of certificates (no login): the registry, filtered and paginated, and one certificate by
its number. Never an application's answers or evidence; identifiers masked."""
from ..monitoring import clock
from ..orgs import identifiers
from ..web import keyset
from ..web.api import NO_SUCH_CURSOR, ApiError, api_blueprint, cursor_error
from . import queries, scoring
from .api_schemas import CertificateDetail, CertificateListQuery, CertificatePage, CertificateQuery
from .models import AUDITOR
from .operations import check_signed
from .pdf import pdf_path, verification_path
from .status import statuses

bp = api_blueprint("certification_api", __name__, url_prefix="/api/v1", tag="Certificates")


def _reason(status) -> dict | None:
    if status.decree is not None:
        return {"decree_id": status.decree.id, "sanction_id": None, "text": status.decree.reason}
    if status.sanction is not None:
        sanction = status.sanction
        return {"decree_id": None, "sanction_id": sanction.id,
                "text": f"{sanction.kind_label} {sanction.decree_number} ({sanction.tenant.name})"}
    return None


def certificate_json(certificate, status) -> dict:
    organisation, version, application = certificate.organisation, certificate.scheme_version, certificate.application
    total = scoring.score(version.definition, application.answers_of(AUDITOR), application.small_firm).total
    return {
        "number": certificate.number,
        "status": status.code,
        "status_reason": _reason(status),
        "holder": {"id": organisation.id, "name": organisation.name, "kind": organisation.kind,
                   "sector": organisation.sector, "nib": identifiers.mask(organisation.nib) or None},
        "tenant": {"slug": certificate.tenant.slug, "name": certificate.tenant.name},
        "scheme": {"id": certificate.scheme_id, "name": certificate.scheme.name, "kind": certificate.scheme.kind,
                   "version": version.number, "version_sha256": version.sha256},
        "level": {"code": certificate.level, "label": version.level_label(certificate.level)},
        "scope": certificate.scope,
        "region": certificate.region,
        "issued_on": certificate.issued_on,
        "expires_on": certificate.expires_on,
        "renews": certificate.renews.number if certificate.renews else None,
        "auditors": [{"name": a.user.name, "no_conflict_signed_at": a.coi_signed_at} for a in application.auditors],
        "audit_total": str(scoring.shown(total)),
        "decided_by": certificate.decided_by.name,
        "decrees": [{"kind": d.kind, "reason": d.reason, "effective_on": d.effective_on, "until": d.until, "at": d.at,
                     "signature_valid": check_signed(d.payload, d.signature, d.certificate_pem)["ok"]}
                    for d in certificate.decrees],
        "pdf_sha256": certificate.pdf_sha256,
        "url": verification_path(certificate.number),
        "pdf_url": pdf_path(certificate.number),
    }


@bp.get("/certificates")
@bp.input(CertificateListQuery, location="query", arg_name="query")
@bp.output(CertificatePage)
@bp.doc(responses={404: NO_SUCH_CURSOR}, summary="List certificates", description="The registry of certified "
        "organisations of every tenant, newest first. Filter by status (computed on the day of the request: active "
        "by default, suspended, withdrawn, expired, or all), scheme id, level, tenant slug, sector, region and "
        "organisation id; a page at a time (per_page ≤ 100): pass the answer's `next` as `after` for the following "
        "page (keyset pagination; a page may hold fewer items than per_page and still have a `next`). Identifiers "
        "are masked.")
def list_certificates(query):
    today = clock.today()
    status = query["status"]
    try:
        rows, next_cursor = queries.public_certificates_page(
            today, None if status == "all" else status, query.get("after"), query["per_page"],
            scheme_id=query.get("scheme"), level=query.get("level"), tenant=query.get("tenant"),
            sector=query.get("sector"), region=query.get("region"), organisation_id=query.get("organisation"),
            full=True)
    except keyset.BadCursor:
        raise cursor_error() from None
    return {"items": [certificate_json(c, s) for c, s in rows], "next": next_cursor, "as_of": today}


@bp.get("/certificates/<certificate_number:number>")
@bp.input(CertificateQuery, location="query", arg_name="query")
@bp.output(CertificateDetail)
@bp.doc(summary="One certificate by its number", description="Numbers look like CAC/2026/000123 or "
        "ZI-WBK/2026/000001 (the slashes are part of the path).")
def get_certificate(number: str, query):
    certificate = queries.public_certificate(number, query.get("tenant"))
    if certificate is None:
        raise ApiError(404, "not_found", "No certificate has this number.")
    return certificate_json(certificate, statuses([certificate], clock.today())[certificate.id])
