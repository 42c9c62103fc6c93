"""Importing OCDS files and storing red flags: all or nothing, idempotent on ocid, parties matched."""
import io
import json
from datetime import date

import pytest
from sqlalchemy import func, select

from pactplatform.errors import OperationError
from pactplatform.extensions import db
from pactplatform.ledger import audit
from pactplatform.ledger.models import LedgerEntry
from pactplatform.orgs.models import Organisation
from pactplatform.procurement import operations, queries
from pactplatform.procurement.models import (
    Bid, ContractingProcess, OcdsImport, PartyFlag, ProcessParty, RedFlagSettings, TenderFlag,
)
from pactplatform.tenancy.scoping import tenant_scope

from .ocds import compiled, disqualified_all_but_winner, jsonl, party


def _import(biro, data: bytes, who="officer", on=None):
    with tenant_scope(biro["tenant"].id):
        record = operations.import_file(biro["tenant"], biro[who], "tenders.jsonl", io.BytesIO(data), on=on)
    db.session.commit()
    return record


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model).execution_options(all_tenants=True))


def test_import_stores_processes_and_matches_parties_by_identifier(biro, english_messages):
    unknown = party("C", "CV Baru Sekali", ["tenderer"], npwp="020000000000999")
    record = _import(biro, jsonl(disqualified_all_but_winner("ocds-x-1"),
                                 compiled("ocds-x-2", extra_parties=(unknown,), bids=[
                                     {"id": "1", "status": "valid", "tenderers": [{"id": "C"}]}])))
    assert (record.created_count, record.updated_count, record.unchanged_count) == (2, 0, 0)
    with tenant_scope(biro["tenant"].id):
        process = db.session.scalar(select(ContractingProcess).where(ContractingProcess.ocid == "ocds-x-1"))
        parties = {p.ocds_id: p for p in process.parties}
        assert parties["A"].organisation_id == biro["firm_a"].id  # by NIB
        assert parties["Bx"].organisation_id == biro["firm_b"].id
        assert parties["B"].organisation_id == biro["public_body"].id  # by NPWP
        assert process.buyer_id == process.procuring_entity_id == biro["public_body"].id
        assert [b.party.ocds_id for b in process.bids] == ["A", "Bx"] and process.awards[0].party.ocds_id == "A"
        assert process.contracts[0].amount == 900
    created = db.session.scalar(select(Organisation).where(Organisation.npwp == "020000000000999"))
    assert created.name == "CV Baru Sekali" and created.kind == "firm" and created.representatives == []
    assert json.loads(record.report)["organisations_created"] == 1
    assert audit.verify().ok


def test_reimport_is_idempotent_on_ocid_and_a_change_replaces_the_process(biro):
    first = jsonl(disqualified_all_but_winner("ocds-x-1"), compiled("ocds-x-2"))
    _import(biro, first)
    again = _import(biro, first)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    assert {s["reason"] for s in json.loads(again.report)["skipped"]} == {"unchanged"}
    changed = disqualified_all_but_winner("ocds-x-1")
    changed["bids"]["details"].pop()
    third = _import(biro, jsonl(changed, compiled("ocds-x-2")))
    assert (third.created_count, third.updated_count, third.unchanged_count) == (0, 1, 1)
    assert _count(ContractingProcess) == 2 and _count(Bid) == 1
    assert _count(OcdsImport) == 3 and _count(Organisation) == 3


def test_a_repeated_ocid_in_one_file_keeps_the_later_line(biro):
    record = _import(biro, jsonl(compiled("ocds-x-1", title="Lama"), compiled("ocds-x-1", title="Baru")))
    assert json.loads(record.report)["skipped"] == [{"where": "line 1", "ocid": "ocds-x-1", "reason": "replaced_later"}]
    with tenant_scope(biro["tenant"].id):
        assert db.session.scalar(select(ContractingProcess.title)) == "Baru"


def test_a_bad_line_refuses_the_whole_file_and_writes_nothing(biro, english_messages):
    entries = _count(LedgerEntry)
    data = jsonl(compiled("ocds-x-1", extra_parties=(party("C", "CV Baru", ["tenderer"], npwp="020000000000999"),)))
    data += b"not json\n" + jsonl({"ocid": "ocds-x-3"})
    with tenant_scope(biro["tenant"].id), pytest.raises(operations.ImportRefused) as refused:
        operations.import_file(biro["tenant"], biro["officer"], "bad.jsonl", io.BytesIO(data))
    db.session.rollback()
    assert refused.value.total == 2 and refused.value.field == "file"
    assert [p.where for p in refused.value.problems] == ["line 2", "line 3"]
    assert "2 problems" in str(refused.value)
    assert _count(ContractingProcess) == 0 and _count(OcdsImport) == 0 and _count(Organisation) == 3
    assert _count(LedgerEntry) == entries


def test_only_officers_and_admins_import(biro, english_messages):
    with tenant_scope(biro["tenant"].id), pytest.raises(OperationError, match="officers and administrators"):
        operations.import_file(biro["tenant"], biro["representative"], "x.jsonl", io.BytesIO(jsonl(compiled("o-1"))))


def test_flags_are_stored_per_tender_and_per_party(biro, english_messages):
    single = compiled("ocds-x-2", tenderers=1, days=5)
    _import(biro, jsonl(disqualified_all_but_winner("ocds-x-1"), single), on=date(2026, 3, 1))
    with tenant_scope(biro["tenant"].id):
        flags = {(ocid, code): value for ocid, code, value in db.session.execute(
            select(ContractingProcess.ocid, TenderFlag.code, TenderFlag.value).join(TenderFlag))}
        assert flags == {("ocds-x-1", "R035"): 1.0, ("ocds-x-1", "R036"): 1.0, ("ocds-x-2", "R018"): 1.0,
                         ("ocds-x-2", "R003"): 1.0}
        party_flags = set(db.session.execute(
            select(Organisation.name, PartyFlag.group, PartyFlag.code, PartyFlag.process_id, PartyFlag.value)
            .join(Organisation, Organisation.id == PartyFlag.organisation_id)).all())
        process_id = db.session.scalar(select(ContractingProcess.id).where(ContractingProcess.ocid == "ocds-x-1"))
        # R035 is tied to its tender; R025 (A won its only process: the degenerate fence of a single ratio is
        # 1.0) and R038 (the buyer disqualified 1 of its 2 bids) concern the organisations across tenders.
        assert party_flags == {("PT Alpha Terdaftar", "Tenderer", "R035", process_id, 0.0),
                               ("PT Alpha Terdaftar", "Tenderer", "R025", None, 1.0),
                               ("Dinas PU", "Buyer", "R038", None, 0.5),
                               ("Dinas PU", "ProcuringEntity", "R038", None, 0.5)}
        counts = dict(db.session.execute(select(ContractingProcess.ocid, ContractingProcess.flag_count)).all())
        assert counts == {"ocds-x-1": 2, "ocds-x-2": 2}


def test_flags_of_organisation_for_the_risk_domain(biro, english_messages):
    _import(biro, jsonl(disqualified_all_but_winner("ocds-x-1"), compiled("ocds-x-2", tenderers=1)), on=date(2026, 3, 1))
    facts = queries.flags_of_organisation(biro["firm_a"].id, all_tenants=True)
    assert {(f.ocid, f.code, f.role) for f in facts} == {
        ("ocds-x-1", "R035", "supplier"), ("ocds-x-1", "R036", "supplier"), (None, "R025", "tenderer")}
    fact = next(f for f in facts if f.code == "R035")
    assert fact.value == 1_000_000 and fact.currency == "IDR" and fact.flagged_on == date(2026, 3, 1)
    assert fact.tenant_id == biro["tenant"].id and fact.tender_id is not None
    assert fact.reason == "Every bid except the winner's was disqualified (1 other bidder)."
    buyer_facts = queries.flags_of_organisation(biro["public_body"].id, all_tenants=True)
    assert {(f.ocid, f.code, f.role) for f in buyer_facts} == {
        ("ocds-x-1", "R035", "buyer"), ("ocds-x-1", "R036", "buyer"), ("ocds-x-2", "R018", "buyer"),
        (None, "R038", "buyer"), (None, "R038", "procuring_entity")}
    assert next(f for f in buyer_facts if f.code == "R038").reason == \
        "An unusually high share of bids was disqualified (50%)."
    assert next(f for f in buyer_facts if f.code == "R018").reason == "One bid only in an open procedure."
    with tenant_scope(biro["tenant"].id):
        assert queries.buyer_tender_stats(biro["public_body"].id) == {
            "tenders": 2, "single_bid": 1, "by_value": {"tenders": 2_000_000, "single_bid": 1_000_000}}
        assert queries.buyer_tender_stats(biro["firm_a"].id)["tenders"] == 0


def test_a_flag_keeps_the_day_it_was_first_raised(biro):
    _import(biro, jsonl(compiled("ocds-x-2", tenderers=1)), on=date(2026, 3, 1))
    _import(biro, jsonl(compiled("ocds-x-3")), on=date(2026, 4, 1))
    with tenant_scope(biro["tenant"].id):
        assert db.session.scalar(select(TenderFlag.flagged_on)) == date(2026, 3, 1)


def test_settings_choose_indicators_and_recompute(biro, english_messages):
    _import(biro, jsonl(compiled("ocds-x-2", tenderers=1, days=5)))
    with tenant_scope(biro["tenant"].id):
        with pytest.raises(OperationError) as refused:
            operations.update_settings(biro["tenant"], biro["admin"], "[R003]\nthreshold = 15 # default\n")
        assert refused.value.field == "ini" and "not an integer" in str(refused.value)
        with pytest.raises(OperationError, match="administrators"):
            operations.update_settings(biro["tenant"], biro["officer"], "[R018]\n")
        operations.update_settings(biro["tenant"], biro["admin"], "[R003]\nthreshold = 3\n")
        db.session.commit()
        assert db.session.scalar(select(func.count(TenderFlag.id))) == 0
        assert queries.settings_tables(biro["tenant"].id) == {"": {}, "R003": {"threshold": "3"}}
        operations.update_settings(biro["tenant"], biro["admin"], "[R003]\nthreshold = 6\n[R018]\n")
        db.session.commit()
        assert set(db.session.scalars(select(TenderFlag.code))) == {"R003", "R018"}
        assert db.session.scalar(select(func.count(RedFlagSettings.id))) == 1
    assert audit.verify().ok


def test_default_settings_enable_every_indicator(biro):
    assert set(queries.settings_tables(biro["tenant"].id)) == {"", "R003", "R018", "R024", "R025", "R028", "R030",
                                                               "R035", "R036", "R038", "R048", "R058"}


def test_another_tenants_processes_are_apart(biro):
    from tests import factories

    other = factories.tenant(biro["admin"], slug="lain")
    _import(biro, jsonl(compiled("ocds-x-1", tenderers=1)))
    with tenant_scope(other.id):
        operations.import_file(other, biro["admin"], "x.jsonl", io.BytesIO(jsonl(compiled("ocds-x-1", tenderers=1))))
        db.session.commit()
        assert db.session.scalar(select(func.count(ContractingProcess.id))) == 1
    assert _count(ContractingProcess) == 2 and _count(ProcessParty) == 2
    with tenant_scope(biro["tenant"].id):
        assert queries.buyer_tender_stats(biro["public_body"].id)["tenders"] == 1
    assert queries.buyer_tender_stats(biro["public_body"].id, all_tenants=True)["tenders"] == 2
