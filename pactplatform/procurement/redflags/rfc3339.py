"""RFC 3339 as chrono's `parse_from_rfc3339` accepts it, and whole days between two instants
(RED_FLAGS.md §5.1), computed exactly in nanoseconds rather than through datetime (which has only
microseconds and no leap second)."""
import re
from datetime import date

_PATTERN = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+\-\u2212])(\d{2}):(\d{2}))"
)
NS = 1_000_000_000
DAY_NS = 86_400 * NS


class Instant(tuple):
    """(UTC seconds since 0001-01-01 not counting a leap second, nanoseconds 0…1_999_999_999)."""


def parse(text: str) -> Instant | None:
    match = _PATTERN.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    fraction, zulu, sign, offset_hours, offset_minutes = match.group(7, 8, 9, 10, 11)
    # \d also matches other scripts' digits; RFC 3339 wants ASCII only.
    if not text.isascii() and not (sign == "\u2212" and text.replace("\u2212", "-").isascii()):
        return None
    try:
        day_number = date(year, month, day).toordinal()
    except ValueError:
        return None
    if hour > 23 or minute > 59 or second > 60:
        return None
    nanos = int((fraction or "0")[:9].ljust(9, "0"))
    if second == 60:  # a leap second, as chrono keeps it: 59 s and a fraction past one second
        second, nanos = 59, nanos + NS
    offset = 0
    if not zulu:
        hours, minutes = int(offset_hours), int(offset_minutes)
        if minutes > 59 or hours > 23:
            return None
        offset = (hours * 3600 + minutes * 60) * (-1 if sign in "-\u2212" else 1)
    seconds = day_number * 86_400 + hour * 3600 + minute * 60 + second - offset
    return Instant((seconds, nanos))


def whole_days(start: Instant, end: Instant) -> int:
    """chrono's `(end - start).num_days()`: a leap second counts once, the result truncates toward zero."""
    (end_s, end_ns), (start_s, start_ns) = end, start
    # chrono subtracts the dates, then the times of day, and counts a leap second only when the
    # times of day differ.
    end_time, start_time = end_s % 86_400, start_s % 86_400
    adjust = 0
    if end_time > start_time:
        adjust = 1 if start_ns >= NS else 0
    elif end_time < start_time:
        adjust = -1 if end_ns >= NS else 0
    total = (end_s - start_s + adjust) * NS + (end_ns - start_ns)
    days = abs(total) // DAY_NS
    return days if total >= 0 else -days
