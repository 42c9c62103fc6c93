import json

import pytest
from sqlalchemy import select

from pactplatform.actions import operations, policies
from pactplatform.actions.models import Signature
from pactplatform.errors import Conflict, OperationError
from pactplatform.extensions import db
from pactplatform.ledger.models import LedgerEntry
from pactplatform.signing.operations import WrongPassphrase
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.action_fixtures import TENDER, party_of


def scoped(bureau):
    return tenant_scope(bureau["tenant"].id)


def test_every_kind_has_a_policy_and_the_code_asks_it():
    assert set(policies.POLICIES) == {"declaration", "principle_initiative", "integrity_pact", "certified_coalition"}
    assert policies.policy_for("integrity_pact").requires_monitor
    assert not policies.policy_for("declaration").requires_monitor
    assert policies.policy_for("declaration").upgrade_to == "integrity_pact"
    assert policies.policy_for("principle_initiative").upgrade_to == "certified_coalition"
    assert policies.policy_for("principle_initiative").withdrawable


def test_a_pact_records_its_tender_in_rupiah_and_its_procuring_entity(pact, bureau):
    assert pact.tender.budget_ceiling == 1_000_000_000 and isinstance(pact.tender.owner_estimate, int)
    assert [p.role for p in pact.parties] == ["procuring_entity", "bidder", "bidder"]
    assert "Rp 1.000.000.000" in pact.current_version.body


def test_a_pact_refuses_an_estimate_above_the_ceiling(bureau):
    with scoped(bureau), pytest.raises(OperationError) as refused:
        operations.create_action(bureau["tenant"], bureau["officer"], "integrity_pact", "X", tender={
            **TENDER, "owner_estimate": 2_000_000_000, "procuring_entity_id": bureau["public_body"].id})
    assert refused.value.field == "tender_owner_estimate"


def test_a_pact_cannot_open_without_a_monitor(bureau):
    created = factories.action(bureau["tenant"], bureau["officer"], "integrity_pact",
                               tender={**TENDER, "procuring_entity_id": bureau["public_body"].id})
    with scoped(bureau):
        operations.add_party(created, bureau["officer"], bureau["firm_a"].id, policies.BIDDER)
        with pytest.raises(OperationError, match="pemantau"):
            operations.change_status(created, bureau["officer"], "open")


def test_signing_produces_a_verifiable_signature_bound_to_the_version(pact, bureau):
    with scoped(bureau):
        signature = operations.sign(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]), factories.SIGNING_PASSPHRASE)
    db.session.commit()
    payload = json.loads(signature.payload)
    assert payload["document"] == {"version": 1, "sha256": pact.current_version.sha256}
    assert payload["action"] == {"id": pact.id, "kind": "integrity_pact", "tenant": bureau["tenant"].id}
    assert payload["role"] == "bidder" and payload["organisation"]["id"] == bureau["firm_a"].id
    assert signature.payload == json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    events = list(db.session.scalars(select(LedgerEntry.event)))
    assert "signature.created" in events and "document_version.created" in events


def test_a_wrong_passphrase_signs_nothing(pact, bureau):
    with scoped(bureau), pytest.raises(WrongPassphrase):
        operations.sign(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]), "not my passphrase")
    db.session.rollback()
    assert db.session.scalar(select(db.func.count(Signature.id))) == 0


def test_signing_twice_is_refused(pact, bureau):
    party = party_of(pact, bureau["firm_a"])
    with scoped(bureau):
        operations.sign(pact, bureau["signer_a"], party, factories.SIGNING_PASSPHRASE)
        with pytest.raises(Conflict):
            operations.sign(pact, bureau["signer_a"], party, factories.SIGNING_PASSPHRASE)


def test_a_non_representative_cannot_sign(pact, bureau):
    with scoped(bureau), pytest.raises(OperationError, match="bukan wakil"):
        operations.sign(pact, bureau["signer_b"], party_of(pact, bureau["firm_a"]), factories.SIGNING_PASSPHRASE)


def test_the_procuring_entity_signs_as_an_officer(pact, bureau):
    party = party_of(pact, bureau["public_body"])
    with scoped(bureau):
        assert operations.sign(pact, bureau["signer_pb"], party, factories.SIGNING_PASSPHRASE).role == "procuring_entity"


def test_a_closed_or_cancelled_action_cannot_be_signed(pact, bureau):
    with scoped(bureau):
        operations.change_status(pact, bureau["admin"], "cancelled", "Tender dibatalkan")
        with pytest.raises(OperationError, match="tidak sedang dibuka"):
            operations.sign(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]), factories.SIGNING_PASSPHRASE)


def test_the_pact_becomes_active_only_when_every_party_signed(pact, bureau):
    with scoped(bureau):
        with pytest.raises(OperationError, match="Masih menunggu"):
            operations.change_status(pact, bureau["officer"], "active")
        for organisation, person in (("public_body", "signer_pb"), ("firm_a", "signer_a"), ("firm_b", "signer_b")):
            operations.sign(pact, bureau[person], party_of(pact, bureau[organisation]), factories.SIGNING_PASSPHRASE)
        assert operations.change_status(pact, bureau["officer"], "active").status == "active"


def test_a_signed_version_is_frozen_and_an_edit_makes_the_next(pact, bureau):
    with scoped(bureau):
        signature = operations.sign(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]), factories.SIGNING_PASSPHRASE)
        first = pact.current_version
        body = first.body
        second = operations.revise_document(pact, bureau["officer"], body + "\nTambahan kewajiban.\n", "Tambah")
    assert first.frozen and first.body == body and signature.version is first
    assert second.number == 2 and not second.frozen
    with scoped(bureau):
        # the bidder signs again, now version 2
        assert operations.sign(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]), factories.SIGNING_PASSPHRASE).version is second


def test_a_bidder_adds_a_subcontractor_who_signs_too(pact, bureau):
    sub = factories.organisation(factories.user(), name="CV Sub")
    sub_signer = factories.signer(bureau["tenant"], sub, name="Direktur Sub")
    with scoped(bureau):
        party = operations.add_subcontractor(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]), sub.id)
        assert party.parent.organisation_id == bureau["firm_a"].id
        with pytest.raises(OperationError):
            operations.add_subcontractor(pact, bureau["signer_b"], party_of(pact, bureau["firm_a"]), sub.id)
        assert operations.sign(pact, sub_signer, party, factories.SIGNING_PASSPHRASE).role == "subcontractor"


def test_an_initiative_is_endorsed_and_the_endorsement_withdrawn_publicly(bureau):
    initiative = factories.action(bureau["tenant"], bureau["officer"], "principle_initiative", title="Kode etik",
                                  sections={"principles": ["Tidak menyuap"], "demands": ["Transparansi"]})
    with scoped(bureau):
        operations.change_status(initiative, bureau["officer"], "open")
        endorsement = operations.join(initiative, bureau["signer_a"], bureau["firm_a"].id, factories.SIGNING_PASSPHRASE)
        assert endorsement.role == "endorser"
        with pytest.raises(OperationError):
            operations.withdraw(initiative, bureau["signer_a"], endorsement, "  ")
        operations.withdraw(initiative, bureau["signer_a"], endorsement, "Restrukturisasi")
    assert endorsement.withdrawn_at is not None
    assert db.session.scalar(select(LedgerEntry.event).order_by(LedgerEntry.index.desc()).limit(1)) == "signature.withdrawn"


def test_a_declaration_upgrades_to_a_pact_and_invites_its_signatories(bureau):
    declaration = factories.action(bureau["tenant"], bureau["officer"], "declaration", title="Deklarasi",
                                   sections={"unacceptable": ["Suap"], "acceptable": ["Rapat resmi"]})
    with scoped(bureau):
        operations.add_party(declaration, bureau["officer"], bureau["firm_a"].id, policies.PARTICIPANT)
        operations.add_party(declaration, bureau["officer"], bureau["firm_b"].id, policies.PARTICIPANT)
        operations.change_status(declaration, bureau["officer"], "open")
        operations.sign(declaration, bureau["signer_a"], party_of(declaration, bureau["firm_a"]), factories.SIGNING_PASSPHRASE)
        pact = operations.upgrade(declaration, bureau["officer"], tender={**TENDER, "procuring_entity_id": bureau["public_body"].id})
    assert pact.kind == "integrity_pact" and pact.upgraded_from_id == declaration.id
    invited = [p for p in pact.parties if p.invited_from_action_id == declaration.id]
    assert [(p.organisation_id, p.role) for p in invited] == [(bureau["firm_a"].id, "bidder")]
    assert "Suap" in pact.current_version.body


def test_tenant_members_without_a_managing_role_cannot_create_actions(bureau):
    with scoped(bureau), pytest.raises(OperationError):
        operations.create_action(bureau["tenant"], bureau["signer_a"], "declaration", "X")
