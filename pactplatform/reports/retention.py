"""Retention: a closed report's content is deleted `retention_days` after it was closed (a tenant setting),
and its recipients are warned `warning_days` before. What remains is the status history and the counts.

`run(now)` is idempotent and does what is due at `now`, so a worker that was down catches up: the
notifications worker calls it; `flask reports purge` runs it by hand or from cron.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from .. import events
from ..extensions import db
from ..monitoring import clock
from . import queries
from .operations import recipients_url
from .models import CLOSED, Report, ReportEvent, ReportFile, ReportMessage


@dataclass
class Outcome:
    warned: int = 0
    purged: int = 0


def purge(report: Report, moment: datetime) -> None:
    """Drop every ciphertext and the wrapped data key: even a copy of the old rows cannot be read any more."""
    report.content = None
    report.wrapped_key = None
    report.purged_at = moment
    for model, columns in ((ReportMessage, {"body": None}), (ReportFile, {"name": None, "content": None}),
                           (ReportEvent, {"reason": None})):
        db.session.execute(update(model).where(model.report_id == report.id).values(**columns)
                           .execution_options(all_tenants=True, synchronize_session=False))
    db.session.flush()


def run(now: datetime | None = None) -> Outcome:
    """Warn and purge what is due at `now` in every tenant. Flushes; the caller commits."""
    moment = clock.moment(now)
    outcome = Outcome()
    closed = db.session.scalars(select(Report).where(Report.status == CLOSED, Report.purged_at.is_(None))
                                .order_by(Report.id).execution_options(all_tenants=True)).all()
    settings: dict[int, queries.Settings] = {}
    for report in closed:
        rules = settings.setdefault(report.tenant_id, queries.settings_of(report.tenant_id))
        purge_on = queries.purge_on(report, rules)
        if moment >= purge_on:
            purge(report, moment)
            outcome.purged += 1
        elif report.retention_warned_at is None and moment >= purge_on - timedelta(days=rules.warning_days):
            report.retention_warned_at = moment
            events.publish("report.retention_warning", report, report.tenant_id,
                           recipients=queries.recipient_ids(report), url=recipients_url(report),
                           purge_on=purge_on.date().isoformat())
            outcome.warned += 1
    db.session.flush()
    return outcome

