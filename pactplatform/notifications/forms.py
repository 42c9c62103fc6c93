from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField

from ..tenancy.forms import MultiCheckboxField
from ..web.forms import Form, choices
from ..web.validators import max_length, required
from . import kinds
from .models import BOTH, CHANNELS, DIGEST, EMAIL, IN_APP
from .webhooks import FAMILIES

CHANNEL_LABELS = {BOTH: _l("In the app and by e-mail"), IN_APP: _l("In the app only"),
                  EMAIL: _l("By e-mail only"), DIGEST: _l("In the app, and a daily e-mail digest")}


def preferences_form(current: dict[str, str], formdata=None):
    """One choice of channel per kind (the kinds are a registry, so the form is built from it)."""

    class PreferencesForm(Form):
        pass

    for kind in kinds.all_kinds():
        setattr(PreferencesForm, kind.name, SelectField(
            kind.label, choices=choices((c, CHANNEL_LABELS[c]) for c in CHANNELS), default=current.get(kind.name, BOTH)))
    return PreferencesForm() if formdata is None else PreferencesForm(formdata=formdata)


class WebhookForm(Form):
    url = StringField(_l("Address (URL) that receives the events"), validators=[required(), max_length(500)],
                      description=_l("An http:// or https:// address on the public internet."))
    kinds = MultiCheckboxField(_l("Events to send"), choices=choices(FAMILIES.items()))


class ButtonForm(Form):
    """A form that is only a button (its CSRF token is checked)."""
