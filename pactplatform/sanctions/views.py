"""Tenant pages of sanctions: propose from a confirmed case, decide, object, answer, suspend / reinstate /
cancel, confirm a conditional release, and the tenant's cross-debarment setting. Thin views: parse, one
operation, commit once, render or redirect."""
from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import OperationError
from ..extensions import db
from ..monitoring import access as monitoring_access
from ..monitoring import clock
from ..monitoring import queries as monitoring_queries
from ..monitoring.models import CONFIRMED, SANCTIONED
from ..orgs import passport
from ..tenancy import roles
from ..web.forms import attach_error, choices
from ..web.tenant import current_roles, member_required
from . import eligibility  # noqa: F401  (registers the sanctions eligibility gate)
from . import operations, queries
from .forms import (
    CHANGE_LABELS, AnswerObjectionForm, ChangeForm, DecideForm, HonourForm, ObjectionForm, ProposeForm, RejectForm,
    ReleaseForm,
)
from .models import (
    CONDITIONAL_RELEASE, HONOUR_LIST, HONOUR_NONE, KIND_LABELS, ON_ADDING_REFUSE, ON_ADDING_WARN, STATUS_LABELS,
)
from .status import effective_status

bp = Blueprint("sanctions", __name__, url_prefix="/t/<tenant_slug>/sanctions")

passport.register_section("sanctions/_passport.html", queries.organisation_sanctions)


@bp.app_template_global("sanction_status")
def sanction_status(sanction) -> str:
    return effective_status(sanction, clock.today())


@bp.app_template_global("sanction_status_label")
def sanction_status_label(sanction) -> str:
    return str(STATUS_LABELS[effective_status(sanction, clock.today())])


@bp.app_template_global("case_sanctions")
def case_sanctions(case) -> list:
    return queries.tenant_sanctions(current_user, case_id=case.id)


def _labels() -> dict:
    return {"kind_labels": KIND_LABELS, "status_labels": STATUS_LABELS}


def _sanction(sanction_id: int):
    sanction = queries.visible_sanction(current_user, sanction_id)
    if sanction is None:
        abort(404)
    return sanction


@bp.get("/")
@member_required()
def index():
    return render_template("sanctions/index.html", sanctions=queries.tenant_sanctions(current_user), **_labels())


@bp.route("/propose/<int:case_id>", methods=["GET", "POST"])
@member_required(roles.OFFICER)
def propose(case_id: int):
    case = monitoring_queries.visible_case(current_user, case_id)
    if case is None:
        abort(404)
    form = ProposeForm()
    refusal = None if case.status in (CONFIRMED, SANCTIONED) else _("Only a confirmed violation can lead to a sanction.")
    if refusal is None and form.validate_on_submit():
        data = {name: getattr(form, name).data for name in (
            "kind", "decree_number", "legal_basis", "grounds", "issuing_unit", "starts_on", "ends_on", "years",
            "objection_days", "referred_to", "referral_subject", "conditions")}
        try:
            sanction = operations.propose(g.tenant, current_user, case, data)
        except OperationError as error:
            db.session.rollback()
            attach_error(form, error)
            return render_template("sanctions/propose.html", case=case, form=form, refusal=None), error.status
        db.session.commit()
        flash(_("The sanction is proposed; a tenant administrator decides it."), "success")
        return redirect(url_for("sanctions.show", sanction_id=sanction.id))
    status = 409 if refusal and form.is_submitted() else (422 if form.is_submitted() else 200)
    return render_template("sanctions/propose.html", case=case, form=form, refusal=refusal), status


def _page(sanction, status=200, **forms):
    mine = current_roles()
    today = clock.today()
    return render_template(
        "sanctions/show.html", sanction=sanction, current=effective_status(sanction, today), today=today,
        is_admin=roles.ADMIN in mine,
        is_respondent=(roles.REPRESENTATIVE in mine
                       and sanction.organisation_id in monitoring_access.represented_ids(current_user.id)),
        is_monitor=(sanction.kind == CONDITIONAL_RELEASE
                    and monitoring_access.is_assigned_monitor(current_user.id, sanction.action_id, set(mine))),
        decide_form=forms.get("decide_form") or DecideForm(),
        reject_form=forms.get("reject_form") or RejectForm(),
        objection_form=forms.get("objection_form") or ObjectionForm(),
        answer_form=forms.get("answer_form") or AnswerObjectionForm(),
        change_form=forms.get("change_form") or ChangeForm(),
        blank_change_form=ChangeForm(formdata=None),
        release_form=forms.get("release_form") or ReleaseForm(),
        change_labels=CHANGE_LABELS, **_labels(),
    ), status


@bp.get("/<int:sanction_id>")
@member_required()
def show(sanction_id: int):
    return _page(_sanction(sanction_id))


def _run(sanction, form_name, form, operation, success):
    if not form.validate_on_submit():
        return _page(sanction, 422, **{form_name: form})
    try:
        operation()
    except OperationError as error:
        db.session.rollback()
        attach_error(form, error)
        return _page(_sanction(sanction.id), error.status, **{form_name: form})
    db.session.commit()
    flash(success, "success")
    return redirect(url_for("sanctions.show", sanction_id=sanction.id))


@bp.post("/<int:sanction_id>/decide")
@member_required(roles.ADMIN)
def decide(sanction_id: int):
    sanction = _sanction(sanction_id)
    form = DecideForm()
    return _run(sanction, "decide_form", form,
                lambda: operations.decide(g.tenant, current_user, sanction, form.reason.data or ""),
                _("The sanction is decided; the objection window is open."))


@bp.post("/<int:sanction_id>/reject")
@member_required(roles.ADMIN)
def reject(sanction_id: int):
    sanction = _sanction(sanction_id)
    form = RejectForm()
    return _run(sanction, "reject_form", form, lambda: operations.reject(g.tenant, current_user, sanction, form.reason.data),
                _("The proposal is turned down; it stays on record."))


@bp.post("/<int:sanction_id>/objection")
@member_required(roles.REPRESENTATIVE)
def object_(sanction_id: int):
    sanction = _sanction(sanction_id)
    form = ObjectionForm()
    return _run(sanction, "objection_form", form, lambda: operations.file_objection(sanction, current_user, form.text.data),
                _("Your objection is filed; the sanction cannot take force before it is answered."))


@bp.post("/<int:sanction_id>/objection/answer")
@member_required(roles.ADMIN)
def answer_objection(sanction_id: int):
    sanction = _sanction(sanction_id)
    form = AnswerObjectionForm()
    return _run(sanction, "answer_form", form,
                lambda: operations.answer_objection(g.tenant, current_user, sanction, form.answer.data,
                                                    form.outcome.data == "upheld", form.decree_number.data),
                _("The objection is answered."))


@bp.post("/<int:sanction_id>/change")
@member_required(roles.ADMIN)
def change(sanction_id: int):
    sanction = _sanction(sanction_id)
    form = ChangeForm()
    return _run(sanction, "change_form", form,
                lambda: operations.change_state(g.tenant, current_user, sanction, form.change.data,
                                                form.decree_number.data, form.reason.data),
                _("The change is recorded under its decree."))


@bp.post("/<int:sanction_id>/release")
@member_required(roles.MONITOR)
def release(sanction_id: int):
    sanction = _sanction(sanction_id)
    form = ReleaseForm()
    return _run(sanction, "release_form", form, lambda: operations.confirm_release(sanction, current_user, form.reason.data),
                _("The conditions are confirmed; the debarment ends today."))


def _settings_page(form=None, status=200):
    setting = queries.honour_setting()
    if form is None:
        form = HonourForm(data={"mode": setting.mode if setting else HONOUR_NONE,
                                "tenant_ids": setting.honoured_ids if setting else [],
                                "on_adding": ON_ADDING_REFUSE if setting and setting.refuse_barred_parties
                                else ON_ADDING_WARN})
    form.tenant_ids.choices = choices((t.id, t.name) for t in queries.other_tenants(g.tenant.id))
    return render_template("sanctions/settings.html", form=form, setting=setting), status


@bp.get("/settings")
@member_required(roles.ADMIN)
def settings():
    return _settings_page()


@bp.post("/settings")
@member_required(roles.ADMIN)
def save_settings():
    form = HonourForm()
    form.tenant_ids.choices = choices((t.id, t.name) for t in queries.other_tenants(g.tenant.id))
    if not form.validate_on_submit():
        return _settings_page(form, 422)
    try:
        operations.set_honour(g.tenant, current_user, form.mode.data,
                              form.tenant_ids.data if form.mode.data == HONOUR_LIST else [],
                              refuse_barred_parties=form.on_adding.data == ON_ADDING_REFUSE)
    except OperationError as error:
        db.session.rollback()
        attach_error(form, error)
        return _settings_page(form, error.status)
    db.session.commit()
    flash(_("The cross-debarment setting is saved."), "success")
    return redirect(url_for("sanctions.settings"))
