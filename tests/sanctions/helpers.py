from datetime import date

from pactplatform.extensions import db
from pactplatform.sanctions import operations
from pactplatform.tenancy.scoping import tenant_scope
from tests.monitoring_fixtures import NOW, make_case

DECIDED_ON = date(2026, 7, 10)


def sanction_data(**changes) -> dict:
    return {"kind": "blacklisting", "decree_number": "SK-001/2026", "legal_basis": "Perpres 16/2018 pasal 78",
            "grounds": "Persekongkolan terbukti.", "issuing_unit": "Biro Pengadaan", "starts_on": date(2026, 7, 10),
            "ends_on": None, "years": 2, "objection_days": 5, **changes}


def proposed(bureau, action, case=None, **changes):
    case = case or make_case(bureau, action, until="confirmed")
    with tenant_scope(bureau["tenant"].id):
        sanction = operations.propose(bureau["tenant"], bureau["officer"], case, sanction_data(**changes), now=NOW)
    db.session.commit()
    return sanction


def decided(bureau, action, case=None, today=DECIDED_ON, **changes):
    sanction = proposed(bureau, action, case, **changes)
    with tenant_scope(bureau["tenant"].id):
        operations.decide(bureau["tenant"], bureau["admin"], sanction, "", today=today)
    db.session.commit()
    return sanction
