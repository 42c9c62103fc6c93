"""The anonymous reporter's pages (no login, no cookie, no address kept: anonymity.py): file a report about a
public action or to a tenant, receive the receipt once, and come back with it to read and answer.

Every answer to a receipt that opens no report is the same page with the same status, whatever the reason,
and costs the same slow hash; failed receipts are rate-limited per (hashed) address."""
from flask import Blueprint, abort, current_app, g, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..actions import queries as action_queries
from ..errors import OperationError
from ..extensions import csrf, db, limiter
from ..monitoring.models import CASE_STATUS_LABELS, CONFIRMED, DISMISSED, REMEDIED, SANCTIONED, STAGE_LABELS
from ..monitoring.views import uploaded_evidence
from ..tenancy import scoping
from ..tenancy.models import Tenant
from ..web.access_log import ANONYMOUS_PREFIX
from ..web.forms import attach_error, choices
from . import anonymity, crypto, operations, queries
from .forms import ReceiptForm, ReplyForm, ReportForm
from .models import CLOSED, RECIPIENT, STATUS_LABELS

bp = Blueprint("public_reports", __name__, url_prefix=ANONYMOUS_PREFIX)
csrf.exempt(bp)  # its forms carry their own signed token (anonymity.SignedTokenCSRF): no session to bind one to
# No API here; and APIFlask, building /api/v1/openapi.json, asks this of every blueprint with a before_request hook.
bp.enable_openapi = False

PUBLIC_OUTCOMES = (CONFIRMED, DISMISSED, REMEDIED, SANCTIONED)


@bp.before_request
def _no_trace():
    anonymity.mark_sessionless()
    lang = request.args.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        g.page_locale = lang
    anonymity.refuse_cross_site_post()


@bp.after_request
def _nothing_kept(response):
    # A receipt or a report must not stay in the browser's cache, nor its address go to another site.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.context_processor
def _page_language():
    other = "en" if get_locale().language == "id" else "id"
    if request.method == "GET" and request.endpoint:
        switch = url_for(request.endpoint, **(request.view_args or {}), lang=other)
    else:
        switch = url_for("public_reports.index", lang=other)
    return {"switch_language_url": switch, "page_lang": get_locale().language}


def _receipt_refused(_limit=None):
    form = ReceiptForm()
    form.receipt.data = ""
    form.form_errors.append(_("Too many receipts that open no report were entered from your connection. "
                              "Wait and try again later."))
    return current_app.make_response((render_template("reports/follow.html", form=form), 429))


receipt_attempts = limiter.limit(
    lambda: current_app.config.get("REPORT_RECEIPT_RATE_LIMIT", "10 per 10 minutes"),
    key_func=anonymity.hashed_address, scope="report-receipt", methods=["POST"],
    deduct_when=lambda response: response.status_code == 404, on_breach=_receipt_refused,
)


# Filing -------------------------------------------------------------------------------------------------------------

def _file(tenant: Tenant, action, template_context: dict):
    form = ReportForm()
    if action is not None:
        form.organisation_id.choices = choices(
            [("", _("None of them / I do not know")), *((p.organisation_id, p.organisation.name) for p in action.parties)])
    else:
        del form.organisation_id
    context = {"form": form, "action": action, "report_tenant": tenant, **template_context}
    if form.validate_on_submit():
        data = {"what": form.what.data, "when": form.when.data, "involved": form.involved.data,
                "organisation_id": form.organisation_id.data if action is not None else None,
                "stage": form.stage.data}
        try:
            report, receipt = operations.file_report(tenant, action, data, uploaded_evidence())
        except OperationError as error:
            db.session.rollback()
            attach_error(form, error)
            return render_template("reports/new.html", **context), error.status
        db.session.commit()
        return render_template("reports/receipt.html", receipt=crypto.grouped(receipt), report_tenant=tenant,
                               action=action)
    return render_template("reports/new.html", **context), 422 if form.is_submitted() else 200


@bp.route("/actions/<int:action_id>", methods=["GET", "POST"])
def about_action(action_id: int):
    action = action_queries.public_action(action_id)
    if action is None:
        abort(404)
    return _file(action_queries.tenant_of(action), action, {})


@bp.route("/to/<slug>", methods=["GET", "POST"])
def to_tenant(slug: str):
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        abort(404)
    scoping.set_request_tenant(tenant.id)
    return _file(tenant, None, {})


# Following with the receipt -----------------------------------------------------------------------------------------

@bp.get("/")
def index():
    return render_template("reports/follow.html", form=ReceiptForm())


def _not_found(form):
    """The one answer to every receipt that opens no report."""
    form.receipt.data = ""
    form.form_errors.append(_("No report opens with this receipt. Check the 16 digits and try again."))
    return render_template("reports/follow.html", form=form), 404


def _open(form):
    receipt = crypto.normalise_receipt(form.receipt.data)
    report = queries.find_by_receipt(receipt) if receipt else None
    if report is None:
        if not receipt:
            crypto.burn_time("0" * crypto.RECEIPT_DIGITS)
        return None, None
    scoping.set_request_tenant(report.tenant_id)
    return report, receipt


def _status_page(report, receipt: str, reply_form=None, status: int = 200, sent: bool = False):
    key = queries.data_key(report)
    messages = [(m, queries.text_of(key, m.body, queries.message_context(m))) for m in report.messages]
    events = [(e, queries.text_of(key, e.reason, queries.reason_context(e))) for e in report.events]
    files = [(f, queries.file_name(key, f)) for f in report.files]
    outcome = None
    if report.case is not None and report.case.status in PUBLIC_OUTCOMES:
        outcome = CASE_STATUS_LABELS[report.case.status]
    reply_form = reply_form or ReplyForm(formdata=None)
    return render_template(
        "reports/status.html", report=report, receipt=receipt, content=queries.content_of(report, key),
        messages=messages, events=events, files=files, outcome=outcome, reply_form=reply_form, sent=sent,
        status_labels=STATUS_LABELS, stage_labels=STAGE_LABELS, recipient=RECIPIENT,
        can_reply=report.status != CLOSED and not report.purged,
    ), status


@bp.post("/follow")
@receipt_attempts
def follow():
    form = ReceiptForm()
    if not form.validate_on_submit():
        form.receipt.data = ""
        return render_template("reports/follow.html", form=form), 422
    report, receipt = _open(form)
    if report is None:
        return _not_found(form)
    return _status_page(report, receipt)


@bp.post("/reply")
@receipt_attempts
def reply():
    form = ReplyForm()
    receipt_form = ReceiptForm(formdata=None)
    receipt_form.receipt.data = form.receipt.data
    report, receipt = _open(receipt_form) if form.receipt.data else (None, None)
    if report is None:
        if not form.validate_on_submit():  # a form without a receipt at all is a bad form, not a wrong receipt
            receipt_form.form_errors.extend(e for errors in form.errors.values() for e in errors)
            return render_template("reports/follow.html", form=receipt_form), 422
        return _not_found(receipt_form)
    if not form.validate_on_submit():
        return _status_page(report, receipt, form, 422)
    try:
        operations.reporter_writes(report, form.message.data, uploaded_evidence())
    except OperationError as error:
        db.session.rollback()
        attach_error(form, error)
        return _status_page(report, receipt, form, error.status)
    db.session.commit()
    return _status_page(report, receipt, sent=True)
