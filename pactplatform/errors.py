"""Errors that operations raise; views turn them into a form message or an error status."""


class OperationError(Exception):
    """A rule refused the change. `field` names the form field the message belongs to, if any. An operation
    that checks several independent things raises one error carrying all of them (`field_errors`, a list of
    (field, message)), so a form shows every problem at once rather than one per submit."""

    status = 422

    def __init__(self, message, field: str | None = None, field_errors: list[tuple[str | None, object]] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.field_errors = list(field_errors) if field_errors else [(field, message)]

    def __str__(self) -> str:  # the message may be a lazy translation, resolved only when shown
        return "; ".join(str(message) for _field, message in self.field_errors)


class Forbidden(OperationError):
    """The actor may not do this at all (not a matter of the input): 403, on reading the page too."""

    status = 403


class NotFound(OperationError):
    status = 404


class Conflict(OperationError):
    status = 409


class Problems:
    """Collects the refusals of independent checks; `raise_any()` raises them together (the first one's field
    and message stay `field`/`message` for callers that show only one, such as the API)."""

    def __init__(self):
        self.items: list[tuple[str | None, object]] = []

    def add(self, message, field: str | None = None) -> None:
        self.items.append((field, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_any(self) -> None:
        if self.items:
            field, message = self.items[0]
            raise OperationError(message, field=field, field_errors=self.items)
