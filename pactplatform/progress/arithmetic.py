"""The numbers of progress, as pure functions on Decimal: reading a typed value for its unit type, the progress
percent, whether a target is met, whether a value moves the wrong way."""
import re
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l

from ..errors import OperationError
from .models import COUNT, DOWN, MONEY, PERCENT, UP

# At most 11 digits before the point and 4 after (models.NUMBER): exact on both databases.
_NUMBER = re.compile(r"-?[0-9]{1,11}([.,][0-9]{1,4})?")
HUNDRED = Decimal(100)
PERCENT_PLACES = Decimal("0.1")


def parse_value(raw, unit_type: str, field: str = "value") -> Decimal:
    """A number typed for an indicator of `unit_type`, or a refusal naming the field and what it must be."""
    text = str(raw if raw is not None else "").strip()
    if not text:
        raise OperationError(_l("This field is required."), field=field)
    if not _NUMBER.fullmatch(text):
        raise OperationError(_l("Give a number in digits, with at most 11 digits before the decimal point and 4 "
                                "after it, and no thousands separators."), field=field)
    value = Decimal(text.replace(",", "."))
    if unit_type in (COUNT, MONEY) and value != value.to_integral_value():
        raise OperationError(_l("This indicator counts whole units: give a whole number, not %(value)s.",
                                value=text), field=field)
    if unit_type in (COUNT, MONEY) and value < 0:
        raise OperationError(_l("A count or an amount cannot be negative."), field=field)
    if unit_type == PERCENT and not Decimal(0) <= value <= HUNDRED:
        raise OperationError(_l("A percentage is between 0 and 100."), field=field)
    return value


def progress_percent(baseline: Decimal, target: Decimal, value: Decimal | None) -> Decimal:
    """(value − baseline) / (target − baseline), in percent, capped to 0–100, to one decimal. A target below
    the baseline (lower is better) works the same way: both differences are negative. No value yet is 0 %."""
    if value is None or target == baseline:
        return Decimal(0).quantize(PERCENT_PLACES)
    share = (Decimal(value) - Decimal(baseline)) / (Decimal(target) - Decimal(baseline)) * HUNDRED
    return min(max(share, Decimal(0)), HUNDRED).quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)


def target_met(direction: str, target: Decimal, value: Decimal | None) -> bool:
    if value is None:
        return False
    return value >= target if direction == UP else value <= target


def is_worse(direction: str, previous: Decimal | None, value: Decimal) -> bool:
    """A value moves the wrong way when it is worse than the previous update in the indicator's direction:
    lower when higher is better, higher when lower is better. Equal is no move at all."""
    if previous is None:
        return False
    return value < previous if direction == UP else value > previous


def direction_fits(direction: str, baseline: Decimal, target: Decimal) -> bool:
    """The target lies on the better side of the baseline."""
    return target > baseline if direction == UP else target < baseline if direction == DOWN else False


def shown(value: Decimal | None) -> str:
    """A stored number as typed: no trailing zeros, no exponent (16377, 2.5)."""
    if value is None:
        return ""
    normal = Decimal(value).normalize()
    return format(normal, "f")
