"""Checks that operations of every domain make on free text, with the same messages everywhere."""
from flask_babel import lazy_gettext as _l

from .errors import OperationError


def required_text(value: str | None, field: str, limit: int = 10000) -> str:
    """The stripped text, or a refusal naming the field when it is empty or too long."""
    value = (value or "").strip()
    if not value:
        raise OperationError(_l("This field is required."), field=field)
    if len(value) > limit:
        raise OperationError(_l("Use at most %(max)d characters.", max=limit), field=field)
    return value
