from flask_babel import lazy_gettext as _l
from wtforms import MultipleFileField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from ..monitoring.models import SEVERITIES, SEVERITY_LABELS, STAGE_LABELS, STAGES
from ..tenancy.forms import MultiCheckboxField
from ..web.forms import Form, IdSelectField, WholeNumberField, choices
from ..web.validators import max_length, required
from .anonymity import SignedTokenCSRF

REPORT_EVIDENCE_HELP = _l("PDF, PNG or JPEG files, at most 5 MB each. Remove your name and other details about "
                          "you from them (including what a file keeps about its author) before you send.")


class AnonymousForm(Form):
    """A form of the reporter's pages: its CSRF token is signed and time-limited, not kept in a session."""

    class Meta(Form.Meta):
        csrf_class = SignedTokenCSRF


class ReportForm(AnonymousForm):
    what = TextAreaField(_l("What happened"), validators=[required(), max_length(10000)],
                         description=_l("Describe what you saw or know: facts, places, amounts, documents."))
    when = StringField(_l("When did it happen"), validators=[required(), max_length(200)],
                       description=_l("A date or a period, e.g. March 2026."))
    organisation_id = IdSelectField(_l("Organisation involved"), validators=[Optional()])
    involved = StringField(_l("Who is involved (if not listed, or besides)"), validators=[max_length(500)])
    stage = SelectField(_l("Stage"), validators=[Optional()],
                        choices=choices([("", _l("I do not know")), *((s, STAGE_LABELS[s]) for s in STAGES)]))
    evidence = MultipleFileField(_l("Evidence files (optional)"), description=REPORT_EVIDENCE_HELP)


class ReceiptForm(AnonymousForm):
    receipt = StringField(_l("Your 16-digit receipt"), validators=[required(), max_length(40)])


class ReplyForm(AnonymousForm):
    receipt = StringField(_l("Your 16-digit receipt"), validators=[required(), max_length(40)])
    message = TextAreaField(_l("Your message"), validators=[max_length(10000)])
    evidence = MultipleFileField(_l("Add evidence files"), description=REPORT_EVIDENCE_HELP)


# Recipients' forms (logged-in members: the usual session CSRF) ------------------------------------------------------

class MessageForm(Form):
    message = TextAreaField(_l("Message to the reporter"), validators=[required(), max_length(10000)],
                            description=_l("The reporter reads it with their receipt; your name is not shown."))


class CloseForm(Form):
    reason = TextAreaField(_l("Reason for closing (the reporter reads it)"), validators=[required(), max_length(5000)])


class PromoteForm(Form):
    organisation_id = IdSelectField(_l("Respondent (party of the pact)"))
    stage = SelectField(_l("Stage"), choices=choices((s, STAGE_LABELS[s]) for s in STAGES))
    violation_type = SelectField(_l("Violation type"), validate_choice=False)
    severity = SelectField(_l("Severity"), choices=choices((s, SEVERITY_LABELS[s]) for s in SEVERITIES))
    description = TextAreaField(_l("Description of the case"), validators=[required(), max_length(10000)],
                                description=_l("Write it so that it does not point to the reporter."))


class SettingsForm(Form):
    acknowledge_days = WholeNumberField(_l("Acknowledge a report within (days)"), minimum=1, maximum=30)
    feedback_days = WholeNumberField(_l("Give feedback within (days after the acknowledgement)"), minimum=7, maximum=180)
    retention_days = WholeNumberField(_l("Delete a closed report's content after (days)"), minimum=1, maximum=3650)
    warning_days = WholeNumberField(_l("Warn the recipients before the deletion (days)"), minimum=1, maximum=60)
    recipients = MultiCheckboxField(_l("Designated recipients"), coerce=int, validate_choice=False,
                                    description=_l("They receive every report of the tenant, besides the monitors "
                                                   "of the action a report concerns."))

