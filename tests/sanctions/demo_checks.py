"""The demo holds a confirmed violation, a blacklisting in force, a sanction in its objection window, an
expired debarment, and a tenant honouring another's sanctions where a demo firm is refused."""
from sqlalchemy import select

from pactplatform.accounts.models import User
from pactplatform.actions import operations
from pactplatform.actions.models import CollectiveAction
from pactplatform.errors import OperationError
from pactplatform.extensions import db
from pactplatform.ledger import audit
from pactplatform.monitoring import clock
from pactplatform.monitoring.models import ViolationCase
from pactplatform.sanctions.models import Sanction
from pactplatform.sanctions.status import effective_status
from pactplatform.tenancy.scoping import tenant_scope


def the_demo_shows_sanctions_in_every_state_and_a_refusal(app, output):
    today = clock.today()
    states = {(s.kind, effective_status(s, today))
              for s in db.session.scalars(select(Sanction).execution_options(all_tenants=True))}
    assert {("blacklisting", "in_force"), ("debarment", "objection_window"), ("debarment", "expired")} <= states
    assert db.session.scalar(select(ViolationCase.id).where(ViolationCase.status.in_(["confirmed", "sanctioned"]))
                             .execution_options(all_tenants=True).limit(1)) is not None
    school = db.session.scalar(select(CollectiveAction).where(CollectiveAction.title.like("%SMP Negeri 45%"))
                               .execution_options(all_tenants=True))
    director = db.session.scalar(select(User).where(User.email == "direktur@mitrakarya.pactdemo.id"))
    with tenant_scope(school.tenant_id):
        party = next(p for p in school.parties if p.organisation.name == "CV Mitra Karya Mandiri")
        try:
            operations.check_can_sign(school, director, party)
        except OperationError as error:
            assert "027/SK-DH/UKPBJ-JTG/IX/2026" in str(error)
        else:
            raise AssertionError("the blacklisted firm was allowed to sign")
    assert audit.verify().ok
