"""The sign page of a party is the business of those who represent its organisation (issue 9 §8)."""
from tests.action_fixtures import party_of
from tests.conftest import login


def test_the_sign_page_of_another_organisations_party_is_forbidden(client, pact, bureau):
    party = party_of(pact, bureau["firm_a"])
    login(client, bureau["signer_b"].email)
    response = client.get(f"/t/biro/actions/{pact.id}/sign/{party.id}")
    assert response.status_code == 403
    assert "Anda bukan wakil PT Alpha" in response.get_data(as_text=True)


def test_the_representative_still_sees_the_sign_page(client, pact, bureau):
    party = party_of(pact, bureau["firm_a"])
    login(client, bureau["signer_a"].email)
    assert client.get(f"/t/biro/actions/{pact.id}/sign/{party.id}").status_code == 200
