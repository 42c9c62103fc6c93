"""Who may be a party (issue 9 §2): the kind's policy and the operations decide; a party is removed only
before it signed, with a logged reason; an upgrade carries the lists over."""
import pytest
from sqlalchemy import func, select

from pactplatform.actions import operations, policies
from pactplatform.actions.models import Party
from pactplatform.errors import Conflict, OperationError
from pactplatform.extensions import db
from pactplatform.ledger import audit
from pactplatform.ledger.models import LedgerEntry
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.action_fixtures import party_of
from tests.conftest import login, post


def scoped(bureau):
    return tenant_scope(bureau["tenant"].id)


def party_count(action) -> int:
    return db.session.scalar(select(func.count(Party.id)).where(Party.action_id == action.id))


@pytest.fixture
def sub(bureau):
    """A third firm, free to subcontract, with its own signer."""
    firm = factories.organisation(factories.user(), name="CV Sub")
    factories.signer(bureau["tenant"], firm, name="Direktur Sub")
    return firm


def test_a_bidder_cannot_be_its_own_subcontractor(pact, bureau, english_messages):
    before = party_count(pact)
    with scoped(bureau), pytest.raises(Conflict, match="another organisation than the bidder"):
        operations.add_subcontractor(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]), bureau["firm_a"].id)
    db.session.rollback()
    assert party_count(pact) == before


@pytest.mark.parametrize("organisation", ["firm_b", "public_body"])
def test_a_subcontractor_differs_from_every_other_party(pact, bureau, organisation, english_messages):
    with scoped(bureau), pytest.raises(Conflict, match="cannot be combined") as refused:
        operations.add_subcontractor(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]),
                                     bureau[organisation].id)
    assert refused.value.field == "organisation_id"


def test_one_firm_cannot_subcontract_for_two_bidders_nor_then_bid(pact, bureau, sub, english_messages):
    with scoped(bureau):
        operations.add_subcontractor(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]), sub.id)
        with pytest.raises(Conflict, match="already takes part in this role"):
            operations.add_subcontractor(pact, bureau["signer_b"], party_of(pact, bureau["firm_b"]), sub.id)
        with pytest.raises(Conflict, match="cannot be combined"):
            operations.add_party(pact, bureau["officer"], sub.id, policies.BIDDER)


def test_a_pact_has_one_procuring_entity(pact, bureau, english_messages):
    other_body = factories.organisation(factories.user(), name="Dinas Lain", kind="public_body", nib="")
    with scoped(bureau), pytest.raises(Conflict, match="Only 1 party can hold the role Procuring entity"):
        operations.add_party(pact, bureau["officer"], other_body.id, policies.PROCURING_ENTITY)
    db.session.rollback()
    assert [p.role for p in pact.parties].count(policies.PROCURING_ENTITY) == 1


def test_the_procuring_entity_cannot_also_bid(pact, bureau, english_messages):
    with scoped(bureau), pytest.raises(Conflict, match="cannot be combined"):
        operations.add_party(pact, bureau["officer"], bureau["public_body"].id, policies.BIDDER)


def test_the_conflict_table_is_the_policys_data():
    pact = policies.policy_for(policies.INTEGRITY_PACT)
    assert pact.role_limit(policies.PROCURING_ENTITY) == 1 and pact.role_limit(policies.BIDDER) is None
    assert pact.roles_conflict(policies.SUBCONTRACTOR, policies.BIDDER)
    assert pact.roles_conflict(policies.BIDDER, policies.PROCURING_ENTITY)
    assert not pact.roles_conflict(policies.BIDDER, policies.BIDDER)  # many bidders, each once


def test_a_party_is_removed_before_it_signs_with_its_reason_logged(pact, bureau):
    with scoped(bureau):
        removal = operations.remove_party(pact, bureau["officer"], party_of(pact, bureau["firm_b"]).id,
                                          "Tidak mendaftar sebagai peserta tender.")
    db.session.commit()
    assert [p.organisation_id for p in pact.parties if p.role == "bidder"] == [bureau["firm_a"].id]
    assert (removal.organisation_id, removal.role, removal.removed_by_id) == (
        bureau["firm_b"].id, "bidder", bureau["officer"].id)
    entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.subject_type == "party_removal"))
    assert entry.event == "party.removed" and entry.subject_id == removal.id
    assert audit.verify().ok
    # It can be added again later: the removal is history, not a ban.
    with scoped(bureau):
        operations.add_party(pact, bureau["officer"], bureau["firm_b"].id, policies.BIDDER)


def test_removing_needs_a_reason_and_a_party_that_signed_stays(pact, bureau, english_messages):
    party = party_of(pact, bureau["firm_a"])
    with scoped(bureau):
        with pytest.raises(OperationError) as empty:
            operations.remove_party(pact, bureau["officer"], party.id, "  ")
        assert empty.value.field == "reason"
        operations.sign(pact, bureau["signer_a"], party, factories.SIGNING_PASSPHRASE)
        with pytest.raises(Conflict, match="a party that signed cannot be removed"):
            operations.remove_party(pact, bureau["officer"], party.id, "Salah tambah")
    db.session.rollback()
    assert db.session.scalar(select(func.count(LedgerEntry.index)).where(LedgerEntry.event == "party.removed")) == 0


def test_a_signed_endorser_can_only_withdraw(bureau, english_messages):
    initiative = factories.action(bureau["tenant"], bureau["officer"], "principle_initiative", title="Kode etik",
                                  sections={"principles": ["Tidak menyuap"]})
    with scoped(bureau):
        operations.change_status(initiative, bureau["officer"], "open")
        endorsement = operations.join(initiative, bureau["signer_a"], bureau["firm_a"].id, factories.SIGNING_PASSPHRASE)
        with pytest.raises(Conflict, match="withdraw its signature publicly"):
            operations.remove_party(initiative, bureau["officer"], endorsement.party_id, "Tidak relevan")


def test_the_tenders_procuring_entity_and_a_bidder_with_subcontractors_stay(pact, bureau, sub, english_messages):
    with scoped(bureau):
        operations.add_subcontractor(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]), sub.id)
        with pytest.raises(Conflict, match="procuring entity"):
            operations.remove_party(pact, bureau["officer"], party_of(pact, bureau["public_body"]).id, "Salah")
        with pytest.raises(Conflict, match="Remove the subcontractors of PT Alpha first: CV Sub"):
            operations.remove_party(pact, bureau["officer"], party_of(pact, bureau["firm_a"]).id, "Mundur")


def test_a_bidder_removes_its_own_subcontractor_but_not_another_party(pact, bureau, sub, english_messages):
    with scoped(bureau):
        added = operations.add_subcontractor(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]), sub.id)
        with pytest.raises(OperationError, match="does not allow"):
            operations.remove_party(pact, bureau["signer_a"], party_of(pact, bureau["firm_b"]).id, "Pesaing")
        with pytest.raises(OperationError, match="does not allow"):
            operations.remove_party(pact, bureau["signer_b"], added.id, "Bukan urusan saya")
        operations.remove_party(pact, bureau["signer_a"], added.id, "Subkontraktor mengundurkan diri.")
    assert sub.id not in {p.organisation_id for p in pact.parties}


def test_an_upgraded_initiative_keeps_its_principles_in_the_coalitions_charter(bureau):
    initiative = factories.action(bureau["tenant"], bureau["officer"], "principle_initiative", title="Kode etik",
                                  sections={"principles": ["Tidak menyuap", "Menolak pinjam bendera"],
                                            "demands": ["Bayar tepat waktu"]})
    with scoped(bureau):
        operations.change_status(initiative, bureau["officer"], "open")
        operations.join(initiative, bureau["signer_a"], bureau["firm_a"].id, factories.SIGNING_PASSPHRASE)
        coalition = operations.upgrade(initiative, bureau["officer"])
    assert coalition.items_in("charter") == ["Tidak menyuap", "Menolak pinjam bendera"]
    assert "Menolak pinjam bendera" in coalition.current_version.body
    assert [(p.organisation_id, p.role) for p in coalition.parties] == [(bureau["firm_a"].id, "member")]


def test_an_upgraded_initiative_carries_the_principles_as_revised_in_its_signed_text(bureau):
    """The endorsers signed the text, not the lists typed at creation: a principle added, one reworded and one
    struck in a later version are what the coalition's draft charter holds."""
    initiative = factories.action(bureau["tenant"], bureau["officer"], "principle_initiative", title="Kode etik",
                                  sections={"principles": ["Tidak menyuap", "Menolak pinjam bendera"],
                                            "demands": ["Bayar tepat waktu"]})
    first = initiative.current_version.body
    revised = (first.replace("1. Tidak menyuap", "1. Tidak menyuap dan tidak menerima suap")
               .replace("2. Menolak pinjam bendera\n", "2. Melaporkan benturan kepentingan\n"
                        "3. Membuka pemilik manfaat\n   kepada publik\n"))
    assert revised != first
    with scoped(bureau):
        operations.revise_document(initiative, bureau["officer"], revised)
        operations.change_status(initiative, bureau["officer"], "open")
        operations.join(initiative, bureau["signer_a"], bureau["firm_a"].id, factories.SIGNING_PASSPHRASE)
        coalition = operations.upgrade(initiative, bureau["officer"])
    charter = ["Tidak menyuap dan tidak menerima suap", "Melaporkan benturan kepentingan",
               "Membuka pemilik manfaat kepada publik"]
    assert coalition.items_in("charter") == charter
    body = coalition.current_version.body
    assert all(entry in body for entry in charter)
    assert "Menolak pinjam bendera" not in body


# The web ---------------------------------------------------------------------------------------------

def test_the_subcontractor_list_offers_no_party_and_preselects_nothing(client, pact, bureau, sub):
    login(client, bureau["signer_a"].email)
    page = client.get(f"/t/biro/actions/{pact.id}").get_data(as_text=True)
    form = page[page.index('/subcontractors"'):]
    select = form[:form.index("</select>")]
    assert "CV Sub" in select
    for name in ("PT Alpha", "PT Beta", "Dinas PU"):
        assert name not in select
    assert '<option selected value="">' in select or '<option value="" selected>' in select


def test_a_self_subcontract_posted_in_the_web_is_refused_with_the_message(client, pact, bureau):
    login(client, bureau["signer_a"].email)
    url = f"/t/biro/actions/{pact.id}"
    bidder = party_of(pact, bureau["firm_a"])
    response = post(client, f"{url}/parties/{bidder.id}/subcontractors", {"organisation_id": bureau["firm_a"].id},
                    token_from=url)
    assert response.status_code == 409
    assert "organisasi lain" in response.get_data(as_text=True)
    assert party_count(pact) == 3


def test_an_officer_removes_a_party_in_the_web_and_the_public_page_shows_it(client, pact, bureau):
    login(client, bureau["officer"].email)
    url = f"/t/biro/actions/{pact.id}"
    beta = party_of(pact, bureau["firm_b"])
    empty = post(client, f"{url}/parties/{beta.id}/remove", {"reason": ""}, token_from=url)
    assert empty.status_code == 422 and party_count(pact) == 3
    response = post(client, f"{url}/parties/{beta.id}/remove", {"reason": "Tidak jadi mendaftar."}, token_from=url)
    assert response.status_code == 302
    public = client.get(f"/actions/{pact.id}").get_data(as_text=True)
    assert "Tidak jadi mendaftar." in public
