from flask_babel import lazy_gettext as _l
from wtforms import DateField, FileField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from ..web.forms import Form, IdSelectField, choices
from ..web.validators import max_length, required
from .models import DIRECTION_LABELS, DIRECTIONS, UNIT_TYPE_LABELS, UNIT_TYPES

EVIDENCE_HELP = _l("A PDF, PNG or JPEG file, at most 5 MB. Only the action's members see it; the public sees the value.")
NUMBER_HELP = _l("Digits only, with a point or a comma before decimals (16377 or 2.5).")


class CoordinatorForm(Form):
    organisation_id = IdSelectField(_l("Member organisation"), validators=[required(_l("Choose an organisation."))])


class GoalForm(Form):
    title_id = StringField(_l("Goal (Indonesian)"), validators=[required(), max_length(300)])
    title_en = StringField(_l("Goal (English, optional)"), validators=[max_length(300)])


class IndicatorForm(Form):
    goal_id = IdSelectField(_l("Goal"), validators=[required(_l("Choose a goal."))])
    name_id = StringField(_l("Indicator (Indonesian)"), validators=[required(), max_length(300)])
    name_en = StringField(_l("Indicator (English, optional)"), validators=[max_length(300)])
    unit = StringField(_l("Unit"), validators=[required(), max_length(60)], description=_l("For example: cases, %, rupiah."))
    unit_type = SelectField(_l("Kind of number"), choices=choices((t, UNIT_TYPE_LABELS[t]) for t in UNIT_TYPES))
    baseline = StringField(_l("Baseline"), validators=[required(), max_length(20)], description=NUMBER_HELP)
    target = StringField(_l("Target"), validators=[required(), max_length(20)], description=NUMBER_HELP)
    direction = SelectField(_l("Direction"), choices=choices((d, DIRECTION_LABELS[d]) for d in DIRECTIONS))
    due_on = DateField(_l("Due date"), validators=[required(_l("Give the due date."))])
    organisation_id = IdSelectField(_l("Answerable member organisation"),
                                    validators=[required(_l("Choose an organisation."))])
    region = StringField(_l("Region (optional)"), validators=[max_length(120)])


class UpdateForm(Form):
    value = StringField(_l("Value"), validators=[required(), max_length(20)], description=NUMBER_HELP)
    recorded_on = DateField(_l("Date of the value"), validators=[required(_l("Give the date of the value."))])
    note = TextAreaField(_l("Note"), validators=[max_length(2000)],
                         description=_l("Required when the value went the wrong way: say why."))
    evidence = FileField(_l("Evidence file (optional)"), description=EVIDENCE_HELP)


class WinForm(Form):
    title = StringField(_l("Milestone"), validators=[required(), max_length(300)])
    description = TextAreaField(_l("What was reached"), validators=[max_length(2000)])
    achieved_on = DateField(_l("Reached on"), validators=[required(_l("Give the date it was reached."))])
    organisation_id = IdSelectField(_l("Answerable member organisation (optional)"), validators=[Optional()])
