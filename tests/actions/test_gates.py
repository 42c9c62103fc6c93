"""The eligibility gates (actions/gates.py): how outcomes combine, the officer's recorded justification,
and what the pages draw. Gates are registered in the test and removed after it."""
import json

import pytest
from sqlalchemy import func, select

from pactplatform.actions import gates, operations
from pactplatform.actions.models import GateJustification, Signature
from pactplatform.errors import Conflict, OperationError
from pactplatform.extensions import db
from pactplatform.ledger import audit
from pactplatform.ledger.models import LedgerEntry
from pactplatform.signing.operations import WrongPassphrase
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.action_fixtures import party_of
from tests.conftest import login, post


def risk(level, record_id=7, label="IRK 2026-11"):
    return gates.Outcome(level, f"risk band {label}", basis=gates.Basis("risk_score", record_id, label))


def test_a_refusal_wins_over_everything(pact, bureau, gate):
    firm = bureau["firm_a"].id
    gate("risk", {firm: [risk(gates.NEEDS_JUSTIFICATION)]})
    gate("certification", {firm: [gates.Outcome(gates.WAIVE, "certified CAC/2026/000123")]})
    gate("watch", {firm: [gates.Outcome(gates.WARN, "watch list")]})
    with tenant_scope(bureau["tenant"].id):
        assert gates.evaluate(pact, firm, gates.SIGN).level == gates.WARN  # the waiver lifted the requirement
        gate("register", {firm: [gates.Outcome(gates.REFUSE, "struck off the register")]})
        decision = gates.evaluate(pact, firm, gates.SIGN)
    assert decision.level == gates.REFUSE and not decision.allowed
    assert decision.message == "struck off the register"
    assert [o.gate for o in decision.outcomes] == ["risk", "certification", "watch", "register"]


def test_a_waiver_lifts_only_the_gates_it_names(pact, bureau, gate):
    firm = bureau["firm_a"].id
    gate("risk", {firm: [risk(gates.NEEDS_JUSTIFICATION)]})
    gate("certification", {firm: [gates.Outcome(gates.WAIVE, "certified", waives=frozenset({"other"}))]})
    with tenant_scope(bureau["tenant"].id):
        decision = gates.evaluate(pact, firm, gates.SIGN)
    assert decision.level == gates.NEEDS_JUSTIFICATION and [o.key for o in decision.pending] == ["risk:risk_score:7"]


def test_gates_answer_only_for_their_purposes(pact, bureau, gate):
    firm = bureau["firm_a"].id
    gate("signing-only", {firm: [gates.Outcome(gates.REFUSE, "no")]}, purposes=(gates.SIGN,))
    with tenant_scope(bureau["tenant"].id):
        assert gates.evaluate(pact, firm, gates.ADD_PARTY).allowed
        assert not gates.evaluate(pact, firm, gates.SIGN).allowed


def test_a_signature_needing_a_justification_waits_for_the_officer_and_then_goes_through(pact, bureau, gate,
                                                                                       english_messages):
    firm, party = bureau["firm_a"], party_of(pact, bureau["firm_a"])
    gate("risk", {firm.id: [risk(gates.NEEDS_JUSTIFICATION)]})
    with tenant_scope(bureau["tenant"].id):
        with pytest.raises(operations.Ineligible) as refused:
            operations.sign(pact, bureau["signer_a"], party, factories.SIGNING_PASSPHRASE)
        assert refused.value.decision.level == gates.NEEDS_JUSTIFICATION
        assert str(refused.value) == "risk band IRK 2026-11 An officer's recorded justification is needed first."
        with pytest.raises(OperationError):  # a representative is no officer
            operations.record_justification(pact, bureau["signer_a"], firm.id, "Saya yakin.",
                                            factories.SIGNING_PASSPHRASE)
        with pytest.raises(WrongPassphrase):
            operations.record_justification(pact, bureau["signer_pb"], firm.id, "Risiko dimitigasi.", "salah")
    db.session.rollback()
    assert db.session.scalar(select(func.count(GateJustification.id))) == 0
    with tenant_scope(bureau["tenant"].id):
        record = operations.record_justification(
            pact, bureau["signer_pb"], firm.id, "Risiko dimitigasi: jaminan pelaksanaan 10%.",
            factories.SIGNING_PASSPHRASE)
        db.session.commit()
        assert json.loads(record.covers)[0]["key"] == "risk:risk_score:7"
        assert operations.check_justification(record)["ok"]
        decision = gates.evaluate(pact, firm.id, gates.SIGN)
        assert decision.allowed and decision.justified == {"risk:risk_score:7"}
        operations.sign(pact, bureau["signer_a"], party, factories.SIGNING_PASSPHRASE)
    db.session.commit()
    events = db.session.scalars(select(LedgerEntry.event).where(LedgerEntry.subject_type == "gate_justification")).all()
    assert events == ["gate_justification.recorded"]
    assert audit.verify().ok


def test_a_new_record_needs_a_new_justification(pact, bureau, gate):
    firm = bureau["firm_a"].id
    answers = {firm: [risk(gates.NEEDS_JUSTIFICATION, record_id=7)]}
    gate("risk", answers)
    with tenant_scope(bureau["tenant"].id):
        operations.record_justification(pact, bureau["signer_pb"], firm, "Sudah diperiksa.",
                                        factories.SIGNING_PASSPHRASE)
        assert gates.evaluate(pact, firm, gates.SIGN).allowed
        answers[firm] = [risk(gates.NEEDS_JUSTIFICATION, record_id=8, label="IRK 2026-12")]
        assert gates.evaluate(pact, firm, gates.SIGN).level == gates.NEEDS_JUSTIFICATION


def test_a_refusal_cannot_be_justified_and_nothing_else_needs_one(pact, bureau, gate, english_messages):
    firm = bureau["firm_a"].id
    gate("register", {firm: [gates.Outcome(gates.REFUSE, "struck off")]})
    with tenant_scope(bureau["tenant"].id):
        with pytest.raises(Conflict, match="A refusal cannot be justified: struck off"):
            operations.record_justification(pact, bureau["signer_pb"], firm, "Tetap.", factories.SIGNING_PASSPHRASE)
        with pytest.raises(Conflict, match="Nothing about PT Beta needs a justification"):
            operations.record_justification(pact, bureau["signer_pb"], bureau["firm_b"].id, "Tetap.",
                                            factories.SIGNING_PASSPHRASE)


# The pages ---------------------------------------------------------------------------------------------

def test_the_sign_button_is_drawn_disabled_with_the_reason(client, pact, bureau, gate):
    gate("register", {bureau["firm_a"].id: [gates.Outcome(gates.REFUSE, "Dicoret dari daftar rekanan.")]})
    login(client, bureau["signer_a"].email)
    page = client.get(f"/t/biro/actions/{pact.id}").get_data(as_text=True)
    party = party_of(pact, bureau["firm_a"])
    assert f'href="/t/biro/actions/{pact.id}/sign/{party.id}"' not in page
    assert f'disabled aria-describedby="eligibility-{party.id}"' in page
    assert "Dicoret dari daftar rekanan." in page


def test_the_sign_page_answers_a_refusal_and_signs_nothing(client, pact, bureau, gate):
    gate("register", {bureau["firm_a"].id: [gates.Outcome(gates.REFUSE, "Dicoret dari daftar rekanan.")]})
    login(client, bureau["signer_a"].email)
    url = f"/t/biro/actions/{pact.id}/sign/{party_of(pact, bureau['firm_a']).id}"
    page = client.get(url)
    assert page.status_code == 403 and "Dicoret dari daftar rekanan." in page.get_data(as_text=True)
    assert 'name="passphrase"' not in page.get_data(as_text=True)
    response = post(client, url, {"passphrase": factories.SIGNING_PASSPHRASE})
    assert response.status_code == 403
    assert db.session.scalar(select(func.count(Signature.id))) == 0


def test_an_officer_records_a_justification_on_the_action_page(client, pact, bureau, gate):
    gate("risk", {bureau["firm_a"].id: [risk(gates.NEEDS_JUSTIFICATION, label="Pita risiko tinggi")]})
    login(client, bureau["signer_pb"].email)
    url = f"/t/biro/actions/{pact.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Pita risiko tinggi" in page and f'action="{url}/justifications"' in page
    missing = post(client, f"{url}/justifications", {"organisation_id": bureau["firm_a"].id, "text": "",
                                                     "passphrase": factories.SIGNING_PASSPHRASE}, token_from=url)
    assert missing.status_code == 422
    response = post(client, f"{url}/justifications", {
        "organisation_id": bureau["firm_a"].id, "text": "Jaminan pelaksanaan dinaikkan.",
        "passphrase": factories.SIGNING_PASSPHRASE}, token_from=url)
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Jaminan pelaksanaan dinaikkan." in page
    login(client, bureau["signer_a"].email)
    sign_url = f"{url}/sign/{party_of(pact, bureau['firm_a']).id}"
    assert client.get(sign_url).status_code == 200
