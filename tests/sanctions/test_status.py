"""The effective status computed in Python and the SQL filter agree, day by day."""
from datetime import date, timedelta

from sqlalchemy import select

from pactplatform.extensions import db
from pactplatform.sanctions import operations
from pactplatform.sanctions.models import EFFECTIVE_STATUSES, Sanction
from pactplatform.sanctions.status import effective_status, status_clause
from pactplatform.tenancy.scoping import tenant_scope
from tests.monitoring_fixtures import make_case
from tests.sanctions.helpers import DECIDED_ON, decided, proposed


def test_python_and_sql_agree_on_every_day(monitored, bureau):
    case = make_case(bureau, monitored, until="confirmed")
    proposed(bureau, monitored, case, decree_number="SK-P")
    decided(bureau, monitored, case, decree_number="SK-A", kind="debarment", ends_on=date(2027, 1, 1))
    decided(bureau, monitored, case, decree_number="SK-B", starts_on=date(2026, 8, 1))
    objected = decided(bureau, monitored, case, decree_number="SK-C", kind="warning")
    with tenant_scope(bureau["tenant"].id):
        operations.file_objection(objected, bureau["signer_a"], "Keberatan.", today=DECIDED_ON)
    db.session.commit()
    day = DECIDED_ON - timedelta(days=1)
    while day < date(2029, 1, 1):
        for sanction in db.session.scalars(select(Sanction).execution_options(all_tenants=True)):
            expected = effective_status(sanction, day)
            for status in EFFECTIVE_STATUSES:
                matched = db.session.scalar(select(Sanction.id).where(
                    Sanction.id == sanction.id, status_clause(status, day)).execution_options(all_tenants=True))
                assert (matched is not None) == (status == expected), (sanction.decree_number, day, status, expected)
        day += timedelta(days=3 if day < date(2026, 9, 1) else 37)


def test_a_blacklisting_lives_through_its_window_force_and_expiry(monitored, bureau):
    sanction = decided(bureau, monitored)
    assert sanction.ends_on == date(2028, 7, 10)  # 2 years by default
    assert sanction.objection_deadline == DECIDED_ON + timedelta(days=5)
    assert effective_status(sanction, DECIDED_ON) == "objection_window"
    assert effective_status(sanction, DECIDED_ON + timedelta(days=5)) == "objection_window"
    assert effective_status(sanction, DECIDED_ON + timedelta(days=6)) == "in_force"
    assert effective_status(sanction, date(2028, 7, 9)) == "in_force"
    assert effective_status(sanction, date(2028, 7, 10)) == "expired"
