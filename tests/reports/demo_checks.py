"""The demo's anonymous reports: every status, one promoted to a case, and the printed receipt that opens one."""
import re

from sqlalchemy import select

from pactplatform.extensions import db
from pactplatform.reports.models import STATUSES, Report


def the_demo_has_reports_in_every_status(app, output):
    reports = db.session.scalars(select(Report).execution_options(all_tenants=True)).all()
    assert {r.status for r in reports} == set(STATUSES)
    assert any(r.case_id for r in reports)
    receipt = re.search(r"\b(\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4})\b", output)
    assert receipt, "the demo prints the receipt of its answered report"
