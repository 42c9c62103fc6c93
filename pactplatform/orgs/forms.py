from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from . import identifiers
from .models import FIRM, PUBLIC_BODY


def _validate_nib(form, field):
    if field.data and not identifiers.is_valid_nib(field.data):
        raise ValidationError(_l("An NIB has exactly 13 digits."))


def _validate_npwp(form, field):
    if field.data and not identifiers.is_valid_npwp(field.data):
        raise ValidationError(_l("An NPWP has 15 digits (99.999.999.9-999.999) or 16 digits."))


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=[(FIRM, _l("Firm")), (PUBLIC_BODY, _l("Public body"))])
    nib = StringField(_l("NIB (business identification number)"), validators=[Optional(), _validate_nib])
    npwp = StringField(_l("NPWP (tax number)"), validators=[Optional(), _validate_npwp])
    address = TextAreaField(_l("Address"), validators=[Length(max=500)])
    sector = StringField(_l("Sector"), validators=[Length(max=100)])


class RepresentativeForm(FlaskForm):
    email = EmailField(_l("Email of the person's account"), validators=[DataRequired(), Email()])
    title = StringField(_l("Position"), validators=[Length(max=200)])
