from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from ..web.forms import Form, choices
from ..web.validators import email_address, max_length, required

from . import roles

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$"


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def role_choices():
    return choices((role, roles.LABELS[role]) for role in roles.ROLES)


class TenantForm(Form):
    name = StringField(_l("Name"), validators=[required(), max_length(200)])
    slug = StringField(
        _l("Address (slug)"),
        description=_l("Lower-case letters, digits and hyphens; it becomes /t/<slug>/."),
        validators=[
            required(),
            Regexp(SLUG_PATTERN, message=_l("Use 3 to 63 lower-case letters, digits or hyphens, not at either end.")),
        ],
    )
    description = TextAreaField(_l("Description"), validators=[max_length(2000)])
    default_locale = SelectField(_l("Default language"), choices=choices([("id", "Bahasa Indonesia"), ("en", "English")]))


class InviteForm(Form):
    email = EmailField(
        _l("Email address of the person"),
        description=_l("They become a member when they accept the invitation, after logging in with this address."),
        validators=[required(), email_address(), max_length(254)],
    )
    roles = MultiCheckboxField(_l("Roles"), choices=role_choices(), validators=[required(_l("Choose at least one role."))])


class RolesForm(Form):
    roles = MultiCheckboxField(_l("Roles"), choices=role_choices(), validators=[required(_l("Choose at least one role."))])


class ConfirmForm(Form):
    """A POST with only its CSRF token: removals and other one-click actions."""
