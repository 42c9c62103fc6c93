"""Coordinators, goals and indicators, progress updates with their refusals, and small wins in the log."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from pactplatform.errors import OperationError
from pactplatform.extensions import db
from pactplatform.ledger.models import LedgerEntry
from pactplatform.monitoring.models import Evidence
from pactplatform.progress import operations
from pactplatform.progress.arithmetic import shown
from pactplatform.progress.coordinators import can_coordinate
from pactplatform.progress.models import ProgressUpdate, SmallWin
from pactplatform.progress.queries import goals_of, progress_of
from pactplatform.tenancy.scoping import tenant_scope
from tests.progress.conftest import TODAY, indicator_data

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _events(subject_type: str) -> list[str]:
    return list(db.session.scalars(select(LedgerEntry.event).where(LedgerEntry.subject_type == subject_type)
                                   .order_by(LedgerEntry.index)))


def _refusal(call) -> dict:
    with pytest.raises(OperationError) as refused:
        call()
    db.session.rollback()
    return {field: str(message) for field, message in refused.value.field_errors}


def test_officers_coordinate_and_name_member_organisations(bureau, initiative):
    tenant = bureau["tenant"]
    with tenant_scope(tenant.id):
        assert can_coordinate(bureau["officer"], initiative) and can_coordinate(bureau["admin"], initiative)
        assert not can_coordinate(bureau["signer_a"], initiative)
        with pytest.raises(OperationError):  # a member cannot name itself
            operations.name_coordinator(initiative, bureau["signer_a"], bureau["firm_a"].id)
        refused = _refusal(lambda: operations.name_coordinator(initiative, bureau["officer"], bureau["public_body"].id))
        assert "organisation_id" in refused  # not a member of this initiative
        named = operations.name_coordinator(initiative, bureau["officer"], bureau["firm_a"].id)
        assert can_coordinate(bureau["signer_a"], initiative) and not can_coordinate(bureau["signer_b"], initiative)
        operations.remove_coordinator(initiative, bureau["officer"], named.id)
        assert not can_coordinate(bureau["signer_a"], initiative)
    assert _events("action_coordinator") == ["action_coordinator.named", "action_coordinator.removed"]


def test_an_indicator_refuses_every_bad_field_at_once(bureau, initiative):
    with tenant_scope(bureau["tenant"].id):
        goal = operations.create_goal(initiative, bureau["officer"], "Kasus tertangani", "")
        db.session.commit()
        refused = _refusal(lambda: operations.create_indicator(initiative, bureau["officer"], indicator_data(
            goal, bureau["public_body"], name_id="", unit_type="count", baseline="2.5", target="x", due_on=None)))
    assert set(refused) == {"name_id", "baseline", "target", "due_on", "organisation_id"}
    with tenant_scope(bureau["tenant"].id):
        refused = _refusal(lambda: operations.create_indicator(initiative, bureau["officer"], indicator_data(
            goal, bureau["firm_a"], baseline="10", target="5", direction="up")))
    assert set(refused) == {"target"}  # higher is better, yet the target lies below the baseline


def test_updates_refuse_wrong_type_future_dates_and_a_silent_setback(bureau, initiative, indicator):
    signer = bureau["signer_a"]
    with tenant_scope(bureau["tenant"].id):
        operations.post_update(initiative, indicator, signer, "9085", TODAY - timedelta(days=7), "")
        db.session.commit()
        assert "value" in _refusal(lambda: operations.post_update(initiative, indicator, signer, "9100.5", TODAY, ""))
        future = _refusal(lambda: operations.post_update(initiative, indicator, signer, "9100", TODAY + timedelta(days=1), ""))
        assert "masa depan" in future["recorded_on"]
        earlier = _refusal(lambda: operations.post_update(initiative, indicator, signer, "9100", TODAY - timedelta(days=8), ""))
        assert "recorded_on" in earlier
        setback = _refusal(lambda: operations.post_update(initiative, indicator, signer, "9000", TODAY, ""))
        assert "lebih rendah dari pembaruan sebelumnya (9085" in setback["value"] and "catatan" in setback["value"]
        operations.post_update(initiative, indicator, signer, "9000", TODAY, "Data ganda dihapus")  # explained: recorded
        db.session.commit()
        assert [shown(u.value) for u in indicator.updates] == ["9085", "9000"]
        with pytest.raises(OperationError) as refused:  # PT Beta does not answer for this indicator
            operations.post_update(initiative, indicator, bureau["signer_b"], "9100", TODAY, "")
        assert refused.value.status == 403


def test_meeting_the_target_publishes_one_small_win_in_the_log(bureau, initiative, indicator):
    with tenant_scope(bureau["tenant"].id):
        update = operations.post_update(initiative, indicator, bureau["signer_a"], "16377", TODAY, "Tercapai",
                                        files=[("bukti.png", PNG)])
        operations.post_update(initiative, indicator, bureau["signer_a"], "16400", TODAY, "")
        db.session.commit()
        wins = list(db.session.scalars(select(SmallWin)))
        assert [(w.kind, w.indicator_id, w.organisation_id, w.achieved_on) for w in wins] == [
            ("target_met", indicator.id, bureau["firm_a"].id, TODAY)]
        assert db.session.get(Evidence, update.evidence_id).filename == "bukti.png"
        (goal, items), = goals_of(initiative)
        assert items[0].percent == 100 and items[0].met
    assert _events("small_win") == ["small_win.target_met"]
    assert _events("progress_update") == ["progress_update.posted"] * 2


def test_lower_is_better_and_a_marked_milestone(bureau, initiative):
    with tenant_scope(bureau["tenant"].id):
        goal = operations.create_goal(initiative, bureau["officer"], "Waktu layanan", "Service time")
        days = operations.create_indicator(initiative, bureau["officer"], indicator_data(
            goal, bureau["firm_b"], unit="hari", unit_type="decimal", baseline="40", target="10", direction="down"))
        operations.post_update(initiative, days, bureau["signer_b"], "25", TODAY, "")
        db.session.commit()
        assert progress_of(days).percent == 50
        refused = _refusal(lambda: operations.post_update(initiative, days, bureau["signer_b"], "26", TODAY, ""))
        assert "lebih tinggi dari pembaruan sebelumnya" in refused["value"]
        assert "achieved_on" in _refusal(lambda: operations.mark_win(initiative, bureau["officer"], {
            "title": "Layanan daring", "achieved_on": TODAY + timedelta(days=1)}))
        with pytest.raises(OperationError):
            operations.mark_win(initiative, bureau["signer_b"], {"title": "Sendiri", "achieved_on": TODAY})
        db.session.rollback()
        operations.mark_win(initiative, bureau["officer"], {"title": "Layanan daring dibuka", "description": "",
                                                            "achieved_on": date(2026, 8, 1),
                                                            "organisation_id": bureau["firm_b"].id})
        db.session.commit()
    assert _events("small_win") == ["small_win.marked"]
    assert db.session.scalar(select(ProgressUpdate.organisation_id)) == bureau["firm_b"].id
