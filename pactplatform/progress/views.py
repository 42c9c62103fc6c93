"""Tenant pages of progress: an action's goals and indicators with their progress, posting updates, small
wins and coordinators. Thin views: parse, one operation, commit once, render or redirect."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import queries as action_queries
from ..actions.views import attempt
from ..extensions import db
from ..monitoring.views import evidence_response, uploaded_evidence
from ..orgs import passport
from ..tenancy.forms import ConfirmForm
from ..web.forms import attach_error, choices
from ..web.tenant import current_roles, member_required
from . import charts, operations, queries, stage
from .coordinators import can_coordinate, is_tenant_coordinator
from .forms import CoordinatorForm, GoalForm, IndicatorForm, UpdateForm, WinForm
from .models import DIRECTION_LABELS, UNIT_TYPE_LABELS

bp = Blueprint("progress", __name__, url_prefix="/t/<tenant_slug>/actions/<int:action_id>/progress")

passport.register_section("progress/_passport.html", stage.passport_stage)


def _action(action_id: int):
    action = action_queries.tenant_action(action_id, current_user, current_roles())
    if action is None or not action.policy.goals:
        abort(404)
    return action


def _member_choices(action, form_field, optional: bool = False) -> None:
    options = [(p.organisation_id, p.organisation.name) for p in action.parties]
    unique = list(dict(options).items())
    form_field.choices = choices(([("", _("None"))] if optional else [("", _("Choose an organisation"))]) + unique)


def _forms(action, **given) -> dict:
    forms = {"coordinator_form": given.get("coordinator_form") or CoordinatorForm(prefix="coordinator"),
             "goal_form": given.get("goal_form") or GoalForm(prefix="goal"),
             "indicator_form": given.get("indicator_form") or IndicatorForm(prefix="indicator"),
             "win_form": given.get("win_form") or WinForm(prefix="win")}
    _member_choices(action, forms["coordinator_form"].organisation_id)
    _member_choices(action, forms["indicator_form"].organisation_id)
    _member_choices(action, forms["win_form"].organisation_id, optional=True)
    goals = queries.goals_of(action)
    forms["indicator_form"].goal_id.choices = choices([("", _("Choose a goal"))] + [(g.id, g.title) for g, _i in goals])
    return forms | {"goals": goals}


def _page(action, status: int = 200, **given):
    context = _forms(action, **given)
    return render_template(
        "progress/index.html", action=action, wins=queries.small_wins(action),
        coordinators=queries.coordinators_of(action), can_coordinate=can_coordinate(current_user, action),
        can_name=is_tenant_coordinator(current_user, action.tenant_id), remove_form=ConfirmForm(),
        unit_type_labels=UNIT_TYPE_LABELS, direction_labels=DIRECTION_LABELS, **context), status


@bp.get("/")
@member_required()
def index(action_id: int):
    return _page(_action(action_id))


def _run(action, form_name: str, form, operation, message: str, target=None):
    """Validate the form, run the operation, commit once; re-render the page with the messages on failure."""
    if not form.validate_on_submit():
        return _page(action, 422, **{form_name: form})
    result, error = attempt(operation)
    if error is not None:
        attach_error(form, error)
        return _page(action, error.status, **{form_name: form})
    db.session.commit()
    flash(message, "success")
    return redirect(target(result) if target else url_for("progress.index", action_id=action.id))


@bp.post("/coordinators")
@member_required()
def name_coordinator(action_id: int):
    action = _action(action_id)
    form = CoordinatorForm(prefix="coordinator")
    _member_choices(action, form.organisation_id)
    return _run(action, "coordinator_form", form,
                lambda: operations.name_coordinator(action, current_user, form.organisation_id.data),
                _("The organisation is named coordinator."))


@bp.post("/coordinators/<int:coordinator_id>/remove")
@member_required()
def remove_coordinator(action_id: int, coordinator_id: int):
    action = _action(action_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _page(action, 400, coordinator_form=_refused(CoordinatorForm(prefix="coordinator"), form))
    _result, error = attempt(lambda: operations.remove_coordinator(action, current_user, coordinator_id))
    if error is not None:
        if error.status == 404:
            abort(404)
        return _page(action, error.status, coordinator_form=_refused(CoordinatorForm(prefix="coordinator"), error))
    db.session.commit()
    flash(_("The organisation no longer coordinates this action."), "success")
    return redirect(url_for("progress.index", action_id=action.id))


def _refused(form, reason):
    """A one-click form's refusal shown above the coordinators' form (a missing token, a rule)."""
    if hasattr(reason, "errors"):
        form.form_errors.extend(str(m) for messages in reason.errors.values() for m in messages)
    else:
        attach_error(form, reason)
    return form


@bp.post("/goals")
@member_required()
def create_goal(action_id: int):
    action = _action(action_id)
    form = GoalForm(prefix="goal")
    return _run(action, "goal_form", form,
                lambda: operations.create_goal(action, current_user, form.title_id.data, form.title_en.data),
                _("The goal is set."))


@bp.post("/indicators")
@member_required()
def create_indicator(action_id: int):
    action = _action(action_id)
    form = IndicatorForm(prefix="indicator")
    _member_choices(action, form.organisation_id)
    data = {name: getattr(form, name).data for name in (
        "goal_id", "name_id", "name_en", "unit", "unit_type", "baseline", "target", "direction", "due_on",
        "organisation_id", "region")}
    return _run(action, "indicator_form", form, lambda: operations.create_indicator(action, current_user, data),
                _("The indicator is set."))


@bp.post("/wins")
@member_required()
def mark_win(action_id: int):
    action = _action(action_id)
    form = WinForm(prefix="win")
    _member_choices(action, form.organisation_id, optional=True)
    data = {"title": form.title.data, "description": form.description.data, "achieved_on": form.achieved_on.data,
            "organisation_id": form.organisation_id.data}
    return _run(action, "win_form", form, lambda: operations.mark_win(action, current_user, data),
                _("The small win is published."))


def _indicator(action, indicator_id: int):
    indicator = queries.indicator_of(action, indicator_id)
    if indicator is None:
        abort(404)
    return indicator


def _indicator_page(action, indicator, form=None, status: int = 200):
    progress = queries.progress_of(indicator)
    return render_template(
        "progress/indicator.html", action=action, item=progress, form=form or UpdateForm(),
        chart=charts.progress_trend(progress, _("Progress over time: %(name)s", name=indicator.name)),
        can_report=operations.can_report(current_user, indicator, action),
        unit_type_labels=UNIT_TYPE_LABELS, direction_labels=DIRECTION_LABELS), status


@bp.get("/indicators/<int:indicator_id>")
@member_required()
def indicator(action_id: int, indicator_id: int):
    action = _action(action_id)
    return _indicator_page(action, _indicator(action, indicator_id))


@bp.post("/indicators/<int:indicator_id>/updates")
@member_required()
def post_update(action_id: int, indicator_id: int):
    action = _action(action_id)
    item = _indicator(action, indicator_id)
    form = UpdateForm()
    if not form.validate_on_submit():
        return _indicator_page(action, item, form, 422)
    _update, error = attempt(lambda: operations.post_update(
        action, item, current_user, form.value.data, form.recorded_on.data, form.note.data,
        uploaded_evidence()))
    if error is not None:
        item = _indicator(action, indicator_id)
        attach_error(form, error)
        return _indicator_page(action, item, form, error.status)
    db.session.commit()
    flash(_("The progress update is posted."), "success")
    return redirect(url_for("progress.indicator", action_id=action.id, indicator_id=item.id))


@bp.get("/updates/<int:update_id>/evidence")
@member_required()
def evidence(action_id: int, update_id: int):
    action = _action(action_id)
    update = queries.update_of(action, update_id)
    if update is None or update.evidence is None:
        abort(404)
    return evidence_response(update.evidence.content, update.evidence.content_type, update.evidence.filename)


@bp.app_template_filter("number_shown")
def number_shown(value) -> str:
    from .arithmetic import shown

    return shown(value)


@bp.app_template_filter("percent_shown")
def percent_shown(value) -> str:
    """A progress percent with one decimal in the reader's locale (55,5 in Indonesian, 55.5 in English)."""
    from flask_babel import format_decimal

    return format_decimal(value, "#,##0.0")


@bp.app_template_global("progress_panel")
def progress_panel(action) -> dict | None:
    """What an action's pages show of its progress (the same on the public and the tenant page: it is public)."""
    if not action.policy.goals:
        return None
    return {"goals": queries.goals_of(action), "wins": queries.small_wins(action)}
