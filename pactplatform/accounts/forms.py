from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import EqualTo, Length

from ..web.validators import email_address, max_length, required

MIN_PASSWORD_LENGTH = 10


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[required(), email_address()])
    password = PasswordField(_l("Password"), validators=[required()])


class RegisterForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[required(), max_length(200)])
    email = EmailField(_l("Email"), validators=[required(), email_address(), max_length(254)])
    password = PasswordField(
        _l("Password"),
        validators=[
            required(),
            Length(min=MIN_PASSWORD_LENGTH, max=256, message=_l("Use at least %(min)d characters.", min=MIN_PASSWORD_LENGTH)),
        ],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[required(), EqualTo("password", message=_l("The two passwords differ."))],
    )
