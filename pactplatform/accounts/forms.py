from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import EqualTo, ValidationError

from ..web.forms import Form
from ..web.validators import email_address, max_length, required
from . import passwords

MIN_PASSWORD_LENGTH = passwords.MIN_LENGTH


class StrongPassword:
    """The account password policy (accounts/passwords.py), checked with the form's other fields so every
    problem shows at once; the operations check it again. The form names whose email and name to compare."""

    def __call__(self, form, field) -> None:
        email, name = form.password_owner()
        reason = passwords.problem(field.data or "", email or "", name or "")
        if reason is not None:
            raise ValidationError(str(reason))


def _new_password_fields():
    password = PasswordField(
        _l("Password"),
        description=_l("At least %(min)d characters; not a common password, a sequence or your name.",
                       min=MIN_PASSWORD_LENGTH),
        validators=[required(), StrongPassword()],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[required(), EqualTo("password", message=_l("The two passwords differ."))],
    )
    return password, confirm


class LoginForm(Form):
    email = EmailField(_l("Email"), validators=[required(), email_address(), max_length(254)])
    password = PasswordField(_l("Password"), validators=[required()])


class RegisterForm(Form):
    name = StringField(_l("Full name"), validators=[required(), max_length(200)])
    email = EmailField(_l("Email"), validators=[required(), email_address(), max_length(254)])
    password, confirm = _new_password_fields()

    def password_owner(self) -> tuple[str, str]:
        return self.email.data, self.name.data


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("Current password"), validators=[required()])
    password, confirm = _new_password_fields()

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def password_owner(self) -> tuple[str, str]:
        return self.user.email, self.user.name


class ConfirmEmailForm(Form):
    """Only the CSRF token: confirming is a button press, so a mail scanner that opens links confirms nothing."""
