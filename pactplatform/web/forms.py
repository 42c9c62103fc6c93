"""Helpers views share to show an operation's refusal next to the field it concerns."""
from flask import render_template

from ..errors import OperationError


def attach_error(form, error: OperationError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [str(error.message)]
    else:
        form.form_errors.append(str(error.message))


def rerender(template: str, form, error: OperationError | None = None, **context):
    """Re-render a form that failed: 422 for invalid input, or the operation's own status."""
    if error is not None:
        attach_error(form, error)
    status = error.status if error is not None else 422
    return render_template(template, form=form, **context), status

