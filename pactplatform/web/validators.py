"""Validators every form uses, with our own translated messages (WTForms ships no Indonesian)."""
from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Email, Length


def required(message=None) -> DataRequired:
    return DataRequired(message=message or _l("This field is required."))


def email_address() -> Email:
    return Email(message=_l("Enter a valid email address."))


def max_length(limit: int) -> Length:
    return Length(max=limit, message=_l("Use at most %(max)d characters.", max=limit))
