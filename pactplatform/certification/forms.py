"""Forms of the certification pages. The self-assessment and audit answers are one field per criterion
of the scheme version, so those pages read them from the request by criterion code (views.py); these
forms carry the CSRF token and every fixed field."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from ..web.forms import Form, IdSelectField, choices
from ..web.validators import max_length, required
from .models import DECREE_KINDS, DECREE_LABELS
from .schemes import KIND_LABELS, TEMPLATES


def _passphrase():
    return PasswordField(_l("Signing passphrase"), validators=[required()])


class NewSchemeForm(Form):
    template = SelectField(_l("Template"), choices=choices((t, KIND_LABELS[t]) for t in TEMPLATES))
    name = StringField(_l("Name"), validators=[max_length(300)],
                       description=_l("Leave empty to use the template's name."))
    action_id = IdSelectField(_l("Certified coalition (joining it is the declaration)"), validators=[Optional()])


class DraftForm(Form):
    definition = TextAreaField(_l("Definition (JSON)"), validators=[required(), max_length(200000)],
                               render_kw={"rows": 24, "spellcheck": "false"})
    note = StringField(_l("What changed"), validators=[max_length(5000)])


class PlainForm(Form):
    """A button: only the CSRF token."""


class DeclareForm(Form):
    organisation_id = IdSelectField(_l("Organisation"), validators=[required(_l("Choose one of the listed options."))])
    small_firm = BooleanField(_l("Small firm (answers only the mandatory criteria and A2, E1, F2)"))
    scope = TextAreaField(_l("Scope of the certification"), validators=[max_length(5000)])
    region = StringField(_l("Region (province or city)"), validators=[max_length(100)])
    renews_certificate_id = IdSelectField(_l("Renews certificate"), validators=[Optional()])
    passphrase = _passphrase()


class AnswersForm(Form):
    """CSRF only: answers are `answer_<code>`, notes `note_<code>`, files `evidence_<code>`."""


class AssignForm(Form):
    user_id = IdSelectField(_l("Auditor"), validators=[required(_l("Choose one of the listed options."))])


class SignOnlyForm(Form):
    passphrase = _passphrase()


class ChangesForm(Form):
    reason = TextAreaField(_l("What must change"), validators=[required(), max_length(5000)])
    due_on = DateField(_l("Deadline"), validators=[required()])


class RecommendForm(Form):
    recommendation = TextAreaField(_l("Recommendation"), validators=[required(), max_length(5000)])
    passphrase = _passphrase()


class DecideForm(Form):
    outcome = SelectField(_l("Decision"), choices=choices([("grant", _l("Grant")), ("refuse", _l("Refuse"))]))
    level = SelectField(_l("Level"), choices=[], validate_choice=False)
    reasons = TextAreaField(_l("Reasons"), validators=[max_length(5000)],
                            description=_l("Required for a refusal."))
    passphrase = _passphrase()


class DecreeForm(Form):
    kind = SelectField(_l("Decree"), choices=choices((k, DECREE_LABELS[k]) for k in DECREE_KINDS))
    reason = TextAreaField(_l("Reason"), validators=[required(), max_length(5000)])
    until = DateField(_l("Suspended until (empty: until lifted)"), validators=[Optional()])
    passphrase = _passphrase()


class BenefitsForm(Form):
    scheme_id = IdSelectField(_l("Scheme"), validators=[Optional()])
    min_level = SelectField(_l("At least the level"), choices=[], validate_choice=False)
    waive_justification = BooleanField(_l("The signing gate waives an officer's justification"))
    badge = BooleanField(_l("The party list shows the certificate badge"))
