"""The platform's "today" and "now" for monitoring and sanctions: dates decide when an answer is
overdue, when an objection window closes, when a sanction takes force and when it expires.

Operations and queries take an optional `today`/`now`; without one they ask this module. Tests (and
only tests: the override is read only when `app.testing` is true) move time by setting
`app.config["CLOCK_NOW"]` to a naive UTC datetime, so no test sleeps and production cannot be
moved in time by configuration.
"""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

from ..timeutil import utcnow


def now() -> datetime:
    """Naive UTC, like every stored time."""
    if has_app_context() and current_app.testing:
        override = current_app.config.get("CLOCK_NOW")
        if override is not None:
            return override
    return utcnow()


def moment(at: datetime | None = None) -> datetime:
    """A time as the platform records it: `at`, or now, to the second."""
    return (at or now()).replace(microsecond=0)


def today() -> date:
    """The calendar date in the platform's time zone (Asia/Jakarta by default), where decrees are dated."""
    zone = "Asia/Jakarta"
    if has_app_context():
        zone = current_app.config.get("BABEL_DEFAULT_TIMEZONE", zone)
    return now().replace(tzinfo=timezone.utc).astimezone(ZoneInfo(zone)).date()
