"""The risk gate at each band of the default appetite for an integrity pact: allow up to medium, an officer's
justification at high, a refusal at very high; a warning when the organisation is only added as a party."""
from datetime import timedelta
from decimal import Decimal

import pytest

from pactplatform.actions import gates, operations as actions
from pactplatform.errors import Conflict
from pactplatform.extensions import db
from pactplatform.monitoring import clock
from pactplatform.risk import operations, queries
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.action_fixtures import party_of

# Realised events only (nobody answered the questionnaire, so RR is 0 and IRK = IKO).
EVENTS = {
    "very_low": [("audit_finding", "I1")],  # 2
    "low": [("audit_finding", "I4")],  # 20
    "medium": [("conviction", "I1")],  # 50
    "high": [("conviction", "I1"), ("audit_finding", "I3")],  # 60
    "very_high": [("conviction", "I1"), ("conviction", "I1")],  # 100
}


@pytest.fixture
def published(bureau):
    with tenant_scope(bureau["tenant"].id):
        operations.start_draft(bureau["tenant"], bureau["admin"])
        operations.publish(bureau["tenant"], bureau["admin"], "Versi pertama", clock.today())
    db.session.commit()
    return bureau


def give_band(bureau, organisation, band):
    with tenant_scope(bureau["tenant"].id):
        for kind, impact in EVENTS[band]:
            operations.record_event(bureau["tenant"], bureau["admin"], organisation.id, kind=kind,
                                    description="Temuan", process="Pengadaan",
                                    occurred_on=clock.today() - timedelta(days=10), likelihood_code="L1",
                                    impact_code=impact)
    db.session.commit()
    with tenant_scope(bureau["tenant"].id):
        assert queries.latest_score(organisation.id).band == band


@pytest.mark.parametrize("band, level", [
    ("very_low", gates.ALLOW), ("low", gates.ALLOW), ("medium", gates.ALLOW),
    ("high", gates.NEEDS_JUSTIFICATION), ("very_high", gates.REFUSE),
])
def test_each_band_at_signing(pact, published, band, level):
    bureau = published
    firm = bureau["firm_a"]
    give_band(bureau, firm, band)
    with tenant_scope(bureau["tenant"].id):
        decision = gates.evaluate(pact, firm.id, gates.SIGN)
        assert decision.level == level
        if level != gates.ALLOW:
            assert str(queries.latest_score(firm.id).irk) in decision.message and "PT Alpha" in decision.message
            added = gates.evaluate(pact, firm.id, gates.ADD_PARTY)
            assert added.level == gates.WARN
        assert decision.public().outcomes == ()  # a private assessment never reaches public pages


def test_a_high_band_signs_once_an_officer_justifies_it(pact, published):
    bureau = published
    firm = bureau["firm_a"]
    give_band(bureau, firm, "high")
    party = party_of(pact, firm)
    with tenant_scope(bureau["tenant"].id):
        with pytest.raises(actions.Ineligible):
            actions.sign(pact, bureau["signer_a"], party, factories.SIGNING_PASSPHRASE)
    db.session.rollback()
    with tenant_scope(bureau["tenant"].id):
        actions.record_justification(pact, bureau["signer_pb"], firm.id, "Jaminan pelaksanaan 10%.",
                                     factories.SIGNING_PASSPHRASE)
        db.session.commit()
        actions.sign(pact, bureau["signer_a"], party, factories.SIGNING_PASSPHRASE)
    db.session.commit()
    with tenant_scope(bureau["tenant"].id):
        assert queries.latest_score(firm.id).parsed_inputs["values"].get("pacts_signed") == "1"


def test_a_very_high_band_cannot_be_justified(pact, published):
    bureau = published
    give_band(bureau, bureau["firm_a"], "very_high")
    with tenant_scope(bureau["tenant"].id):
        with pytest.raises(Conflict) as refused:
            actions.record_justification(pact, bureau["signer_pb"], bureau["firm_a"].id, "Tetap.",
                                         factories.SIGNING_PASSPHRASE)
    assert "100.00" in str(refused.value)


def test_no_methodology_no_gate(pact, bureau):
    with tenant_scope(bureau["tenant"].id):
        assert gates.evaluate(pact, bureau["firm_a"].id, gates.SIGN).level == gates.ALLOW


def test_the_signing_page_shows_the_band_and_the_justification_needed(client, pact, published):
    from tests.conftest import login, post

    bureau = published
    give_band(bureau, bureau["firm_a"], "high")
    login(client, bureau["signer_a"].email)
    post(client, "/lang/en")
    party = party_of(pact, bureau["firm_a"])
    page = client.get(f"/t/biro/actions/{pact.id}/sign/{party.id}").get_data(as_text=True)
    assert "Corruption risk of PT Alpha" in page and "IRK 60.00" in page
    assert "asks for an officer&#39;s justification" in page or "asks for an officer's justification" in page


def test_the_passport_shows_iko_from_public_facts_only(client, pact, published):
    from tests.conftest import post

    bureau = published
    give_band(bureau, bureau["firm_a"], "medium")  # a conviction recorded by an officer: not a public fact here
    post(client, "/lang/en")
    page = client.get(f"/orgs/{bureau['firm_a'].id}").get_data(as_text=True)
    assert "Realised corruption (IKO)" in page and "IKO 0.00" in page
