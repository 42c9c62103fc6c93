"""Errors that operations raise; views turn them into a form message or an error status."""


class OperationError(Exception):
    """A rule refused the change. `field` names the form field the message belongs to, if any."""

    status = 422

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:  # the message may be a lazy translation, resolved only when shown
        return str(self.message)


class Forbidden(OperationError):
    """The actor may not do this at all (not a matter of the input): 403, on reading the page too."""

    status = 403


class NotFound(OperationError):
    status = 404


class Conflict(OperationError):
    status = 409
