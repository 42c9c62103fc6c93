from flask_babel import lazy_gettext as _l
from wtforms import DateField, MultipleFileField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from ..web.forms import Form, IdSelectField, choices
from ..web.validators import max_length, required
from .models import DECISIONS, REPORT_KIND_LABELS, REPORT_KINDS, SEVERITIES, SEVERITY_LABELS, STAGE_LABELS, STAGES

EVIDENCE_HELP = _l("PDF, PNG or JPEG files, at most 5 MB each. They are seen only by those who may see the case.")


class CaseForm(Form):
    organisation_id = IdSelectField(_l("Respondent (party of the pact)"))
    stage = SelectField(_l("Stage"), choices=choices((s, STAGE_LABELS[s]) for s in STAGES))
    violation_type = SelectField(_l("Violation type"), validate_choice=False)
    severity = SelectField(_l("Severity"), choices=choices((s, SEVERITY_LABELS[s]) for s in SEVERITIES))
    description = TextAreaField(_l("What happened"), validators=[required(), max_length(10000)])
    evidence = MultipleFileField(_l("Evidence files"), description=EVIDENCE_HELP)


class NotifyForm(Form):
    answer_due_on = DateField(_l("The respondent answers by"), validators=[Optional()],
                              description=_l("Leave empty for 14 days from today."))
    reason = TextAreaField(_l("Note to the respondent"), validators=[max_length(2000)])


class AnswerForm(Form):
    answer = TextAreaField(_l("Your answer"), validators=[required(), max_length(10000)])
    evidence = MultipleFileField(_l("Evidence files"), description=EVIDENCE_HELP)


DECISION_LABELS = {"confirmed": _l("Confirm the violation"), "dismissed": _l("Dismiss the case")}


class DecideForm(Form):
    decision = SelectField(_l("Decision"), choices=choices((d, DECISION_LABELS[d]) for d in DECISIONS))
    reason = TextAreaField(_l("Grounds of the decision"), validators=[required(), max_length(10000)])
    passphrase = PasswordField(_l("Signing passphrase"), validators=[required()])


class RemedyForm(Form):
    reason = TextAreaField(_l("How the violation was remedied"), validators=[required(), max_length(5000)])


class EvidenceForm(Form):
    evidence = MultipleFileField(_l("Evidence files"), description=EVIDENCE_HELP)


class ReportForm(Form):
    kind = SelectField(_l("Kind of report"), choices=choices((k, REPORT_KIND_LABELS[k]) for k in REPORT_KINDS))
    title = StringField(_l("Title"), validators=[required(), max_length(300)])
    period_start = DateField(_l("Period from"), validators=[required()])
    period_end = DateField(_l("Period to"), validators=[required()])
    body = TextAreaField(_l("Findings (Markdown)"), validators=[required(), max_length(50000)])
    passphrase = PasswordField(_l("Signing passphrase"), validators=[required()])


class ViolationTypeForm(Form):
    label = StringField(_l("New violation type"), validators=[required(), max_length(200)])
