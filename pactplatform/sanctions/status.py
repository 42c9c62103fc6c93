"""A sanction's effective status, computed from its dates at read time.

Expiry happens by date without anyone having to act, and without a cron job: nothing is written
when a window closes, a sanction takes force or ends. Every page, the API and the signing gate ask
`effective_status(sanction, today)` (or filter with the equivalent SQL, `status_clause`), where
`today` is the platform's date (monitoring.clock.today(), Asia/Jakarta):

- proposed, suspended, cancelled: as stored (people decide those, each with a decree and reason);
- decided, objection pending (force_from is None): objection window;
- decided, today < force_from: objection window while today <= objection_deadline, else decided-
  but-not-started (scheduled);
- decided, force_from <= today < force_until (end date, or the conditional release date): in force;
- decided, today >= force_until: expired.

force_from is written when the admin decides (max(start date, the day after the objection window))
and when an objection is filed (cleared: an objection must be answered before the sanction takes
force) or answered (max(start date, the day after the window, the day after the answer)).
"""
from datetime import date

from sqlalchemy import and_, or_

from .models import (
    CANCELLED, DECIDED, EXPIRED, IN_FORCE, OBJECTION_WINDOW, PROPOSED, SCHEDULED, SUSPENDED, Sanction,
)


def effective_status(sanction: Sanction, today: date) -> str:
    if sanction.status != DECIDED:
        return sanction.status
    if sanction.force_from is None:
        return OBJECTION_WINDOW
    if today < sanction.force_from:
        if sanction.objection_deadline is not None and today <= sanction.objection_deadline:
            return OBJECTION_WINDOW
        return SCHEDULED
    until = sanction.force_until
    if until is not None and today >= until:
        return EXPIRED
    return IN_FORCE


def _not_ended(today: date):
    return and_(or_(Sanction.ends_on.is_(None), Sanction.ends_on > today),
                or_(Sanction.released_on.is_(None), Sanction.released_on > today))


def status_clause(status: str, today: date):
    """The SQL WHERE clause selecting the sanctions whose effective status is `status` on `today`."""
    decided = Sanction.status == DECIDED
    if status in (PROPOSED, SUSPENDED, CANCELLED):
        return Sanction.status == status
    if status == OBJECTION_WINDOW:
        return and_(decided, or_(Sanction.force_from.is_(None),
                                 and_(Sanction.force_from > today, Sanction.objection_deadline >= today)))
    if status == SCHEDULED:
        return and_(decided, Sanction.force_from > today,
                    or_(Sanction.objection_deadline.is_(None), Sanction.objection_deadline < today))
    if status == IN_FORCE:
        return and_(decided, Sanction.force_from <= today, _not_ended(today))
    if status == EXPIRED:
        return and_(decided, Sanction.force_from <= today,
                    or_(Sanction.ends_on <= today, Sanction.released_on <= today))
    raise ValueError(status)
