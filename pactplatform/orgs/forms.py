from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional, ValidationError

from ..web.forms import Form, choices
from ..web.validators import email_address, max_length, required

from . import identifiers
from .models import FIRM, PUBLIC_BODY


def _validate_nib(form, field):
    if field.data and not identifiers.is_valid_nib(field.data):
        raise ValidationError(_l("An NIB has exactly 13 digits."))


def _validate_npwp(form, field):
    if field.data and not identifiers.is_valid_npwp(field.data):
        raise ValidationError(_l("An NPWP has 15 digits (99.999.999.9-999.999) or 16 digits."))


class OrganisationForm(Form):
    name = StringField(_l("Name"), validators=[required(), max_length(200)])
    kind = SelectField(_l("Kind"), choices=choices([(FIRM, _l("Firm")), (PUBLIC_BODY, _l("Public body"))]))
    nib = StringField(_l("NIB (business identification number)"), validators=[Optional(), _validate_nib])
    npwp = StringField(_l("NPWP (tax number)"), validators=[Optional(), _validate_npwp])
    address = TextAreaField(_l("Address"), validators=[max_length(500)])
    sector = StringField(_l("Sector"), validators=[max_length(100)])


class RepresentativeForm(Form):
    email = EmailField(_l("Email of the person's account"), validators=[required(), email_address(), max_length(254)])
    title = StringField(_l("Position"), validators=[max_length(200)])


MAX_IMPORT_BYTES = 5 * 1024 * 1024


class ImportForm(Form):
    file = FileField(_l("CSV file of organisations"), description=_l(
        "UTF-8 CSV with a header row: name, kind (firm or public_body), nib, npwp, sector, address; at most 5 MB. "
        "Larger files: flask orgs import."))
