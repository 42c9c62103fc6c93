"""Checks that operations of every domain make on free text, with the same messages everywhere. The form
layer (web/forms.py) makes the same checks on every text field, so the API and the CLI, which call operations
without a form, refuse what a form refuses."""
import re

from flask_babel import lazy_gettext as _l

from .errors import OperationError

# C0 controls, DEL and C1 controls. Tab, line feed and carriage return are text in a multi-line field.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# The longest document text (Markdown) an action's version may have: it is hashed, signed and rendered to PDF.
DOCUMENT_MAX_LENGTH = 100_000


def control_character_message():
    return _l("Remove the control characters (such as NUL) from this text: they cannot be stored.")


def length_message(limit: int):
    return _l("Use at most %(max)d characters.", max=limit)


def has_control_characters(value: str, multiline: bool = True) -> bool:
    return bool((_CONTROL if multiline else _CONTROL_SINGLE_LINE).search(value))


def checked_text(value: str | None, field: str, limit: int, multiline: bool = True) -> str:
    """The stripped text (possibly empty), or a refusal naming the field when it holds control characters or is
    longer than `limit`."""
    value = value or ""
    # Checked before stripping, as the form checks what was typed: str.strip() would quietly drop some of them.
    if has_control_characters(value.strip(" \t\r\n") if not multiline else value, multiline):
        raise OperationError(control_character_message(), field=field)
    value = value.strip()
    if len(value) > limit:
        raise OperationError(length_message(limit), field=field)
    return value


def required_text(value: str | None, field: str, limit: int = 10000, multiline: bool = True) -> str:
    """The stripped text, or a refusal naming the field when it is empty, too long or holds control characters."""
    value = checked_text(value, field, limit, multiline)
    if not value:
        raise OperationError(_l("This field is required."), field=field)
    return value
