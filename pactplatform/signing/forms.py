from flask_babel import lazy_gettext as _l
from wtforms import PasswordField
from wtforms.validators import EqualTo, Length

from ..web.forms import Form
from ..web.validators import required
from .operations import MIN_PASSPHRASE_LENGTH


class SigningKeyForm(Form):
    passphrase = PasswordField(
        _l("Signing passphrase"),
        description=_l("At least 10 characters. It is asked at every signature and never stored: if you forget it, you need a new key."),
        validators=[required(), Length(min=MIN_PASSPHRASE_LENGTH, message=_l("Use at least %(min)d characters.", min=MIN_PASSPHRASE_LENGTH))],
    )
    confirm = PasswordField(_l("Repeat the passphrase"),
                            validators=[required(), EqualTo("passphrase", message=_l("The two passphrases differ."))])
