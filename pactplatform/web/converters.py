"""The app-wide `int` URL converter: a path number is one a database id column can hold, or the route
does not match (404).

Werkzeug's own converter accepts any number of digits (and any Unicode digit), so an id past the 63-bit
signed range reached the database and SQLite answered with an overflow (HTTP 500). Registered as `int`
before any blueprint, it bounds every `<int:…>` route of the site and of the API alike; the API's
OpenAPI document states the same bounds (web/api.py).
"""
from werkzeug.routing import IntegerConverter, ValidationError

MAX_INT64 = 2**63 - 1
MIN_ID = 1


class BoundedIntConverter(IntegerConverter):
    # ASCII digits only (`\d` would also take other scripts' digits), and never more than fit in 63 bits.
    regex = r"[0-9]{1,19}"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = MIN_ID, max: int | None = MAX_INT64,
                 signed: bool = False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
        if signed:
            self.regex = r"-?[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if not -MAX_INT64 - 1 <= number <= MAX_INT64:
            raise ValidationError()
        return number


def register(app) -> None:
    """Before any route is added: rules look their converter up by name when they are bound."""
    app.url_map.converters["int"] = BoundedIntConverter
