"""Public pages of monitoring (no login): a pact's signed monitoring reports and its signed decisions."""
import hashlib

from flask import Blueprint, Response, abort, render_template

from ..actions import queries as action_queries
from ..actions.forms import UploadForm
from ..errors import OperationError
from ..ledger import queries as ledger_queries
from ..signing.limits import pdf_checks
from ..signing.pdf_check import MAX_PDF_BYTES
from ..web.forms import attach_error
from . import operations, queries, verification
from .models import CASE_STATUS_LABELS, SEVERITY_LABELS, STAGE_LABELS

bp = Blueprint("public_monitoring", __name__)


@bp.get("/actions/<int:action_id>/reports/<int:report_id>.pdf")
def report_pdf(action_id: int, report_id: int):
    action = action_queries.public_action(action_id)
    if action is None:
        abort(404)
    report = queries.public_report(action.id, report_id)
    if report is None:
        abort(404)
    data = report.pdf
    if hashlib.sha256(data).hexdigest() != report.sha256:  # never serve a PDF that changed behind the log
        abort(500)
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="monitoring-report-{report.id}.pdf"'})


@bp.route("/verify/actions/<int:action_id>/reports/<int:report_id>", methods=["GET", "POST"])
@pdf_checks
def verify_report(action_id: int, report_id: int):
    """Is this PDF the report its monitor signed? The same check as the pact's own page."""
    action = action_queries.public_action(action_id)
    report = queries.public_report(action.id, report_id) if action is not None else None
    if report is None:
        abort(404)
    form = UploadForm()
    result, status = None, 200
    if form.validate_on_submit():
        upload = form.document.data
        try:
            result = verification.check_upload(report, upload.read(MAX_PDF_BYTES + 1) if upload else None)
        except OperationError as error:
            attach_error(form, error)
            status = error.status
    return render_template("monitoring/verify_report.html", action=action, report=report, form=form,
                           result=result), status


@bp.get("/verify/case-decisions/<int:event_id>")
def decision(event_id: int):
    event = queries.public_decision(event_id)
    if event is None:
        abort(404)
    return render_template(
        "monitoring/decision.html", event=event, case=event.case, checks=operations.check_decision(event),
        log_entry=ledger_queries.entry_for("case_event", event.id), status_labels=CASE_STATUS_LABELS,
        stage_labels=STAGE_LABELS, severity_labels=SEVERITY_LABELS,
    )
