from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from ..web.forms import Form, choices
from ..web.validators import max_length
from . import methodology


class StartDraftForm(Form):
    preset = SelectField(_l("Start from"), validate_choice=False, description=_l(
        "The version in force, or a preset: the number of categories and levels comes from it."))


class DraftForm(Form):
    """The draft's values are posted under their paths (risk/editor.py); these are the publication's own."""

    reason = TextAreaField(_l("Reason for this version"), validators=[max_length(2000)])
    effective_from = DateField(_l("Takes effect on"), validators=[Optional()],
                               description=_l("Today or later; scores already computed keep the version they used."))


PRESET_LABELS = {
    "standard-4x4": _l("Standard 4×4 (5 levels by likelihood + impact)"),
    "impact-emphasis-4x4": _l("Impact emphasis 4×4"),
    "simple-2x2": _l("Simple 2×2 (4 levels)"),
    "three-by-three": _l("Three categories, 3×3"),
    "kpk-5x5": _l("Anti-corruption commission risk spots, 5×5"),
}


def preset_choices(has_current: bool) -> list:
    first = [("", _l("The version in force"))] if has_current else []
    names = sorted(methodology.preset_names(), key=lambda name: name != methodology.DEFAULT_PRESET)
    return choices(first + [(name, PRESET_LABELS.get(name, name)) for name in names])


class RiskEventForm(Form):
    kind = SelectField(_l("Kind"), validate_choice=False, choices=choices([
        ("risk", _l("Risk event (assessment)")), ("audit_finding", _l("Audit finding (confirmed by an auditor)")),
        ("conviction", _l("Conviction"))]))
    description = TextAreaField(_l("Description"), validators=[max_length(5000)])
    process_name = StringField(_l("Process"), validators=[max_length(200)],
                          description=_l("Where it happens, e.g. procurement, licensing, payments."))
    occurred_on = DateField(_l("Date"), validators=[Optional()])
    likelihood_value = StringField(_l("Likelihood: value on the scale"), validators=[max_length(40)])
    likelihood_code = SelectField(_l("or likelihood category"), validate_choice=False)
    impact_value = StringField(_l("Impact: value on the scale"), validators=[max_length(40)])
    impact_code = SelectField(_l("or impact category"), validate_choice=False)


class AnswersForm(Form):
    """The answers are posted under their indicator or KRI codes (risk/operations.questionnaire_codes)."""
