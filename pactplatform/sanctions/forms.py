from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from ..tenancy.forms import MultiCheckboxField
from ..web.forms import Form, WholeNumberField, choices
from ..web.validators import max_length, required
from .models import DEFAULT_OBJECTION_DAYS, HONOUR_LABELS, HONOUR_MODES, KIND_LABELS, KINDS, ON_ADDING_LABELS


class ProposeForm(Form):
    kind = SelectField(_l("Kind of sanction"), choices=choices((k, KIND_LABELS[k]) for k in KINDS))
    decree_number = StringField(_l("Decree number (SK)"), validators=[required(), max_length(100)],
                                description=_l("Unique within this tenant."))
    legal_basis = TextAreaField(_l("Legal basis"), validators=[required(), max_length(5000)])
    grounds = TextAreaField(_l("Grounds"), validators=[required(), max_length(10000)])
    issuing_unit = StringField(_l("Issuing unit"), validators=[required(), max_length(300)])
    starts_on = DateField(_l("Starts on"), validators=[required()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()],
                        description=_l("Required for a debarment. The sanction is in force until the day before."))
    years = SelectField(_l("Blacklisting period when no end date is given"), coerce=int,
                        choices=choices([(2, _l("2 years")), (1, _l("1 year"))]))
    objection_days = WholeNumberField(_l("Days to object"), default=DEFAULT_OBJECTION_DAYS, validators=[Optional()],
                                      minimum=1, maximum=60, message=_l("Give between 1 and 60 days."))
    referred_to = StringField(_l("Referred to (for a referral)"), validators=[max_length(300)])
    referral_subject = TextAreaField(_l("What was referred (for a referral)"), validators=[max_length(10000)])
    conditions = TextAreaField(_l("Conditions of release (for a conditional release)"), validators=[max_length(10000)])


class DecideForm(Form):
    reason = TextAreaField(_l("Note on the decision"), validators=[max_length(5000)])


class RejectForm(Form):
    reason = TextAreaField(_l("Why the proposal is turned down"), validators=[required(), max_length(5000)])


class ObjectionForm(Form):
    text = TextAreaField(_l("Your objection"), validators=[required(), max_length(10000)])


OUTCOME_LABELS = {"rejected": _l("Reject the objection: the sanction takes force"),
                  "upheld": _l("Uphold the objection: the sanction is cancelled")}


class AnswerObjectionForm(Form):
    outcome = SelectField(_l("Outcome"), choices=choices(OUTCOME_LABELS.items()))
    answer = TextAreaField(_l("Answer to the objection"), validators=[required(), max_length(10000)])
    decree_number = StringField(_l("Decree number of the cancellation (if upheld)"), validators=[max_length(100)])


CHANGE_LABELS = {"suspend": _l("Suspend"), "reinstate": _l("Reinstate"), "cancel": _l("Cancel")}


class ChangeForm(Form):
    change = HiddenField()
    decree_number = StringField(_l("Decree number of this change"), validators=[required(), max_length(100)])
    reason = TextAreaField(_l("Reason"), validators=[required(), max_length(5000)])


class ReleaseForm(Form):
    reason = TextAreaField(_l("How the conditions were met"), validators=[required(), max_length(5000)])


class HonourForm(Form):
    mode = SelectField(_l("Sanctions that bar signing this tenant's integrity pacts"),
                       choices=choices((m, HONOUR_LABELS[m]) for m in HONOUR_MODES))
    tenant_ids = MultiCheckboxField(_l("Tenants whose sanctions are honoured"), coerce=int, choices=[])
    on_adding = SelectField(_l("When an organisation under such a sanction is added as a party"),
                            choices=choices(ON_ADDING_LABELS.items()), default="warn")
