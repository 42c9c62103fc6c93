from datetime import timedelta

import pytest
from sqlalchemy import func, select

from pactplatform.errors import Conflict, OperationError
from pactplatform.extensions import db
from pactplatform.ledger.models import LedgerEntry
from pactplatform.monitoring import operations
from pactplatform.monitoring.models import CaseEvent, Evidence, MonitoringReport, ViolationCase
from pactplatform.signing.operations import WrongPassphrase
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.monitoring_fixtures import CASE, NOW, PDF, PNG, make_case

pytestmark = pytest.mark.usefixtures("english_messages")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model).execution_options(all_tenants=True))


def test_due_process_records_every_step_and_signs_the_decision(monitored, bureau):
    case = make_case(bureau, monitored, until="confirmed", files=[("foto.png", PNG)])
    assert [e.to_status for e in case.events] == ["reported", "notified", "answered", "confirmed"]
    decision = case.decision
    assert decision.actor_id == bureau["monitor"].id and decision.reason == "Bukti kuat."
    assert operations.check_decision(decision)["ok"]
    assert '"decision":"confirmed"' in decision.payload and f'"case":{case.id}' in decision.payload
    assert case.answer == "Kami membantah." and case.answered_by_id == bureau["signer_a"].id
    events = set(db.session.scalars(select(LedgerEntry.event).where(LedgerEntry.subject_type.in_(
        ["violation_case", "case_event", "evidence"]))))
    assert {"violation_case.reported", "violation_case.confirmed", "case_event.created", "evidence.added"} <= events


def test_a_tampered_decision_no_longer_verifies(monitored, bureau):
    case = make_case(bureau, monitored, until="confirmed")
    decision = case.decision
    decision.payload = decision.payload.replace("confirmed", "dismissed")
    assert not operations.check_decision(decision)["ok"]
    db.session.rollback()


def test_the_monitor_cannot_decide_before_the_deadline_without_an_answer(monitored, bureau):
    case = make_case(bureau, monitored, until="notified")
    with tenant_scope(bureau["tenant"].id), pytest.raises(Conflict):
        operations.decide(case, bureau["monitor"], "confirmed", "x", factories.SIGNING_PASSPHRASE,
                          now=NOW + timedelta(days=5))
    db.session.rollback()
    assert not case.is_overdue((NOW + timedelta(days=10)).date())
    assert case.is_overdue((NOW + timedelta(days=11)).date())
    with tenant_scope(bureau["tenant"].id):
        operations.decide(case, bureau["monitor"], "confirmed", "Tidak menjawab.", factories.SIGNING_PASSPHRASE,
                          now=NOW + timedelta(days=11))
    db.session.commit()
    assert case.status == "confirmed"


def test_a_wrong_passphrase_signs_and_changes_nothing(monitored, bureau):
    case = make_case(bureau, monitored, until="answered")
    with tenant_scope(bureau["tenant"].id), pytest.raises(WrongPassphrase):
        operations.decide(case, bureau["monitor"], "confirmed", "x", "wrong passphrase!")
    db.session.rollback()
    assert db.session.get(ViolationCase, case.id).status == "answered"


def test_a_monitor_of_another_pact_can_do_nothing_with_it(monitored, bureau):
    stranger = factories.user(name="Pemantau Lain")
    factories.member(bureau["tenant"], stranger, "monitor")
    with tenant_scope(bureau["tenant"].id), pytest.raises(OperationError, match="assigned"):
        operations.log_case(bureau["tenant"], stranger, monitored, {**CASE, "organisation_id": bureau["firm_a"].id})
    db.session.rollback()
    case = make_case(bureau, monitored)
    with tenant_scope(bureau["tenant"].id), pytest.raises(OperationError, match="assigned"):
        operations.notify(case, stranger)
    db.session.rollback()
    assert count(ViolationCase) == 1 and db.session.get(ViolationCase, case.id).status == "reported"


@pytest.mark.parametrize("field, value", [
    ("organisation_id", 0), ("stage", "bidding"), ("violation_type", "murder"), ("severity", "huge"), ("description", " "),
])
def test_bad_case_input_names_its_field(monitored, bureau, field, value):
    data = {**CASE, "organisation_id": bureau["firm_a"].id, field: value}
    with tenant_scope(bureau["tenant"].id), pytest.raises(OperationError) as error:
        operations.log_case(bureau["tenant"], bureau["monitor"], monitored, data)
    assert error.value.field == field
    db.session.rollback()
    assert count(ViolationCase) == 0


@pytest.mark.parametrize("name, data, message", [
    ("big.pdf", PDF + b"0" * (5 * 1024 * 1024), "larger than 5 MB"),
    ("report.pdf", b"<html><script>alert(1)</script></html>", "not a PDF, PNG or JPEG"),
    ("virus.exe", b"MZ\x90\x00", "not a PDF, PNG or JPEG"),
    ("empty.pdf", b"", "empty"),
])
def test_evidence_is_checked_by_size_and_content_and_a_refusal_writes_nothing(monitored, bureau, name, data, message):
    files = [("good.png", PNG), (name, data)]
    with tenant_scope(bureau["tenant"].id), pytest.raises(OperationError, match=message) as error:
        operations.log_case(bureau["tenant"], bureau["monitor"], monitored,
                            {**CASE, "organisation_id": bureau["firm_a"].id}, files)
    assert error.value.field == "evidence"
    db.session.rollback()
    assert count(ViolationCase) == 0 and count(Evidence) == 0


def test_evidence_gets_a_safe_name_of_its_real_type(monitored, bureau):
    case = make_case(bureau, monitored, files=[("../../etc/passwd.png", PDF), ("foto\x00<b>.jpeg", b"\xff\xd8\xff\xe0" + b"1" * 10)])
    names = [(e.filename, e.content_type) for e in case.evidence]
    assert names == [("passwd.pdf", "application/pdf"), ("foto_b.jpg", "image/jpeg")]


def test_only_the_respondent_answers_and_only_once_notified(monitored, bureau):
    case = make_case(bureau, monitored)
    with tenant_scope(bureau["tenant"].id), pytest.raises(Conflict):
        operations.answer(case, bureau["signer_a"], "Terlalu dini.")
    db.session.rollback()
    case = make_case(bureau, monitored, until="notified")
    with tenant_scope(bureau["tenant"].id), pytest.raises(OperationError, match="respondent"):
        operations.answer(case, bureau["signer_b"], "Bukan kami.")
    db.session.rollback()
    assert db.session.get(ViolationCase, case.id).answer == ""


def test_notify_needs_a_future_deadline(monitored, bureau):
    case = make_case(bureau, monitored)
    with tenant_scope(bureau["tenant"].id), pytest.raises(OperationError) as error:
        operations.notify(case, bureau["monitor"], NOW.date(), now=NOW)
    assert error.value.field == "answer_due_on"
    db.session.rollback()
    with tenant_scope(bureau["tenant"].id):
        operations.notify(case, bureau["monitor"], now=NOW)
    assert case.answer_due_on == NOW.date() + timedelta(days=14)


def test_a_confirmed_violation_can_be_remedied_a_dismissed_one_cannot(monitored, bureau):
    confirmed = make_case(bureau, monitored, until="confirmed")
    dismissed = make_case(bureau, monitored, organisation=bureau["firm_b"], until="dismissed")
    with tenant_scope(bureau["tenant"].id):
        operations.mark_remedied(confirmed, bureau["monitor"], "Penawaran ditarik dan personel diganti.")
        with pytest.raises(Conflict):
            operations.mark_remedied(dismissed, bureau["monitor"], "x")
    assert confirmed.status == "remedied" and dismissed.status == "dismissed"
    assert count(CaseEvent) == 9


def test_violation_types_default_and_custom(monitored, bureau):
    with tenant_scope(bureau["tenant"].id):
        custom = operations.add_violation_type(bureau["tenant"], bureau["admin"], "Pinjam bendera")
        with pytest.raises(Conflict):
            operations.add_violation_type(bureau["tenant"], bureau["admin"], "pinjam BENDERA")
        with pytest.raises(OperationError):
            operations.add_violation_type(bureau["tenant"], bureau["officer"], "Lainnya")
        assert {"bribery", "collusion", "undisclosed_agent_fees", custom.code} <= set(operations.available_types())
        case = operations.log_case(bureau["tenant"], bureau["monitor"], monitored,
                                   {**CASE, "violation_type": custom.code, "organisation_id": bureau["firm_b"].id})
        operations.retire_violation_type(bureau["tenant"], bureau["admin"], custom.id)
        assert custom.code not in operations.available_types()
    db.session.commit()
    assert case.violation_type_label == "Pinjam bendera"


def test_a_monitoring_report_is_a_pdf_signed_by_the_monitor(monitored, bureau):
    from pactplatform.monitoring.verification import check_upload
    from pactplatform.signing.pdf_check import INTACT

    make_case(bureau, monitored, until="confirmed")
    with tenant_scope(bureau["tenant"].id):
        report = operations.publish_report(bureau["tenant"], bureau["monitor"], monitored, {
            "kind": "periodic", "title": "Laporan Triwulan I", "period_start": NOW.date(),
            "period_end": NOW.date() + timedelta(days=90), "body": "## Temuan\n\nSatu pelanggaran terkonfirmasi.",
        }, factories.SIGNING_PASSPHRASE)
    db.session.commit()
    assert report.pdf.startswith(b"%PDF-") and count(MonitoringReport) == 1
    checked = check_upload(report, report.pdf)
    assert checked.verdict == INTACT
    [signature] = checked.signatures
    assert signature.verifies and signature.trusted and signature.known.document.key == ("monitoring_report", report.id)
    assert "Pemantau" in signature.signer


def test_a_report_period_cannot_end_before_it_starts(monitored, bureau):
    with tenant_scope(bureau["tenant"].id), pytest.raises(OperationError) as error:
        operations.publish_report(bureau["tenant"], bureau["monitor"], monitored, {
            "kind": "final", "title": "Akhir", "period_start": NOW.date(), "period_end": NOW.date() - timedelta(days=1),
            "body": "x"}, factories.SIGNING_PASSPHRASE)
    assert error.value.field == "period_end"
