"""Members' pages of an action's collaboration: the charter decision, meetings with decisions and follow-ups,
and the collaboration-health survey. Thin views: parse, one operation, commit once, render or redirect."""
from flask import Blueprint, Response, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import get_locale
from flask_login import current_user

from ..actions import queries as action_queries
from ..actions.text import diff_lines, render_markdown
from ..actions.views import attempt
from ..signing.limits import passphrase_attempts
from ..web.forms import attach_error, choices
from ..web.tenant import current_roles, member_required
from ..extensions import db
from . import access, charts, operations, queries, statements
from .elements import ANONYMITY_THRESHOLD, ELEMENT_LABELS, ELEMENTS, PART_LABELS, PARTS
from .forms import (
    FOLLOW_UP_LABELS, AnswerForm, CharterForm, DecisionForm, FollowUpStatusForm, MeetingForm, PlainForm,
    SignCharterForm, StatementsForm,
)

bp = Blueprint("collaboration", __name__, url_prefix="/t/<tenant_slug>")
PREFIX = "/actions/<int:action_id>/collaboration"


def _action(action_id: int):
    """The action, for its members and coordinators only: another member of the tenant gets 403."""
    action = action_queries.tenant_action(action_id, current_user, current_roles())
    if action is None:
        abort(404)
    if not access.can_view(current_user, action):
        abort(403)
    return action


def _labels() -> dict:
    return {"element_labels": ELEMENT_LABELS, "part_labels": PART_LABELS, "parts": PARTS,
            "follow_up_labels": FOLLOW_UP_LABELS, "threshold": ANONYMITY_THRESHOLD}


def _common(action) -> dict:
    return {"action": action, "can_coordinate": access.can_coordinate(current_user, action),
            "mine": access.represented_members(current_user, action), **_labels()}


@bp.app_template_global("collaboration_panel")
def collaboration_panel(action):
    """What the action's tenant page shows of the collaboration: for its members and coordinators only."""
    if not access.can_view(current_user, action):
        return None
    weakest = queries.weakest_element(action)
    return {"weakest": weakest[1] if weakest else None, "round": weakest[0].round if weakest else None,
            "open_follow_ups": queries.open_follow_ups_by_organisation(action), **_labels()}


@bp.app_template_global("organisation_follow_ups")
def organisation_follow_ups(organisation):
    """What the organisation's page shows its own representatives: its open follow-ups, in every tenant."""
    from ..orgs.queries import is_representative

    if not current_user.is_authenticated or not is_representative(organisation, current_user):
        return None
    return queries.organisation_open_follow_ups(organisation.id)


@bp.get(PREFIX)
@member_required()
def index(action_id: int):
    action = _action(action_id)
    charters = queries.charters(action)
    weakest = queries.weakest_element(action)
    return render_template(
        "collaboration/index.html", charter=charters[0] if charters else None, meetings=queries.meetings(action),
        open_follow_ups=queries.open_follow_ups_by_organisation(action), rounds=queries.history(action),
        weakest=weakest, **_common(action))


# --- charter decisions ------------------------------------------------------------------------------------------

def _charter_page(action, status=200, charter_form=None, sign_form=None):
    charters = queries.charters(action)
    current = charters[0] if charters else None
    previous = charters[1] if len(charters) > 1 else None
    if charter_form is None:
        charter_form = CharterForm(data={} if current is None else {
            "coordinators": "\n".join(f"{c['area']}: {c['organisation']}" for c in current.coordinators),
            "cadence": current.cadence, "ground_rules": current.ground_rules,
            "reporting_duty": current.reporting_duty})
    checks = {s.id: operations.check_charter_signature(s) for c in charters[:1] for s in c.signatures}
    return render_template(
        "collaboration/charter.html", charter=current, previous=previous, superseded=charters[1:],
        body_html=render_markdown(current.body) if current else None,
        diff=diff_lines(previous.body, current.body, context=2) if previous else None, checks=checks,
        charter_form=charter_form, sign_form=sign_form or SignCharterForm(),
        members=access.member_organisations(action), **_common(action)), status


@bp.get(PREFIX + "/charter")
@member_required()
def charter(action_id: int):
    return _charter_page(_action(action_id))


@bp.post(PREFIX + "/charter")
@member_required()
def adopt_charter(action_id: int):
    action = _action(action_id)
    form = CharterForm()
    if not form.validate_on_submit():
        return _charter_page(action, 422, charter_form=form)
    result, error = attempt(lambda: operations.adopt_charter(
        action, current_user, form.coordinators.data, form.cadence.data, form.ground_rules.data,
        form.reporting_duty.data))
    if error is not None:
        attach_error(form, error)
        return _charter_page(_action(action_id), error.status, charter_form=form)
    db.session.commit()
    flash(_("The charter decision is recorded. The coordinators sign it next."), "success")
    return redirect(url_for("collaboration.charter", action_id=action.id))


@bp.post(PREFIX + "/charter/<int:charter_id>/sign")
@member_required()
@passphrase_attempts
def sign_charter(action_id: int, charter_id: int):
    action = _action(action_id)
    found = queries.charter(action, charter_id) or abort(404)
    form = SignCharterForm()
    if not form.validate_on_submit():
        return _charter_page(action, 422, sign_form=form)
    result, error = attempt(lambda: operations.sign_charter(action, found, current_user, form.passphrase.data))
    if error is not None:
        attach_error(form, error)
        return _charter_page(_action(action_id), 401 if error.field == "passphrase" else error.status,
                             sign_form=form)
    db.session.commit()
    flash(_("You signed the charter decision."), "success")
    return redirect(url_for("collaboration.charter", action_id=action.id))


@bp.get(PREFIX + "/charter/<int:charter_id>.pdf")
@member_required()
def charter_pdf(action_id: int, charter_id: int):
    from . import pdf

    action = _action(action_id)
    found = queries.charter(action, charter_id) or abort(404)
    body = found.pdf if found.pdf is not None else pdf.render_unsigned(action, found)
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="charter-{action.id}-{found.number}.pdf"'})


# --- meetings --------------------------------------------------------------------------------------------------

def _meeting_form(action, form=None):
    form = form or MeetingForm()
    form.attendees.choices = choices((o.id, o.name) for o in access.member_organisations(action))
    return form


def _meetings_page(action, status=200, meeting_form=None):
    return render_template("collaboration/meetings.html", meetings=queries.meetings(action),
                           meeting_form=_meeting_form(action, meeting_form), **_common(action)), status


@bp.get(PREFIX + "/meetings")
@member_required()
def meetings(action_id: int):
    return _meetings_page(_action(action_id))


@bp.post(PREFIX + "/meetings")
@member_required()
def record_meeting(action_id: int):
    action = _action(action_id)
    form = _meeting_form(action)
    if not form.validate_on_submit():
        return _meetings_page(action, 422, form)
    result, error = attempt(lambda: operations.record_meeting(
        action, current_user, form.held_on.data, form.agenda.data, form.minutes.data or "", form.attendees.data or []))
    if error is not None:
        attach_error(form, error)
        return _meetings_page(_action(action_id), error.status, _meeting_form(action, form))
    db.session.commit()
    flash(_("The meeting is recorded. Add its decisions one by one."), "success")
    return redirect(url_for("collaboration.meeting", action_id=action.id, meeting_id=result.id))


def _decision_form(action, form=None):
    form = form or DecisionForm()
    form.organisation_id.choices = choices([("", _("Choose an organisation"))] + [
        (o.id, o.name) for o in access.member_organisations(action)])
    return form


def _meeting_page(action, found, status=200, decision_form=None, status_form=None, failed_follow_up=None):
    return render_template(
        "collaboration/meeting.html", meeting=found, minutes_html=render_markdown(found.minutes),
        decision_form=_decision_form(action, decision_form), status_form=status_form or FollowUpStatusForm(),
        blank_status_form=FollowUpStatusForm(formdata=None), failed_follow_up=failed_follow_up,
        **_common(action)), status


@bp.get(PREFIX + "/meetings/<int:meeting_id>")
@member_required()
def meeting(action_id: int, meeting_id: int):
    action = _action(action_id)
    return _meeting_page(action, queries.meeting(action, meeting_id) or abort(404))


@bp.post(PREFIX + "/meetings/<int:meeting_id>/decisions")
@member_required()
def record_decision(action_id: int, meeting_id: int):
    action = _action(action_id)
    found = queries.meeting(action, meeting_id) or abort(404)
    form = _decision_form(action)
    if not form.validate_on_submit():
        return _meeting_page(action, found, 422, decision_form=form)
    result, error = attempt(lambda: operations.record_decision(
        action, found, current_user, form.text.data, form.organisation_id.data, form.due_on.data))
    if error is not None:
        attach_error(form, error)
        action = _action(action_id)
        return _meeting_page(action, queries.meeting(action, meeting_id), error.status, decision_form=form)
    db.session.commit()
    flash(_("The decision is recorded as a follow-up."), "success")
    return redirect(url_for("collaboration.meeting", action_id=action.id, meeting_id=found.id))


@bp.post(PREFIX + "/follow-ups/<int:follow_up_id>/status")
@member_required()
def follow_up_status(action_id: int, follow_up_id: int):
    action = _action(action_id)
    item = queries.follow_up(action, follow_up_id) or abort(404)
    form = FollowUpStatusForm()
    meeting_id = item.meeting_id
    if not form.validate_on_submit():
        return _meeting_page(action, item.meeting, 422, status_form=form, failed_follow_up=item.id)
    result, error = attempt(lambda: operations.set_follow_up_status(action, item, current_user, form.status.data))
    if error is not None:
        attach_error(form, error)
        action = _action(action_id)
        return _meeting_page(action, queries.meeting(action, meeting_id), error.status, status_form=form,
                             failed_follow_up=follow_up_id)
    db.session.commit()
    flash(_("The follow-up's status is changed."), "success")
    return redirect(url_for("collaboration.meeting", action_id=action.id, meeting_id=meeting_id))


# --- the survey ------------------------------------------------------------------------------------------------

def _charts(history) -> list[dict]:
    """Per part: the chart and its data table, over the rounds whose results are shown."""
    shown = [each for each in history if each.shown]
    labels = [_("Round %(number)s", number=each.round.number) for each in shown]
    out = []
    for part, elements in PARTS.items():
        series = [(str(ELEMENT_LABELS[e]), [each.elements[e] for each in shown]) for e in elements]
        out.append({"part": part, "labels": labels, "series": series, "rows": shown,
                    "svg": charts.part_trend(labels, series, str(PART_LABELS[part]), f"chart-{part}")})
    return out


def _survey_page(action, status=200, error=None):
    history = queries.history(action)
    answered = {}
    mine = access.represented_members(current_user, action)
    for each in history:
        done = queries.answered_organisation_ids(each.round)
        answered[each.round.id] = [o for o in mine if o.id not in done]
    plain = PlainForm()
    if error is not None:
        plain.form_errors.append(str(error))
    return render_template("collaboration/survey.html", history=history, charts=_charts(history),
                           unanswered=answered, plain=plain, **_common(action)), status


@bp.get(PREFIX + "/survey")
@member_required()
def survey(action_id: int):
    return _survey_page(_action(action_id))


@bp.post(PREFIX + "/survey/rounds")
@member_required()
def open_round(action_id: int):
    action = _action(action_id)
    form = PlainForm()
    if not form.validate_on_submit():
        return _survey_page(action, 400, error=_("The form expired; reload the page and try again."))
    result, error = attempt(lambda: operations.open_round(action, current_user))
    if error is not None:
        return _survey_page(_action(action_id), error.status, error=error)
    db.session.commit()
    flash(_("The survey round is open: member organisations can answer it now."), "success")
    return redirect(url_for("collaboration.survey", action_id=action.id))


@bp.post(PREFIX + "/survey/rounds/<int:round_id>/close")
@member_required()
def close_round(action_id: int, round_id: int):
    action = _action(action_id)
    found = queries.survey_round(action, round_id) or abort(404)
    form = PlainForm()
    if not form.validate_on_submit():
        return _survey_page(action, 400, error=_("The form expired; reload the page and try again."))
    result, error = attempt(lambda: operations.close_round(action, found, current_user))
    if error is not None:
        return _survey_page(_action(action_id), error.status, error=error)
    db.session.commit()
    flash(_("The survey round is closed."), "success")
    return redirect(url_for("collaboration.survey", action_id=action.id))


def _answer_form(action, found, form=None):
    form = form or AnswerForm()
    done = queries.answered_organisation_ids(found)
    form.organisation_id.choices = choices(
        (o.id, o.name) for o in access.represented_members(current_user, action) if o.id not in done)
    return form


def _answer_page(action, found, status=200, form=None):
    locale = str(get_locale() or "id")
    wording = {e: statements.wording(found.statements, e, locale) for e in ELEMENTS}
    return render_template("collaboration/answer.html", round=found, form=_answer_form(action, found, form),
                           wording=wording, **_common(action)), status


@bp.route(PREFIX + "/survey/rounds/<int:round_id>/answer", methods=["GET", "POST"])
@member_required()
def answer(action_id: int, round_id: int):
    action = _action(action_id)
    found = queries.survey_round(action, round_id) or abort(404)
    form = _answer_form(action, found)
    if not form.is_submitted():
        return _answer_page(action, found, form=form)
    if not form.validate():
        return _answer_page(action, found, 422, form)
    scores = {element: getattr(form, element).data for element in ELEMENTS}
    result, error = attempt(lambda: operations.answer_round(action, found, current_user, form.organisation_id.data,
                                                            scores))
    if error is not None:
        attach_error(form, error)
        action = _action(action_id)
        return _answer_page(action, queries.survey_round(action, round_id), error.status, form)
    db.session.commit()
    flash(_("Thank you: your organisation's answers are recorded, apart from its name."), "success")
    return redirect(url_for("collaboration.survey", action_id=action.id))


def _statements_page(status=200, form=None):
    if form is None:
        current = statements.current()
        form = StatementsForm(data={f"{e}_{lang}": current[e][lang] for e in ELEMENTS for lang in statements.LANGUAGES})
    return render_template("collaboration/statements.html", form=form, version=statements.latest_version(),
                           elements=ELEMENTS, languages=statements.LANGUAGES, **_labels()), status


@bp.route("/collaboration/statements", methods=["GET", "POST"])
@member_required(*access.COORDINATOR_ROLES)
def survey_statements():
    form = StatementsForm()
    if not form.is_submitted():
        return _statements_page()
    if not form.validate():
        return _statements_page(422, form)
    texts = {e: {lang: getattr(form, f"{e}_{lang}").data for lang in statements.LANGUAGES} for e in ELEMENTS}
    result, error = attempt(lambda: operations.save_statements(g.tenant, current_user, texts))
    if error is not None:
        attach_error(form, error)
        return _statements_page(error.status, form)
    db.session.commit()
    flash(_("The new wording applies to the survey rounds opened from now on."), "success")
    return redirect(url_for("collaboration.survey_statements"))
