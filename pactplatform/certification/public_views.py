"""Public pages of certification (no login): the registry of certified organisations, each
certificate's verification page (status now, holder, level, dates, audit and decision signatures
checked, log inclusion, PDF upload check) and its signed PDF."""
import hashlib

from flask import Blueprint, Response, abort, render_template, request

from ..actions.forms import UploadForm
from ..errors import OperationError
from ..ledger import queries as ledger_queries
from ..monitoring import clock
from ..orgs import identifiers
from ..orgs import queries as orgs_queries
from ..signing.limits import pdf_checks
from ..signing.pdf_check import MAX_PDF_BYTES
from ..web import downloads, keyset
from ..web.forms import attach_error
from . import operations, queries, scoring, verification
from .pdf import verification_path
from .models import AUDITOR, CERTIFICATE_STATUS_LABELS, CERTIFICATE_STATUSES, localised
from .status import statuses

bp = Blueprint("public_certificates", __name__)
PER_PAGE = 20


@bp.app_template_global("certificate_statuses")
def certificate_statuses(certificates) -> dict:
    return statuses(list(certificates), clock.today())


def _arg(name: str, limit: int = 100) -> str | None:
    """A filter's text; one with control characters matches nothing stored, so it is no filter at all."""
    value = request.args.get(name, "").strip()[:limit]
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return None
    return value or None


def _scheme_id() -> int | None:
    raw = request.args.get("scheme", "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None


def _filter() -> tuple[str, dict]:
    status = request.args.get("status", "active")
    status = status if status in CERTIFICATE_STATUSES or status == "all" else "active"
    filters = {"scheme_id": _scheme_id(), "level": _arg("level", 32), "tenant": _arg("tenant", 63),
               "sector": _arg("sector"), "region": _arg("region"), "q": _arg("q", 200) or ""}
    return status, filters


def _query_filters(filters: dict) -> dict:
    return {k: v for k, v in filters.items() if k != "q"} | {"organisation_ids": orgs_queries.matching_ids(filters["q"])}


@bp.get("/certificates/")
def index():
    status, filters = _filter()
    try:
        rows, after = queries.public_certificates_page(clock.today(), None if status == "all" else status,
                                                       request.args.get("after"), PER_PAGE, **_query_filters(filters))
    except keyset.BadCursor:
        abort(400)
    # The filter as it travels in the next page's and the downloads' URLs.
    shown = {"status": status, "scheme": filters["scheme_id"]} | {k: v for k, v in filters.items() if k != "scheme_id"}
    return render_template("certification/public_index.html", rows=rows, after=after,
                           shown={k: v for k, v in shown.items() if v}, status=status, filters=filters, choices=queries.registry_choices(),
                           statuses=CERTIFICATE_STATUSES, status_labels=CERTIFICATE_STATUS_LABELS,
                           localised=localised)


DOWNLOAD_COLUMNS = ["number", "holder_id", "holder", "nib", "status", "scheme", "level", "region", "issued_on",
                    "expires_on", "tenant", "url"]


def download_rows(status: str = "all", filters: dict | None = None):
    """Each certificate of the filter with its status today, newest first ("all": every status)."""
    chosen = _query_filters(filters or {"q": ""})
    for c, s in queries.all_public_certificates(clock.today(), None if status == "all" else status, **chosen):
        yield {"number": c.number, "holder_id": c.organisation_id, "holder": c.organisation.name,
               "nib": identifiers.mask(c.organisation.nib) or None, "status": s.code, "scheme": c.scheme.name,
               "level": c.level, "region": c.region, "issued_on": c.issued_on, "expires_on": c.expires_on,
               "tenant": c.tenant.name, "url": verification_path(c.number)}


@bp.get("/certificates/export.<any(csv, jsonl):fmt>")
def download(fmt: str):
    """The current filter as CSV or JSON Lines."""
    # The status moves with the date as well as with the log.
    return downloads.stream("certificates", fmt, DOWNLOAD_COLUMNS, download_rows(*_filter()),
                            f"{ledger_queries.tree_size()}.{clock.today().isoformat()}", from_log=True,
                            depends_on_date=True)


def _certificate(number: str):
    found = queries.public_certificate(number, _arg("tenant", 63))
    if found is None:
        abort(404)
    return found


@bp.route("/verify/certificates/<certificate_number:number>", methods=["GET", "POST"])
@pdf_checks
def verify(number: str):
    certificate = _certificate(number)
    today = clock.today()
    form = UploadForm()
    result, status = None, 200
    if form.validate_on_submit():
        upload = form.document.data
        try:
            result = verification.check_upload(certificate, upload.read(MAX_PDF_BYTES + 1) if upload else None)
        except OperationError as error:
            attach_error(form, error)
            status = error.status
    elif form.is_submitted():
        status = 422
    application = certificate.application
    history = [c for c in queries.organisation_certificates(certificate.organisation)
               if c.scheme_id == certificate.scheme_id]
    # The total does not depend on levels held, so no tenant-scoped read is needed for it here.
    result_audit = scoring.score(certificate.scheme_version.definition, application.answers_of(AUDITOR),
                                 application.small_firm)
    signed_events = [e for e in application.events if e.payload]
    return render_template(
        "certification/verify.html", certificate=certificate, current=statuses([certificate], today)[certificate.id],
        today=today, form=form, result=result, application=application, signed_events=signed_events,
        auditors=application.auditors, check_signed=operations.check_signed, total=scoring.shown(result_audit.total),
        log_entry=ledger_queries.entry_for("certificate", certificate.id), history=history,
        history_statuses=statuses(history, today), status_labels=CERTIFICATE_STATUS_LABELS,
        renewed_by=[c for c in history if c.renews_id == certificate.id], localised=localised), status


@bp.get("/certificates/pdf/<certificate_number:number>")
def pdf(number: str):
    certificate = _certificate(number)
    data = queries.public_pdf(certificate.id)
    if data is None or hashlib.sha256(data).hexdigest() != certificate.pdf_sha256:  # never serve a changed file
        abort(500)
    filename = certificate.number.replace("/", "-")
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{filename}.pdf"'})
