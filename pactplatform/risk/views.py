"""Tenant pages of the risk domain. Thin views: parse, one operation, commit once, render or redirect."""
import copy
import json
from datetime import date

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from ..errors import OperationError
from ..extensions import db
from ..monitoring import clock
from ..monitoring.models import SEVERITY_LABELS
from ..sanctions.models import KIND_LABELS as SANCTION_KIND_LABELS
from ..orgs import passport
from ..orgs.models import Organisation
from ..procurement import queries as procurement_queries
from ..tenancy import roles
from ..web.forms import attach_error, choices
from ..web.tenant import current_roles, member_required
from . import charts, editor, labels, methodology, operations, queries, scoring
from . import gate  # noqa: F401  (registers the risk gate)
from .forms import AnswersForm, DraftForm, RiskEventForm, StartDraftForm, preset_choices

bp = Blueprint("risk", __name__, url_prefix="/t/<tenant_slug>/risk")


def _problems_by_path(problems) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in problems:
        found.setdefault(problem.path, []).append(str(problem.message))
    return found


def _methodology_index(form: StartDraftForm | None = None, status: int = 200):
    current = queries.current_version(g.tenant.id)
    form = form or StartDraftForm(formdata=None)
    form.preset.choices = preset_choices(current is not None)
    return render_template("risk/methodology_index.html", versions=queries.versions(g.tenant.id), current=current,
                           draft=queries.draft(), form=form, may_edit=roles.ADMIN in current_roles()), status


@bp.get("/methodology")
@member_required()
def methodology_index():
    return _methodology_index()


@bp.post("/methodology/draft/start")
@member_required(roles.ADMIN)
def start_draft():
    form = StartDraftForm()
    if not form.validate_on_submit():
        return _methodology_index(form, 422)
    try:
        operations.start_draft(g.tenant, current_user, form.preset.data or None)
    except OperationError as error:
        db.session.rollback()
        attach_error(form, error)
        return _methodology_index(form, error.status)
    db.session.commit()
    return redirect(url_for("risk.edit_draft"))


def _draft_page(config: dict, form: DraftForm, problems, status: int = 200, saved: bool = False):
    errors = _problems_by_path(problems)
    placed = {path for path, _kind in editor.fields(config)} | _group_paths(config)
    elsewhere = [(path, messages) for path, messages in errors.items() if path not in placed]
    level_options = [(level.get("code"), f"{level.get('code')} · {labels.text(level.get('labels'))}")
                     for level in config.get("levels") or [] if isinstance(level, dict)]
    return render_template(
        "risk/draft.html", cfg=config, form=form, errors=errors, elsewhere=elsewhere, problem_count=len(problems),
        saved=saved, get=editor.get, field_id=editor.field_id, bands=methodology.BANDS, level_options=level_options,
        outcome_options=[(o, str(labels.OUTCOME_LABELS[o])) for o in methodology.APPETITE_OUTCOMES],
        direction_options=[(d, str(labels.DIRECTION_LABELS[d])) for d in methodology.DIRECTIONS]), status


def _group_paths(config: dict) -> set[str]:
    """Paths of problems shown beside a group of fields (a scale's categories, a set of weights)."""
    paths = {f"scales.{k}.categories" for k in methodology.SCALE_KINDS}
    for name in methodology.INDICES:
        paths.add(f"index_model.{name}.dimensions")
        for i, _d in enumerate(editor.get(config, f"index_model.{name}.dimensions") or []):
            paths.add(f"index_model.{name}.dimensions.{i}.indicators")
    return paths


@bp.get("/methodology/draft")
@member_required(roles.ADMIN)
def edit_draft():
    draft = queries.draft()
    if draft is None:
        return redirect(url_for("risk.methodology_index"))
    config = queries.config_of(draft)
    return _draft_page(config, DraftForm(), methodology.validate(config))


@bp.post("/methodology/draft")
@member_required(roles.ADMIN)
def save_draft():
    draft = queries.draft()
    if draft is None:
        return redirect(url_for("risk.methodology_index"))
    form = DraftForm()
    config = editor.apply(copy.deepcopy(queries.config_of(draft)), request.form)
    if not form.validate_on_submit():
        return _draft_page(config, form, methodology.validate(config), 422)
    if request.form.get("publish"):
        try:
            version = operations.publish(g.tenant, current_user, form.reason.data, form.effective_from.data,
                                         config=config)
        except operations.InvalidMethodology as error:
            db.session.rollback()
            form.form_errors.append(str(error))
            return _draft_page(config, form, error.problems, 422)
        except OperationError as error:
            db.session.rollback()
            attach_error(form, error)
            return _draft_page(config, form, methodology.validate(config), error.status)
        db.session.commit()
        flash(_("Version %(n)d of the risk methodology is published.", n=version.number), "success")
        return redirect(url_for("risk.show_version", number=version.number))
    try:
        problems = operations.save_draft(g.tenant, current_user, config)
    except OperationError as error:
        db.session.rollback()
        attach_error(form, error)
        return _draft_page(config, form, [], error.status)
    db.session.commit()
    return _draft_page(config, form, problems, saved=True)


@bp.get("/methodology/v<int:number>")
@member_required()
def show_version(number: int):
    version = queries.version(g.tenant.id, number)
    if version is None:
        abort(404)
    return render_template("risk/version.html", version=version, cfg=json.loads(version.config),
                           get=editor.get, bands=methodology.BANDS)


@bp.app_template_global("risk_text")
def risk_text(value) -> str:
    return labels.text(value)


@bp.app_template_global("ink")
def ink(colour: str) -> str:
    """Black or white text, whichever reads better on a level's colour (WCAG relative luminance)."""
    try:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    except (TypeError, ValueError):
        return "#000000"
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"


@bp.app_context_processor
def risk_labels() -> dict:
    return {"band_labels": labels.BAND_LABELS, "outcome_labels": labels.OUTCOME_LABELS,
            "direction_labels": labels.DIRECTION_LABELS, "kri_type_labels": labels.TYPE_LABELS,
            "light_labels": labels.LIGHT_LABELS, "action_kind_labels": labels.KIND_LABELS}


# Dashboard, organisations, assessments ----------------------------------------------------------

def _heat_map(config: dict, counts: dict) -> tuple[list[dict], list[str]]:
    levels = {level["code"]: level for level in config["levels"]}
    columns = [c["code"] for c in config["scales"]["impact"]["categories"]]
    rows = []
    for category in reversed(config["scales"]["likelihood"]["categories"]):
        cells = []
        for i_code in columns:
            level = levels[config["matrix"][category["code"]][i_code]]
            cells.append({"colour": level["colour"], "level": labels.text(level["labels"]), "level_code": level["code"],
                          "count": counts.get((category["code"], i_code), 0), "i_code": i_code})
        rows.append({"code": category["code"], "label": labels.text(category["labels"]), "cells": cells})
    return rows, columns


def _kri_overview(config: dict, scores_: list) -> list[dict]:
    """Per KRI: how many organisations sit in each light, and which ones are not green (the drill-down)."""
    overview = []
    for kri in config["kris"]:
        counts = {light: 0 for light in scoring.LIGHTS}
        flagged = []
        for score in scores_:
            for item in score.parsed_explanation.get("kris", []):
                if item["code"] == kri["code"]:
                    counts[item["light"]] += 1
                    if item["light"] != scoring.GREEN:
                        flagged.append((score, item))
        lights = [light for light, n in counts.items() if n]
        overview.append({"kri": kri, "counts": counts, "light": scoring.worst_light(lights), "flagged": flagged})
    return overview


@bp.get("/")
@member_required()
def dashboard():
    version = queries.current_version(g.tenant.id)
    if version is None:
        return render_template("risk/dashboard.html", version=None)
    config = version.parsed
    rows, columns = _heat_map(config, queries.event_counts())
    scores_ = queries.latest_scores()
    overview = _kri_overview(config, scores_)
    title = _("Heat map: risk events per likelihood × impact cell")
    return render_template("risk/dashboard.html", version=version, cfg=config, rows=rows, columns=columns,
                           heat_map=charts.heat_map(rows, columns, title, ink), overview=overview,
                           group_light=scoring.worst_light(o["light"] for o in overview if o["light"]),
                           scores=scores_[:50], events=queries.risk_events(limit=20))


def _organisation(organisation_id: int):
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


def _organisation_page(organisation, event_form=None, answers_form=None, answer_errors=None, status=200):
    version = queries.current_version(g.tenant.id)
    config = version.parsed if version else None
    history = queries.score_history(organisation.id)
    latest = history[-1] if history else None
    event_form = event_form or RiskEventForm(formdata=None, data={"occurred_on": clock.today()})
    if config:
        event_form.likelihood_code.choices = choices([("", "—")] + [
            (c["code"], f"{c['code']} · {labels.text(c['labels'])}") for c in config["scales"]["likelihood"]["categories"]])
        event_form.impact_code.choices = choices([("", "—")] + [
            (c["code"], f"{c['code']} · {labels.text(c['labels'])}") for c in config["scales"]["impact"]["categories"]])
    answers = queries.latest_answers(organisation.id)
    posted = request.form if answer_errors is not None else None
    known = json.loads(answers.answers) if answers else {}
    points = [(s.computed_at.date().isoformat(), s.irk) for s in history]
    roles_ = current_roles()
    return render_template(
        "risk/organisation.html", organisation=organisation, version=version, cfg=config, latest=latest,
        history=history, events=queries.risk_events(organisation.id), event_form=event_form,
        answers_form=answers_form or AnswersForm(), answer_errors=answer_errors or {},
        questions=operations.questionnaire_codes(config) if config else [], answers=answers,
        answer_value=lambda code: (posted.get(code, "") if posted is not None else known.get(code, "")),
        trend=charts.trend(points, _("IRK over time")), redflags=procurement_queries.flags_of_organisation(organisation.id),
        may_assess=bool(set(operations.ASSESSORS) & set(roles_)), indicator_labels=_indicator_labels(config),
        level_labels={lv["code"]: lv for lv in config["levels"]} if config else {}), status


def _indicator_labels(config: dict | None) -> dict[str, str]:
    found = {}
    if not config:
        return found
    for name in methodology.INDICES:
        for dimension in config["index_model"][name]["dimensions"]:
            found[dimension["code"]] = labels.text(dimension["labels"])
            for indicator in dimension["indicators"]:
                found[indicator["code"]] = labels.text(indicator["labels"])
    for kri in config["kris"]:
        found[kri["code"]] = f"{kri['code']} · {labels.text(kri['labels'])} ({kri['unit']})"
    return found


@bp.get("/organisations/<int:organisation_id>")
@member_required()
def organisation(organisation_id: int):
    return _organisation_page(_organisation(organisation_id))


def _refused_without_methodology(form) -> bool:
    """Events and answers are placed on the methodology in force; without one the forms are not offered,
    and a post made anyway (an old page) is answered with the reason."""
    if queries.current_version(g.tenant.id) is not None:
        return False
    form.form_errors.append(_("This tenant has no risk methodology in force yet."))
    return True


@bp.post("/organisations/<int:organisation_id>/events")
@member_required(roles.OFFICER, roles.AUDITOR, roles.ADMIN)
def record_event(organisation_id: int):
    organisation = _organisation(organisation_id)
    form = RiskEventForm()
    if _refused_without_methodology(form):
        return _organisation_page(organisation, event_form=form, status=409)
    if not form.validate_on_submit():
        return _organisation_page(organisation, event_form=form, status=422)
    try:
        operations.record_event(g.tenant, current_user, organisation.id, kind=form.kind.data,
                                description=form.description.data, process=form.process_name.data,
                                occurred_on=form.occurred_on.data, likelihood_value=form.likelihood_value.data,
                                likelihood_code=form.likelihood_code.data, impact_value=form.impact_value.data,
                                impact_code=form.impact_code.data)
    except OperationError as error:
        db.session.rollback()
        attach_error(form, error)
        return _organisation_page(organisation, event_form=form, status=error.status)
    db.session.commit()
    flash(_("The risk event is recorded and the scores are updated."), "success")
    return redirect(url_for("risk.organisation", organisation_id=organisation.id))


@bp.post("/organisations/<int:organisation_id>/answers")
@member_required(roles.OFFICER, roles.AUDITOR, roles.ADMIN)
def record_answers(organisation_id: int):
    organisation = _organisation(organisation_id)
    form = AnswersForm()
    if _refused_without_methodology(form):
        return _organisation_page(organisation, answers_form=form, answer_errors={}, status=409)
    if not form.validate_on_submit():
        return _organisation_page(organisation, answers_form=form, answer_errors={}, status=422)
    try:
        operations.record_answers(g.tenant, current_user, organisation.id,
                                  {key: request.form.get(key) for key in request.form})
    except OperationError as error:
        db.session.rollback()
        if error.field:
            return _organisation_page(organisation, answers_form=form, answer_errors={error.field: str(error)},
                                      status=error.status)
        form.form_errors.append(str(error))
        return _organisation_page(organisation, answers_form=form, answer_errors={}, status=error.status)
    db.session.commit()
    flash(_("The answers are recorded and the scores are updated."), "success")
    return redirect(url_for("risk.organisation", organisation_id=organisation.id))


@bp.app_template_global("risk_contribution")
def risk_contribution(item: dict) -> dict:
    """An IKO contribution in words, with the page of the record behind it."""
    from flask_babel import format_date
    from datetime import date as _date

    on = format_date(_date.fromisoformat(item["on"]), "long")
    kind, _sep, detail = item["label"].partition(":")
    if kind == "violation":
        text = _("%(severity)s violation confirmed on %(date)s", severity=str(SEVERITY_LABELS.get(detail, detail)),
                 date=on)
        url = url_for("monitoring.show", case_id=item["id"]) if getattr(g, "tenant", None) else None
    elif kind == "sanction":
        text = _("%(kind)s decided on %(date)s", kind=str(SANCTION_KIND_LABELS.get(detail, detail)), date=on)
        url = url_for("sanctions.show", sanction_id=item["id"]) if getattr(g, "tenant", None) else \
            url_for("blacklist.show", sanction_id=item["id"])
    elif kind == "conviction":
        text = _("Conviction on %(date)s", date=on)
        url = url_for("risk.organisation", organisation_id=request.view_args.get("organisation_id", 0)) + \
            f"#event-{item['id']}" if request.view_args.get("organisation_id") else None
    else:
        text = _("Audit finding (%(impact)s) on %(date)s", impact=detail, date=on)
        url = url_for("risk.organisation", organisation_id=request.view_args.get("organisation_id", 0)) + \
            f"#event-{item['id']}" if request.view_args.get("organisation_id") else None
    return {"text": text, "url": url}


@bp.app_template_global("risk_panel")
def risk_panel(organisation_id: int) -> Markup:
    """What a decision is taken beside (signing, case confirmation, sanction decision): the organisation's IRK
    band, its KRIs and its red flags in this tenant. Members' pages only."""
    if not getattr(g, "tenant", None) or not current_roles():
        return Markup("")
    organisation_ = db.session.get(Organisation, organisation_id)
    if organisation_ is None:
        return Markup("")
    version = queries.current_version(g.tenant.id)
    return Markup(render_template(
        "risk/_panel.html", organisation=organisation_, latest=queries.latest_score(organisation_id, g.tenant.id),
        version=version, indicator_labels=_indicator_labels(version.parsed if version else None),
        redflags=procurement_queries.flags_of_organisation(organisation_id)))


def public_risk(organisation_) -> list[dict]:
    """The passport's public part: per tenant that scored the organisation, IKO recomputed from public facts
    only (confirmed violations, sanctions decided), with each fact it rests on."""
    today = clock.today()
    found = []
    for score in queries.latest_scores_everywhere(organisation_.id):
        events = [scoring.RealisedEvent(e["points"], date.fromisoformat(e["on"]), e["label"], e["type"], e["id"])
                  for e in score.parsed_inputs.get("events", []) if e["type"] in PUBLIC_FACTS]
        value, contributions = scoring.iko(events, today)
        found.append({"tenant": score.tenant, "iko": value, "contributions": [
            {"label": c.event.label, "base": c.event.points, "age_weight": str(c.age_weight),
             "points": str(scoring.q2(c.points)), "on": c.event.on.isoformat(), "type": c.event.record_type,
             "id": c.event.record_id} for c in contributions]})
    return found


PUBLIC_FACTS = ("violation_case", "sanction")
passport.register_section("risk/_passport.html", public_risk)
