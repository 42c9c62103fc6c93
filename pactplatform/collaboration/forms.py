"""Forms of the collaboration pages (the survey's answer form is one radio group per element)."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, PasswordField, RadioField, SelectField, StringField, TextAreaField

from ..tenancy.forms import MultiCheckboxField
from ..web.forms import Form, IdSelectField, choices
from ..web.validators import max_length, required
from . import operations
from .elements import ELEMENTS, SCORES
from .models import FOLLOW_UP_STATUSES
from .statements import LANGUAGES


class CharterForm(Form):
    coordinators = TextAreaField(
        _l("Coordinators"), validators=[required(), max_length(operations.COORDINATORS_MAX_LENGTH)],
        description=_l("One a line: the goal, area or region, a colon, then the member organisation "
                       "(for example \"Procurement reform, East Java: PT Alpha\")."), render_kw={"rows": 5})
    cadence = StringField(_l("Meeting cadence"), validators=[required(), max_length(operations.CADENCE_MAX_LENGTH)])
    ground_rules = TextAreaField(_l("Ground rules"), validators=[required(), max_length(operations.RULES_MAX_LENGTH)],
                                 render_kw={"rows": 5})
    reporting_duty = TextAreaField(_l("Reporting duty"),
                                   validators=[required(), max_length(operations.RULES_MAX_LENGTH)],
                                   render_kw={"rows": 3})


class SignCharterForm(Form):
    passphrase = PasswordField(_l("Signing passphrase"), validators=[required()])


class MeetingForm(Form):
    held_on = DateField(_l("Date of the meeting"), validators=[required(_l("Give the date of the meeting."))])
    agenda = TextAreaField(_l("Agenda"), validators=[required(), max_length(operations.AGENDA_MAX_LENGTH)],
                           render_kw={"rows": 4})
    minutes = TextAreaField(_l("Minutes (Markdown)"), validators=[max_length(operations.MINUTES_MAX_LENGTH)],
                            render_kw={"rows": 8})
    attendees = MultiCheckboxField(_l("Member organisations present"), coerce=int)


class DecisionForm(Form):
    text = TextAreaField(_l("Decision"), validators=[required(), max_length(operations.DECISION_MAX_LENGTH)],
                         render_kw={"rows": 2})
    organisation_id = IdSelectField(_l("Answerable organisation"),
                                    validators=[required(_l("Choose one of the listed options."))])
    due_on = DateField(_l("Due by"), validators=[required(_l("Give the date by which it is due."))])


FOLLOW_UP_LABELS = {"open": _l("Open"), "done": _l("Done"), "dropped": _l("Dropped")}


class FollowUpStatusForm(Form):
    status = SelectField(_l("Status"), choices=choices((s, FOLLOW_UP_LABELS[s]) for s in FOLLOW_UP_STATUSES))


class PlainForm(Form):
    """A button: only the CSRF token."""


def answer_form_class():
    """One required 1–5 choice per element, and the organisation answering."""
    fields = {element: RadioField(element, choices=choices((s, str(s)) for s in SCORES), coerce=int,
                                  validators=[required(_l("Choose a score from 1 to 5."))]) for element in ELEMENTS}
    fields["organisation_id"] = IdSelectField(_l("Answering for"),
                                              validators=[required(_l("Choose one of the listed options."))])
    return type("AnswerForm", (Form,), fields)


AnswerForm = answer_form_class()


def statements_form_class():
    language_labels = {"id": _l("Indonesian"), "en": _l("English")}
    fields = {f"{element}_{language}": StringField(language_labels[language], validators=[
        required(), max_length(operations.STATEMENT_MAX_LENGTH)]) for element in ELEMENTS for language in LANGUAGES}
    return type("StatementsForm", (Form,), fields)


StatementsForm = statements_form_class()
