import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, Optional, ValidationError
from wtforms.widgets import HiddenInput

from ..web.converters import MAX_ID, MAX_INT64
from ..web.forms import Form, IdSelectField, WholeNumberField, choices
from ..web.validators import max_length, required
from .policies import SECTION_LABELS
from .models import STATUSES
from ..validation import DOCUMENT_MAX_LENGTH
from .operations import SECTION_MAX_LENGTH, TENDER_STAGES

STAGE_LABELS = {
    "planning": _l("Planning"),
    "selection": _l("Selection"),
    "contracting": _l("Contracting"),
    "performance": _l("Performance"),
}


def rupiah(form, field):
    """Accept 'Rp 1.250.000.000' or '1250000000'; store whole rupiah."""
    if field.data in (None, ""):
        return
    digits = re.sub(r"[^0-9]", "", str(field.data))
    if not digits or re.search(r"[,]\d{1,2}$", str(field.data)):
        raise ValidationError(_l("Enter a whole number of rupiah, e.g. 1.250.000.000."))
    # The column is a BIGINT: more than it holds reached the database as an overflow (HTTP 500).
    if len(digits.lstrip("0")) > 19 or int(digits) > MAX_INT64:
        raise ValidationError(_l("This amount is too large."))
    field.data = int(digits)


class ActionForm(Form):
    title = StringField(_l("Title"), validators=[required(), max_length(300)])
    summary = TextAreaField(_l("Summary"), validators=[max_length(5000)])
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])
    tender_code = StringField(_l("Tender code"), validators=[max_length(64)])
    tender_title = StringField(_l("Tender title"), validators=[max_length(300)])
    tender_procuring_entity_id = IdSelectField(_l("Procuring entity"))
    tender_budget_ceiling = StringField(_l("Budget ceiling (Rp)"), validators=[max_length(40), rupiah])
    tender_owner_estimate = StringField(_l("Owner's estimate (HPS, Rp)"), validators=[max_length(40), rupiah])
    tender_year = WholeNumberField(_l("Year"), validators=[Optional()], minimum=2000, maximum=2100)
    tender_stage = SelectField(_l("Stage"), choices=choices((s, STAGE_LABELS[s]) for s in TENDER_STAGES))

    def __init__(self, *args, has_tender: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_tender = has_tender

    def validate(self, extra_validators=None) -> bool:
        """The field checks, then those that compare fields or depend on the kind, all in one pass: every
        problem is shown after one submit (the operation checks the same again)."""
        valid = super().validate(extra_validators)
        problems = []
        if self.starts_on.data and self.ends_on.data and self.ends_on.data < self.starts_on.data:
            problems.append((self.ends_on, _l("The end date is before the start date.")))
        if self.has_tender:
            for field in (self.tender_code, self.tender_title, self.tender_procuring_entity_id,
                          self.tender_budget_ceiling, self.tender_owner_estimate, self.tender_year):
                if field.data in (None, "") and not field.errors:
                    problems.append((field, _l("This field is required.")))
            ceiling, estimate = self.tender_budget_ceiling.data, self.tender_owner_estimate.data
            if isinstance(ceiling, int) and isinstance(estimate, int) and estimate > ceiling:
                problems.append((self.tender_owner_estimate, _l("The owner's estimate cannot exceed the budget ceiling.")))
        for field, message in problems:
            field.errors = [*field.errors, message]
        return valid and not problems


# One text area per section, a line per entry.
for _section, _label in SECTION_LABELS.items():
    setattr(ActionForm, f"section_{_section}", TextAreaField(_label, description=_l("One entry per line."),
                                                             validators=[max_length(SECTION_MAX_LENGTH)]))


def version_field():
    # The version the user read: an edit or a signature made on an older one is a conflict, not a surprise.
    return WholeNumberField(widget=HiddenInput(), validators=[Optional()], minimum=1, maximum=MAX_ID)


class DocumentForm(Form):
    body = TextAreaField(_l("Text (Markdown)"), validators=[required(), max_length(DOCUMENT_MAX_LENGTH)])
    note = StringField(_l("What changed"), validators=[max_length(500)])
    base_version = version_field()


class PartyForm(Form):
    organisation_id = IdSelectField(_l("Organisation"),
                                  validators=[required(_l("Choose an organisation."))])
    role = SelectField(_l("Role"))


class SubcontractorForm(Form):
    organisation_id = IdSelectField(_l("Subcontractor"),
                                  validators=[required(_l("Choose an organisation."))],
                                  description=_l("Firms that already take part, or that could not sign this pact, "
                                                 "are not listed."))


class RemovePartyForm(Form):
    reason = TextAreaField(_l("Reason for removing the party"), validators=[required(), max_length(2000)])


class JustificationForm(Form):
    organisation_id = IdSelectField(_l("Organisation"),
                                  validators=[required(_l("Choose an organisation."))])
    text = TextAreaField(_l("Justification"), validators=[required(), max_length(2000)],
                         description=_l("Why this organisation may take part despite what is named above. It is "
                                        "signed with your key and kept in the transparency log."))
    passphrase = PasswordField(_l("Signing passphrase"), validators=[required()])


class MonitorForm(Form):
    user_id = IdSelectField(_l("Monitor"), validators=[required(_l("Choose one of the listed options."))])


class StatusForm(Form):
    target = HiddenField(validators=[AnyOf(STATUSES, message=_l("Choose one of the listed options."))])
    reason = TextAreaField(_l("Reason"), validators=[max_length(2000)])


class SignForm(Form):
    passphrase = PasswordField(_l("Signing passphrase"), validators=[required()])
    version = version_field()


class JoinForm(SignForm):
    organisation_id = IdSelectField(_l("On behalf of"))


class WithdrawForm(Form):
    reason = TextAreaField(_l("Reason"), validators=[required(), max_length(2000)])


class UploadForm(Form):
    """A PDF to check; what it must be is checked by signing.pdf_check, and shown next to this field."""

    document = FileField(_l("PDF file"), render_kw={"accept": "application/pdf"})
