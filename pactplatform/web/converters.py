"""The app-wide `int` URL converter: a path number is one a database id column can hold, or the route
does not match (404).

Werkzeug's own converter accepts any number of digits (and any Unicode digit), so an id past what the
column holds reached the database: SQLite cannot bind past 63 bits (OverflowError) and PostgreSQL refuses
past its INTEGER (NumericValueOutOfRange), both an HTTP 500. Registered as `int` before any blueprint, it
bounds every `<int:…>` route of the site and of the API alike; the API's OpenAPI document states the
same bounds (web/api.py). A route whose number is a BIGINT says so: `<int(max=MAX_INT64):…>`.
"""
from werkzeug.routing import BaseConverter, IntegerConverter, ValidationError

MAX_INT64 = 2**63 - 1  # BIGINT (the log's indexes and sizes, money)
MAX_ID = 2**31 - 1  # INTEGER: every id column, and the numbers in the site's URLs
MIN_ID = 1
MAX_PAGE = 100_000  # of any paginated list, page or API


def numbers_up_to(bound: int) -> str:
    """A regular expression for the whole numbers 1 … bound in ASCII digits without leading zeros.

    The range has to be in the pattern itself: Werkzeug checks a rule's methods before its converter, so a
    number the converter refused after matching gave 405 on a path whose other rule takes another method
    (e.g. GET and POST …/upgrade), where a number the pattern does not match gives 404."""
    digits = str(bound)
    choices = [f"[1-9][0-9]{{0,{len(digits) - 2}}}"] if len(digits) > 1 else []
    for position, digit in enumerate(digits):
        lowest = 1 if position == 0 else 0
        if int(digit) > lowest:
            rest = len(digits) - position - 1
            choices.append(f"{digits[:position]}[{lowest}-{int(digit) - 1}][0-9]{{{rest}}}")
    choices.append(digits)
    return "(?:" + "|".join(choices) + ")"


class BoundedIntConverter(IntegerConverter):
    regex = numbers_up_to(MAX_ID)

    def __init__(self, map, fixed_digits: int = 0, min: int | None = MIN_ID, max: int | None = MAX_ID,
                 signed: bool = False):
        max = MAX_INT64 if max is None or max > MAX_INT64 else max  # never past what 63 bits hold
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
        if signed or fixed_digits or (min is not None and min < 1):
            # Zero, signs and zero-padding: the plain pattern, still never more digits than 63 bits hold.
            self.regex = r"-?[0-9]{1,19}" if signed else r"[0-9]{1,19}"
        else:
            self.regex = numbers_up_to(max)

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if not -MAX_INT64 - 1 <= number <= MAX_INT64:
            raise ValidationError()
        return number


class PatternConverter(BaseConverter):
    """A path part that is not an id (a certificate number, say): what `regex` matches, at most
    `max_length` characters, or the route does not match (404). The API's OpenAPI document states the
    same pattern and length (web/api.py), so a fuzzer and the server agree on what exists."""

    regex = r"[^/]+"
    max_length = 64
    example: str | None = None
    part_isolating = False  # the pattern may hold slashes

    @classmethod
    def openapi_schema(cls) -> dict:
        schema = {"type": "string", "pattern": f"^{cls.regex}$", "maxLength": cls.max_length}
        if cls.example:
            schema["example"] = cls.example
        return schema

    def to_python(self, value: str) -> str:
        if len(value) > self.max_length:
            raise ValidationError()
        return value


def register(app) -> None:
    """Before any route is added: rules look their converter up by name when they are bound."""
    app.url_map.converters["int"] = BoundedIntConverter
