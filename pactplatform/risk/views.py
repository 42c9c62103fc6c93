"""Tenant pages of the risk domain. Thin views: parse, one operation, commit once, render or redirect."""
import copy
import json

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import OperationError
from ..extensions import db
from ..tenancy import roles
from ..web.forms import attach_error
from ..web.tenant import current_roles, member_required
from . import editor, labels, methodology, operations, queries
from .forms import DraftForm, StartDraftForm, preset_choices

bp = Blueprint("risk", __name__, url_prefix="/t/<tenant_slug>/risk")


def _problems_by_path(problems) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in problems:
        found.setdefault(problem.path, []).append(str(problem.message))
    return found


@bp.get("/methodology")
@member_required()
def methodology_index():
    current = queries.current_version(g.tenant.id)
    form = StartDraftForm()
    form.preset.choices = preset_choices(current is not None)
    return render_template("risk/methodology_index.html", versions=queries.versions(g.tenant.id), current=current,
                           draft=queries.draft(), form=form, may_edit=roles.ADMIN in current_roles())


@bp.post("/methodology/draft/start")
@member_required(roles.ADMIN)
def start_draft():
    form = StartDraftForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        operations.start_draft(g.tenant, current_user, form.preset.data or None)
    except OperationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("risk.methodology_index"))
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
