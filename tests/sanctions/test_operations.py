from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from pactplatform.actions import operations as actions
from pactplatform.actions import policies
from pactplatform.errors import Conflict, OperationError
from pactplatform.extensions import db
from pactplatform.ledger.models import LedgerEntry
from pactplatform.sanctions import operations
from pactplatform.sanctions.models import Sanction, SanctionChange
from pactplatform.sanctions.status import effective_status
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.action_fixtures import party_of
from tests.monitoring_fixtures import make_case
from tests.sanctions.helpers import DECIDED_ON, decided, sanction_data

pytestmark = pytest.mark.usefixtures("english_messages")


def sanctions_count() -> int:
    return db.session.scalar(select(func.count(Sanction.id)).execution_options(all_tenants=True))


def test_only_a_confirmed_case_leads_to_a_sanction(monitored, bureau):
    case = make_case(bureau, monitored, until="answered")
    with tenant_scope(bureau["tenant"].id), pytest.raises(Conflict):
        operations.propose(bureau["tenant"], bureau["officer"], case, sanction_data())
    db.session.rollback()
    assert sanctions_count() == 0


def test_only_an_officer_proposes_and_another_admin_decides(monitored, bureau):
    case = make_case(bureau, monitored, until="confirmed")
    with tenant_scope(bureau["tenant"].id), pytest.raises(OperationError):
        operations.propose(bureau["tenant"], bureau["monitor"], case, sanction_data())
    db.session.rollback()
    from pactplatform.tenancy import operations as tenancy

    with tenant_scope(bureau["tenant"].id):
        tenancy.set_roles(bureau["tenant"], bureau["admin"], bureau["admin"].id, ["admin", "officer"])
        sanction = operations.propose(bureau["tenant"], bureau["admin"], case, sanction_data())
        with pytest.raises(OperationError, match="cannot also decide"):
            operations.decide(bureau["tenant"], bureau["admin"], sanction)
        with pytest.raises(OperationError):
            operations.decide(bureau["tenant"], bureau["officer"], sanction)
    db.session.rollback()


@pytest.mark.parametrize("changes, field", [
    ({"ends_on": date(2026, 7, 1)}, "ends_on"),
    ({"ends_on": date(2026, 7, 10)}, "ends_on"),
    ({"kind": "debarment", "ends_on": None}, "ends_on"),
    ({"kind": "referral"}, "referred_to"),
    ({"kind": "conditional_release", "ends_on": date(2027, 7, 10)}, "conditions"),
    ({"decree_number": "  "}, "decree_number"),
    ({"legal_basis": ""}, "legal_basis"),
    ({"objection_days": 0}, "objection_days"),
    ({"kind": "knighthood"}, "kind"),
])
def test_bad_input_names_its_field_and_writes_nothing(monitored, bureau, changes, field):
    case = make_case(bureau, monitored, until="confirmed")
    with tenant_scope(bureau["tenant"].id), pytest.raises(OperationError) as error:
        operations.propose(bureau["tenant"], bureau["officer"], case, sanction_data(**changes))
    assert error.value.field == field
    db.session.rollback()
    assert sanctions_count() == 0


def test_a_decree_number_is_unique_within_the_tenant_across_sanctions_and_their_changes(monitored, bureau):
    first = decided(bureau, monitored)
    with tenant_scope(bureau["tenant"].id):
        operations.change_state(bureau["tenant"], bureau["admin"], first, "suspend", "SK-002/2026", "Gugatan PTUN.",
                                today=DECIDED_ON + timedelta(days=10))
    db.session.commit()
    case = make_case(bureau, monitored, organisation=bureau["firm_b"], until="confirmed")
    for reused in ("SK-001/2026", "SK-002/2026"):
        with tenant_scope(bureau["tenant"].id), pytest.raises(Conflict, match=reused) as error:
            operations.propose(bureau["tenant"], bureau["officer"], case, sanction_data(decree_number=reused))
        assert error.value.field == "decree_number"
        db.session.rollback()
    assert sanctions_count() == 1
    # Another tenant may use the same number.
    other = factories.tenant(bureau["admin"], slug="lain")
    assert other.id != bureau["tenant"].id


def test_decision_opens_the_window_and_marks_the_case_sanctioned(monitored, bureau):
    sanction = decided(bureau, monitored)
    assert sanction.case.status == "sanctioned"
    assert [c.event for c in sanction.changes] == ["proposed", "decided"]
    logged = db.session.scalars(select(LedgerEntry.event).where(
        LedgerEntry.subject_type == "sanction", LedgerEntry.subject_id == sanction.id).order_by(LedgerEntry.index)).all()
    assert logged == ["sanction.proposed", "sanction.decided"]


def test_an_objection_holds_the_sanction_until_it_is_answered(monitored, bureau):
    sanction = decided(bureau, monitored)
    with tenant_scope(bureau["tenant"].id):
        with pytest.raises(OperationError):
            operations.file_objection(sanction, bureau["signer_b"], "Bukan urusan kami.", today=DECIDED_ON)
        operations.file_objection(sanction, bureau["signer_a"], "Kami keberatan.", today=DECIDED_ON + timedelta(days=2))
        with pytest.raises(Conflict):
            operations.file_objection(sanction, bureau["signer_a"], "Lagi.", today=DECIDED_ON + timedelta(days=3))
    db.session.commit()
    later = DECIDED_ON + timedelta(days=30)
    assert effective_status(sanction, later) == "objection_window"
    with tenant_scope(bureau["tenant"].id):
        operations.answer_objection(bureau["tenant"], bureau["admin"], sanction, "Keberatan ditolak.", upheld=False,
                                    today=later)
    db.session.commit()
    assert sanction.force_from == later and effective_status(sanction, later) == "in_force"


def test_an_objection_after_the_window_is_refused(monitored, bureau):
    sanction = decided(bureau, monitored)
    with tenant_scope(bureau["tenant"].id), pytest.raises(Conflict, match="closed"):
        operations.file_objection(sanction, bureau["signer_a"], "Terlambat.", today=DECIDED_ON + timedelta(days=6))


def test_an_upheld_objection_cancels_under_its_own_decree(monitored, bureau):
    sanction = decided(bureau, monitored)
    with tenant_scope(bureau["tenant"].id):
        operations.file_objection(sanction, bureau["signer_a"], "Bukti palsu.", today=DECIDED_ON)
        with pytest.raises(OperationError) as error:
            operations.answer_objection(bureau["tenant"], bureau["admin"], sanction, "Diterima.", upheld=True)
        assert error.value.field == "decree_number"
        operations.answer_objection(bureau["tenant"], bureau["admin"], sanction, "Diterima.", upheld=True,
                                    decree_number="SK-009/2026")
    db.session.commit()
    assert sanction.status == "cancelled" and sanction.changes[-1].decree_number == "SK-009/2026"


def test_suspend_reinstate_and_cancel_each_need_a_decree_and_a_reason(monitored, bureau):
    sanction = decided(bureau, monitored)
    day = DECIDED_ON + timedelta(days=20)
    with tenant_scope(bureau["tenant"].id):
        with pytest.raises(OperationError) as error:
            operations.change_state(bureau["tenant"], bureau["admin"], sanction, "suspend", "SK-010", " ", today=day)
        assert error.value.field == "reason"
        operations.change_state(bureau["tenant"], bureau["admin"], sanction, "suspend", "SK-010", "Putusan sela PTUN.", today=day)
        assert effective_status(sanction, day) == "suspended"
        with pytest.raises(Conflict):
            operations.change_state(bureau["tenant"], bureau["admin"], sanction, "suspend", "SK-011", "x", today=day)
        operations.change_state(bureau["tenant"], bureau["admin"], sanction, "reinstate", "SK-011", "Gugatan ditolak.", today=day)
        assert effective_status(sanction, day) == "in_force"
        operations.change_state(bureau["tenant"], bureau["admin"], sanction, "cancel", "SK-012", "Dibatalkan MA.", today=day)
    db.session.commit()
    assert effective_status(sanction, day) == "cancelled"
    assert [c.decree_number for c in sanction.changes][-3:] == ["SK-010", "SK-011", "SK-012"]
    assert db.session.scalar(select(func.count(SanctionChange.id)).execution_options(all_tenants=True)) == 5


def test_a_conditional_release_ends_when_a_monitor_confirms_the_conditions(monitored, bureau):
    sanction = decided(bureau, monitored, kind="conditional_release", ends_on=date(2028, 1, 1),
                       conditions="Program kepatuhan diaudit.")
    day = DECIDED_ON + timedelta(days=60)
    with tenant_scope(bureau["tenant"].id):
        with pytest.raises(OperationError):
            operations.confirm_release(sanction, bureau["admin"], "Saya admin.", today=day)
        operations.confirm_release(sanction, bureau["monitor"], "Audit kepatuhan selesai.", today=day)
    db.session.commit()
    assert effective_status(sanction, day - timedelta(days=1)) == "in_force"
    assert effective_status(sanction, day) == "expired"


def _second_tenant_pact(bureau, honour=None):
    """Another tenant with an open pact where PT Alpha bids; optionally set its honour setting."""
    admin = factories.user(name="Admin Kota")
    tenant = factories.tenant(admin, slug="kota")
    officer = factories.user(name="Officer Kota")
    factories.member(tenant, officer, "officer")
    monitor = factories.user(name="Pemantau Kota")
    factories.member(tenant, monitor, "monitor")
    factories.member(tenant, bureau["signer_a"], "representative")
    pact = factories.action(tenant, officer, policies.INTEGRITY_PACT, title="Pakta Kota",
                            tender={"code": "K-1", "title": "Gedung", "budget_ceiling": 10, "owner_estimate": 9,
                                    "year": 2026, "procuring_entity_id": bureau["public_body"].id})
    declaration = factories.action(tenant, officer, policies.DECLARATION, title="Deklarasi Kota")
    with tenant_scope(tenant.id):
        actions.add_party(pact, officer, bureau["firm_a"].id, policies.BIDDER)
        actions.assign_monitor(pact, admin, monitor.id)
        actions.change_status(pact, officer, "open")
        actions.add_party(declaration, officer, bureau["firm_a"].id, policies.PARTICIPANT)
        actions.change_status(declaration, officer, "open")
        if honour:
            operations.set_honour(tenant, admin, honour, [bureau["tenant"].id])
    db.session.commit()
    return tenant, pact, declaration


def _refusal(tenant, action, bureau):
    with tenant_scope(tenant.id):
        try:
            actions.check_can_sign(action, bureau["signer_a"], party_of(action, bureau["firm_a"]))
        except OperationError as error:
            return str(error)
    return None


@pytest.fixture
def in_force(app, monitored, bureau):
    sanction = decided(bureau, monitored)
    app.config["CLOCK_NOW"] = __import__("datetime").datetime(2026, 8, 1, 3, 0)
    yield sanction
    app.config.pop("CLOCK_NOW")


def test_a_barred_firm_cannot_sign_the_issuing_tenants_pacts_and_the_refusal_names_the_sanction(in_force, monitored, bureau):
    other = make_case(bureau, monitored, organisation=bureau["firm_b"])  # noqa: F841  (another party is unaffected)
    reason = _refusal(bureau["tenant"], monitored, bureau)
    assert "SK-001/2026" in reason and "PT Alpha" in reason and bureau["tenant"].name in reason
    with tenant_scope(bureau["tenant"].id):
        actions.check_can_sign(monitored, bureau["signer_b"], party_of(monitored, bureau["firm_b"]))


@pytest.mark.parametrize("honour, barred", [(None, False), ("none", False), ("list", True), ("all", True)])
def test_cross_debarment_follows_the_other_tenants_setting(in_force, bureau, honour, barred):
    tenant, pact, declaration = _second_tenant_pact(bureau, honour)
    reason = _refusal(tenant, pact, bureau)
    assert (reason is not None and "SK-001/2026" in reason) == barred
    assert _refusal(tenant, declaration, bureau) is None  # only integrity pacts are barred


def test_nothing_bars_signing_during_the_window_or_after_expiry(app, monitored, bureau):
    from datetime import datetime

    decided(bureau, monitored)
    for moment in (datetime(2026, 7, 12), datetime(2028, 7, 10, 3)):
        app.config["CLOCK_NOW"] = moment
        try:
            assert _refusal(bureau["tenant"], monitored, bureau) is None, moment
        finally:
            app.config.pop("CLOCK_NOW")


def test_honour_settings_are_validated_and_logged(bureau):
    with tenant_scope(bureau["tenant"].id):
        with pytest.raises(OperationError) as error:
            operations.set_honour(bureau["tenant"], bureau["admin"], "list", [])
        assert error.value.field == "tenant_ids"
        with pytest.raises(OperationError):
            operations.set_honour(bureau["tenant"], bureau["admin"], "list", [bureau["tenant"].id])
        with pytest.raises(OperationError):
            operations.set_honour(bureau["tenant"], bureau["officer"], "all")
        operations.set_honour(bureau["tenant"], bureau["admin"], "all")
        operations.set_honour(bureau["tenant"], bureau["admin"], "none")
    db.session.commit()
    assert db.session.scalars(select(LedgerEntry.event).where(
        LedgerEntry.subject_type == "sanction_honour_setting")).all() == ["sanction_honour_setting.changed"] * 2
