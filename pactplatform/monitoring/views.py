"""Tenant pages of monitoring: violation cases with their due process, evidence, monitoring reports,
the tenant's violation types. Each view parses input, calls one operation, commits once, renders."""
from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import queries as action_queries
from ..actions.policies import PARTY_ROLE_LABELS
from ..errors import OperationError
from ..extensions import db
from ..tenancy import roles
from ..tenancy.forms import ConfirmForm
from ..web.forms import attach_error, choices
from ..signing.limits import passphrase_attempts
from ..web.tenant import current_roles, member_required
from . import access, clock, evidence as evidence_checks, operations, queries
from .forms import AnswerForm, CaseForm, DecideForm, EvidenceForm, NotifyForm, RemedyForm, ReportForm, ViolationTypeForm
from .models import (
    CASE_STATUS_LABELS, DEFAULT_TYPES, REPORT_KIND_LABELS, SEVERITY_LABELS, STAGE_LABELS,
)

bp = Blueprint("monitoring", __name__, url_prefix="/t/<tenant_slug>")


def _uploads(name: str = "evidence") -> list[tuple[str, bytes]]:
    """Each uploaded file, read up to one byte past the limit (enough to refuse it)."""
    files = []
    for upload in request.files.getlist(name):
        if upload and (upload.filename or upload.content_length):
            files.append((upload.filename or "", upload.stream.read(evidence_checks.MAX_EVIDENCE_BYTES + 1)))
    return files


uploaded_evidence = _uploads  # the same reading for other domains' evidence fields


def _labels() -> dict:
    return {"status_labels": CASE_STATUS_LABELS, "stage_labels": STAGE_LABELS, "severity_labels": SEVERITY_LABELS,
            "report_kind_labels": REPORT_KIND_LABELS}


def _action(action_id: int):
    action = action_queries.tenant_action(action_id, current_user, current_roles())
    if action is None or not action.policy.violations_allowed:
        abort(404)
    return action


def _case(case_id: int):
    found = queries.visible_case(current_user, case_id)
    if found is None:
        abort(404)
    return found


@bp.get("/cases/")
@member_required()
def index():
    return render_template("monitoring/index.html", cases=queries.visible_cases(current_user), today=clock.today(),
                           **_labels())


def _case_form_choices(form: CaseForm, action) -> None:
    form.organisation_id.choices = choices(
        (p.organisation_id, f"{p.organisation.name} ({PARTY_ROLE_LABELS[p.role]})") for p in action.parties
    )
    form.violation_type.choices = choices(operations.available_types().items())


@bp.route("/actions/<int:action_id>/cases/new", methods=["GET", "POST"])
@member_required(roles.MONITOR)
def new_case(action_id: int):
    action = _action(action_id)
    form = CaseForm()
    _case_form_choices(form, action)
    if not access.can_log_cases(current_user, action):
        return render_template("monitoring/new_case.html", action=action, form=form,
                               refusal=_("Only a monitor assigned to this pact can do this.")), 403
    if form.validate_on_submit():
        data = {"organisation_id": form.organisation_id.data, "stage": form.stage.data,
                "violation_type": form.violation_type.data, "severity": form.severity.data,
                "description": form.description.data}
        try:
            case = operations.log_case(g.tenant, current_user, action, data, _uploads())
        except OperationError as error:
            db.session.rollback()
            attach_error(form, error)
            return render_template("monitoring/new_case.html", action=action, form=form, refusal=None), error.status
        db.session.commit()
        flash(_("The case is logged. Notify the respondent when it is ready for their answer."), "success")
        return redirect(url_for("monitoring.show", case_id=case.id))
    status = 422 if form.is_submitted() else 200
    return render_template("monitoring/new_case.html", action=action, form=form, refusal=None), status


def _page(case, status=200, **forms):
    mine = current_roles()
    is_monitor = access.is_assigned_monitor(current_user.id, case.action_id, set(mine))
    is_respondent = access.is_respondent(current_user.id, case, set(mine))
    today = clock.today()
    checks = {e.id: operations.check_decision(e) for e in case.events if e.signed}
    return render_template(
        "monitoring/show.html", case=case, action=case.action, today=today, checks=checks,
        is_monitor=is_monitor, is_respondent=is_respondent, is_staff=bool(mine & access.STAFF),
        can_propose=roles.OFFICER in mine,
        notify_form=forms.get("notify_form") or NotifyForm(),
        answer_form=forms.get("answer_form") or AnswerForm(),
        decide_form=forms.get("decide_form") or DecideForm(),
        remedy_form=forms.get("remedy_form") or RemedyForm(),
        evidence_form=forms.get("evidence_form") or EvidenceForm(),
        **_labels(),
    ), status


@bp.get("/cases/<int:case_id>")
@member_required()
def show(case_id: int):
    return _page(_case(case_id))


def _run(case, form_name, form, operation, success):
    if not form.validate_on_submit():
        return _page(case, 422, **{form_name: form})
    try:
        operation()
    except OperationError as error:
        db.session.rollback()
        attach_error(form, error)
        status = error.status
        if error.field == "passphrase":
            status = 401
        return _page(_case(case.id), status, **{form_name: form})
    db.session.commit()
    flash(success, "success")
    return redirect(url_for("monitoring.show", case_id=case.id))


@bp.post("/cases/<int:case_id>/notify")
@member_required(roles.MONITOR)
def notify(case_id: int):
    case = _case(case_id)
    form = NotifyForm()
    return _run(case, "notify_form", form,
                lambda: operations.notify(case, current_user, form.answer_due_on.data, form.reason.data or ""),
                _("The respondent is notified and can now answer."))


@bp.post("/cases/<int:case_id>/answer")
@member_required(roles.REPRESENTATIVE)
def answer(case_id: int):
    case = _case(case_id)
    form = AnswerForm()
    return _run(case, "answer_form", form,
                lambda: operations.answer(case, current_user, form.answer.data, _uploads()),
                _("Your answer is recorded; the monitor will now decide."))


@bp.post("/cases/<int:case_id>/decide")
@member_required(roles.MONITOR)
@passphrase_attempts
def decide(case_id: int):
    case = _case(case_id)
    form = DecideForm()
    return _run(case, "decide_form", form,
                lambda: operations.decide(case, current_user, form.decision.data, form.reason.data,
                                          form.passphrase.data),
                _("The decision is signed and recorded."))


@bp.post("/cases/<int:case_id>/remedy")
@member_required(roles.MONITOR)
def remedy(case_id: int):
    case = _case(case_id)
    form = RemedyForm()
    return _run(case, "remedy_form", form, lambda: operations.mark_remedied(case, current_user, form.reason.data),
                _("The violation is recorded as remedied."))


@bp.post("/cases/<int:case_id>/evidence")
@member_required(roles.MONITOR, roles.REPRESENTATIVE)
def add_evidence(case_id: int):
    case = _case(case_id)
    form = EvidenceForm()
    return _run(case, "evidence_form", form, lambda: operations.add_evidence(case, current_user, _uploads()),
                _("The evidence is added."))


@bp.get("/cases/<int:case_id>/evidence/<int:evidence_id>")
@member_required()
def evidence(case_id: int, evidence_id: int):
    case = _case(case_id)
    item = queries.evidence_item(case.id, evidence_id)
    if item is None:
        abort(404)
    return evidence_response(item.content, item.content_type, item.filename)


def evidence_response(content: bytes, content_type: str, filename: str) -> Response:
    """An evidence file as a download that never renders in the site's origin (anonymous reports' files too)."""
    response = Response(content, mimetype=content_type)
    response.headers["Content-Disposition"] = _attachment(filename)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _attachment(filename: str) -> str:
    from urllib.parse import quote

    fallback = filename.encode("ascii", "ignore").decode("ascii").replace('"', "") or "evidence"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


@bp.route("/actions/<int:action_id>/reports/new", methods=["GET", "POST"])
@member_required(roles.MONITOR)
@passphrase_attempts
def new_report(action_id: int):
    from ..signing import operations as signing

    action = _action(action_id)
    form = ReportForm()
    context = {"action": action, "form": form, "has_key": signing.key_for(current_user) is not None}
    if not access.is_assigned_monitor(current_user.id, action.id):
        return render_template("monitoring/new_report.html", refusal=_("Only a monitor assigned to this pact can do this."),
                               **context), 403
    if form.validate_on_submit():
        data = {"kind": form.kind.data, "title": form.title.data, "period_start": form.period_start.data,
                "period_end": form.period_end.data, "body": form.body.data}
        try:
            operations.publish_report(g.tenant, current_user, action, data, form.passphrase.data)
        except OperationError as error:
            db.session.rollback()
            attach_error(form, error)
            status = 401 if error.field == "passphrase" else error.status
            return render_template("monitoring/new_report.html", refusal=None, **context), status
        db.session.commit()
        flash(_("The report is signed and published on the pact's public page."), "success")
        return redirect(url_for("actions.show", action_id=action.id))
    status = 422 if form.is_submitted() else 200
    return render_template("monitoring/new_report.html", refusal=None, **context), status


def _types_page(form=None, status=200):
    return render_template("monitoring/types.html", form=form or ViolationTypeForm(), defaults=DEFAULT_TYPES,
                           custom=queries.custom_types(), confirm=ConfirmForm()), status


@bp.get("/violation-types")
@member_required(roles.ADMIN)
def types():
    return _types_page()


@bp.post("/violation-types")
@member_required(roles.ADMIN)
def add_type():
    form = ViolationTypeForm()
    if not form.validate_on_submit():
        return _types_page(form, 422)
    try:
        operations.add_violation_type(g.tenant, current_user, form.label.data)
    except OperationError as error:
        db.session.rollback()
        attach_error(form, error)
        return _types_page(form, error.status)
    db.session.commit()
    flash(_("The violation type is added."), "success")
    return redirect(url_for("monitoring.types"))


@bp.post("/violation-types/<int:type_id>/retire")
@member_required(roles.ADMIN)
def retire_type(type_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        operations.retire_violation_type(g.tenant, current_user, type_id)
    except OperationError as error:
        db.session.rollback()
        if error.status == 404:
            abort(404)
        flash(str(error.message), "error")
        return redirect(url_for("monitoring.types"))
    db.session.commit()
    flash(_("The violation type is retired; cases already logged keep it."), "success")
    return redirect(url_for("monitoring.types"))


@bp.app_template_global("monitoring_panel")
def monitoring_panel(action, public: bool = False) -> dict | None:
    """What the pact's pages show of its monitoring: the cases this visitor may see, and the reports."""
    if not action.policy.violations_allowed:
        return None
    if public:
        cases = queries.public_cases(action.id)
    elif current_user.is_authenticated:
        cases = queries.visible_cases(current_user, action.id)
    else:
        cases = []
    can_log = (not public and current_user.is_authenticated
               and access.can_log_cases(current_user, action) and action.status not in ("draft", "cancelled"))
    return {"cases": cases, "reports": queries.reports_of(action.id), "can_log": can_log, "today": clock.today(),
            "named": queries.NAMED_IN_PUBLIC, **_labels()}
