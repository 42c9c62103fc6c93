"""The recipients' pages of anonymous reports, and the tenant's report settings. Recipients (designated ones and
the monitors of the action concerned) read and answer reports; a tenant admin who is not a recipient sees
counts and statuses only. Each view parses input, calls one operation, commits once, renders."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..actions.policies import PARTY_ROLE_LABELS
from ..errors import OperationError
from ..extensions import db
from ..monitoring import access as monitoring_access
from ..monitoring import clock
from ..monitoring import operations as monitoring
from ..monitoring.models import CASE_STATUS_LABELS, STAGE_LABELS
from ..monitoring.views import evidence_response
from ..tenancy import roles
from ..tenancy.forms import ConfirmForm
from ..tenancy.models import Membership
from ..web.forms import attach_error, choices
from ..web.tenant import current_roles, member_required
from . import operations, queries
from .forms import CloseForm, MessageForm, PromoteForm, SettingsForm
from .models import RECIPIENT, STATUS_LABELS, STATUSES

bp = Blueprint("reports", __name__, url_prefix="/t/<tenant_slug>/reports")


@bp.app_context_processor
def _reports_link():
    """The tenant bar links to the reports for those who receive them or count them (admins)."""
    def shows_reports() -> bool:
        tenant = g.get("tenant")
        if tenant is None or not current_user.is_authenticated:
            return False
        return roles.ADMIN in current_roles() or queries.receives_reports(current_user.id, tenant.id)

    return {"shows_reports": shows_reports}


def _before() -> int | None:
    raw = request.args.get("before", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


@bp.get("/")
@member_required()
def index():
    settings = queries.settings_of(g.tenant.id)
    today = clock.today()
    if queries.receives_reports(current_user.id, g.tenant.id):
        reports = queries.visible_reports(current_user.id, g.tenant.id, _before())
        return render_template("reports/index.html", reports=reports, content_visible=True, today=today,
                               deadlines={r.id: queries.deadlines(r, settings, today) for r in reports},
                               counts=None, status_labels=STATUS_LABELS, statuses=STATUSES)
    if roles.ADMIN not in current_roles():
        abort(403)
    reports = queries.statuses_page(_before())
    return render_template("reports/index.html", reports=reports, content_visible=False, today=today,
                           deadlines={r.id: queries.deadlines(r, settings, today) for r in reports},
                           counts=queries.status_counts(), status_labels=STATUS_LABELS, statuses=STATUSES)


def _report(report_id: int):
    report = queries.visible_report(current_user.id, report_id)
    if report is None:
        abort(404)
    return report


def _promote_choices(form: PromoteForm, report) -> None:
    parties = report.action.parties if report.action is not None else []
    form.organisation_id.choices = choices(
        (p.organisation_id, f"{p.organisation.name} ({PARTY_ROLE_LABELS[p.role]})") for p in parties)
    form.violation_type.choices = choices(monitoring.available_types().items())


def _page(report, status: int = 200, **forms):
    key = queries.data_key(report)
    content = queries.content_of(report, key)
    promote_form = forms.get("promote_form")
    if promote_form is None:
        promote_form = PromoteForm(formdata=None)
        if content:
            promote_form.description.data = content["what"]
            promote_form.organisation_id.data = content.get("organisation_id")
            if content.get("stage"):
                promote_form.stage.data = content["stage"]
    _promote_choices(promote_form, report)
    can_promote = (report.action is not None and report.status in ("new", "acknowledged", "in_review")
                   and monitoring_access.can_log_cases(current_user, report.action))
    today = clock.today()
    return render_template(
        "reports/show.html", report=report, content=content, today=today,
        deadlines=queries.deadlines(report, queries.settings_of(report.tenant_id), today),
        purge_on=queries.purge_on(report, queries.settings_of(report.tenant_id)),
        messages=[(m, queries.text_of(key, m.body, queries.message_context(m))) for m in report.messages],
        events=[(e, queries.text_of(key, e.reason, queries.reason_context(e))) for e in report.events],
        files=[(f, queries.file_name(key, f)) for f in report.files],
        status_labels=STATUS_LABELS, stage_labels=STAGE_LABELS, case_status_labels=CASE_STATUS_LABELS,
        recipient=RECIPIENT, can_promote=can_promote, confirm_form=forms.get("confirm_form") or ConfirmForm(),
        message_form=forms.get("message_form") or MessageForm(formdata=None),
        close_form=forms.get("close_form") or CloseForm(formdata=None), promote_form=promote_form,
    ), status


@bp.get("/<int:report_id>")
@member_required()
def show(report_id: int):
    return _page(_report(report_id))


def _run(report, form_name, form, operation, success):
    if not form.validate_on_submit():
        return _page(report, 422, **{form_name: form})
    try:
        result = operation()
    except OperationError as error:
        db.session.rollback()
        attach_error(form, error)
        return _page(_report(report.id), error.status, **{form_name: form})
    db.session.commit()
    flash(success, "success")
    if form_name == "promote_form":
        return redirect(url_for("monitoring.show", case_id=result.id))
    return redirect(url_for("reports.show", report_id=report.id))


@bp.post("/<int:report_id>/acknowledge")
@member_required()
def acknowledge(report_id: int):
    report = _report(report_id)
    return _run(report, "confirm_form", ConfirmForm(), lambda: operations.acknowledge(report, current_user),
                _("The report is acknowledged; the reporter sees it."))


@bp.post("/<int:report_id>/review")
@member_required()
def review(report_id: int):
    report = _report(report_id)
    return _run(report, "confirm_form", ConfirmForm(), lambda: operations.start_review(report, current_user),
                _("The report is in review."))


@bp.post("/<int:report_id>/message")
@member_required()
def message(report_id: int):
    report = _report(report_id)
    form = MessageForm()
    return _run(report, "message_form", form,
                lambda: operations.write_to_reporter(report, current_user, form.message.data),
                _("The message is sent; the reporter reads it with their receipt."))


@bp.post("/<int:report_id>/close")
@member_required()
def close(report_id: int):
    report = _report(report_id)
    form = CloseForm()
    return _run(report, "close_form", form, lambda: operations.close(report, current_user, form.reason.data),
                _("The report is closed; the reporter reads the reason."))


@bp.post("/<int:report_id>/promote")
@member_required(roles.MONITOR)
def promote(report_id: int):
    report = _report(report_id)
    form = PromoteForm()
    _promote_choices(form, report)
    data = {"organisation_id": form.organisation_id.data, "stage": form.stage.data,
            "violation_type": form.violation_type.data, "severity": form.severity.data,
            "description": form.description.data}
    return _run(report, "promote_form", form, lambda: operations.promote(report, current_user, data),
                _("The report is now a violation case; the reporter sees that it was promoted."))


@bp.get("/<int:report_id>/files/<int:file_id>")
@member_required()
def file(report_id: int, file_id: int):
    report = _report(report_id)
    item = queries.report_file(report, file_id)
    key = queries.data_key(report)
    if item is None or key is None or item.content is None:
        abort(404)
    return evidence_response(queries.file_bytes(key, item), item.content_type, queries.file_name(key, item))


def _settings_choices(form: SettingsForm) -> None:
    from ..accounts.models import User

    members = db.session.execute(select(User.id, User.name).join(Membership, Membership.user_id == User.id)
                                 .distinct().order_by(User.name)).all()
    form.recipients.choices = choices((user_id, name) for user_id, name in members)


@bp.route("/settings", methods=["GET", "POST"])
@member_required(roles.ADMIN)
def settings():
    form = SettingsForm()
    _settings_choices(form)
    public_url = url_for("public_reports.to_tenant", slug=g.tenant.slug, _external=False)
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in operations.SETTING_LIMITS}
        try:
            operations.update_settings(g.tenant, current_user, data, form.recipients.data or [])
        except OperationError as error:
            db.session.rollback()
            attach_error(form, error)
            return render_template("reports/settings.html", form=form, public_url=public_url), error.status
        db.session.commit()
        flash(_("The report settings are saved."), "success")
        return redirect(url_for("reports.index"))
    if form.is_submitted():
        return render_template("reports/settings.html", form=form, public_url=public_url), 422
    current = queries.settings_of(g.tenant.id)
    for name in operations.SETTING_LIMITS:
        getattr(form, name).data = getattr(current, name)
    form.recipients.data = sorted(queries.designated_ids(g.tenant.id))
    return render_template("reports/settings.html", form=form, public_url=public_url)
