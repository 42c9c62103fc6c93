"""The process: every state move, who may make it, each logged (and signed where it is an act of intent);
bad input refused with a clear message and nothing written."""
import pytest
from sqlalchemy import func, select

from pactplatform.certification import operations
from pactplatform.certification.models import (
    APPLICANT, AUDITOR, Answer, Application, ApplicationEvent, Certificate, EvidenceLink,
)
from pactplatform.errors import Conflict, Forbidden, OperationError
from pactplatform.extensions import db
from pactplatform.ledger import audit as ledger_audit
from pactplatform.ledger.models import LedgerEntry
from pactplatform.monitoring.models import Evidence
from pactplatform.signing.operations import WrongPassphrase
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.certification.conftest import COALITION_EXAMPLE, PNG, at, declared, progressed

P = factories.SIGNING_PASSPHRASE


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_whole_coalition_path_is_logged_and_signed(body, english_messages):
    application = progressed(body, "granted")
    events = db.session.scalars(select(ApplicationEvent).where(ApplicationEvent.application_id == application.id)
                                .order_by(ApplicationEvent.id)).all()
    assert [(e.from_status, e.to_status) for e in events] == [
        (None, "declared"), ("declared", "self_assessed"), ("self_assessed", "submitted"),
        ("submitted", "under_audit"), ("under_audit", "changes_requested"), ("changes_requested", "under_audit"),
        ("under_audit", "recommended"), ("recommended", "granted")]
    signed = {e.to_status: operations.check_signed(e.payload, e.signature, e.certificate_pem)["ok"] for e in events
              if e.payload}
    assert signed == {"declared": True, "recommended": True, "granted": True}
    # For a coalition, joining the coalition action is the declaration; this scheme has none, so it is signed here.
    assert application.join_signature_id is None
    certificate = db.session.scalar(select(Certificate))
    assert certificate.number == "CAC/2026/000001" and certificate.level == "certified"
    assert certificate.expires_on.isoformat() == "2029-03-10"
    logged = {e for e in db.session.scalars(select(LedgerEntry.event))}
    assert {"certification_application.declared", "certification_application.granted", "certificate.issued",
            "certification_auditor.no_conflict_signed", "certification_answer.auditor"} <= logged
    assert ledger_audit.verify().ok


def test_zona_integritas_declaration_is_signed_by_the_unit_head(body):
    application = declared(body, "zi")
    event = application.events[0]
    assert operations.check_signed(event.payload, event.signature, event.certificate_pem)["ok"]
    assert application.deadline.isoformat() == "2026-05-31"


def test_coalition_declaration_is_joining_the_coalition_action(body):
    from pactplatform.actions import operations as action_operations
    from pactplatform.actions import policies

    admin, tenant = body["admin"], body["tenant"]
    action = factories.action(tenant, admin, policies.CERTIFIED_COALITION, title="Koalisi",
                              sections={"charter": ["Tanpa suap"]})
    with tenant_scope(tenant.id):
        action_operations.change_status(action, admin, "open")
        scheme = operations.create_scheme(tenant, admin, "coalition", name="Sertifikasi Koalisi", action_id=action.id)
        operations.publish(scheme, admin)
        application = operations.declare(tenant, body["firm_rep"], scheme, body["firm"].id, P)
    db.session.commit()
    assert application.join_signature_id is not None
    assert application.events[0].payload is None


def test_who_may_move(body, english_messages):
    application = declared(body)
    tenant, rep, admin, auditor = body["tenant"], body["firm_rep"], body["admin"], body["auditor"]
    with tenant_scope(tenant.id):
        with pytest.raises(Forbidden):
            operations.self_assess(application, auditor, {"A1": "yes"})
        with pytest.raises(Forbidden):
            operations.declare(tenant, auditor, body["coalition"], body["firm"].id, P)
        with pytest.raises(OperationError, match="firms only"):
            operations.declare(tenant, body["unit_head"], body["coalition"], body["unit"].id, P)
        with pytest.raises(Conflict, match="already has an application"):
            operations.declare(tenant, rep, body["coalition"], body["firm"].id, P)
        operations.self_assess(application, rep, COALITION_EXAMPLE, now=at(1))
        with pytest.raises(Conflict):
            operations.assign_auditor(tenant, admin, application, auditor.id)  # not submitted yet
        operations.submit(application, rep, now=at(2))
        with pytest.raises(Forbidden):
            operations.assign_auditor(tenant, rep, application, auditor.id)
        with pytest.raises(OperationError, match="auditor role"):
            operations.assign_auditor(tenant, admin, application, rep.id)
        with pytest.raises(Forbidden, match="assigned"):
            operations.sign_no_conflict(application, auditor, P)
        operations.assign_auditor(tenant, admin, application, auditor.id)
        with pytest.raises(Conflict, match="no-conflict"):
            operations.audit(application, auditor, {"A1": "yes"})
        with pytest.raises(Conflict, match="recommended"):
            operations.decide(tenant, admin, application, True, "certified", "", P)
        with pytest.raises(WrongPassphrase):
            operations.sign_no_conflict(application, auditor, "wrong passphrase")
        operations.sign_no_conflict(application, auditor, P)
        with pytest.raises(OperationError, match="Score every criterion"):
            operations.recommend(application, auditor, "Baik.", P)


def test_a_representative_of_the_applicant_cannot_audit_it(body, english_messages):
    application = progressed(body, "submitted")
    tenant, rep = body["tenant"], body["firm_rep"]
    from pactplatform.tenancy import operations as tenancy

    with tenant_scope(tenant.id):
        tenancy.set_roles(tenant, body["admin"], rep.id, ["representative", "auditor"])
    db.session.commit()
    with tenant_scope(tenant.id), pytest.raises(Conflict, match="represents the applicant"):
        operations.assign_auditor(tenant, body["admin"], application, rep.id)


def test_auditor_score_decides_and_both_stay(body, english_messages):
    weak = {**COALITION_EXAMPLE, "C4": "no"}
    application = progressed(body, "recommended", answers=COALITION_EXAMPLE, audit_answers=weak)
    assert application.answers_of(APPLICANT)["C4"] == "yes" and application.answers_of(AUDITOR)["C4"] == "no"
    assert operations.audit_result(application).level is None
    with tenant_scope(body["tenant"].id):
        with pytest.raises(OperationError, match="does not earn"):
            operations.decide(body["tenant"], body["admin"], application, True, "certified", "", P)
        with pytest.raises(OperationError, match="reasons"):
            operations.decide(body["tenant"], body["admin"], application, False, None, "", P)
        operations.decide(body["tenant"], body["admin"], application, False, None, "Uang pelicin tidak dilarang.", P)
    db.session.commit()
    assert application.status == "refused" and _count(Certificate) == 0


def test_bad_answers_write_nothing(body, english_messages):
    application = declared(body)
    before = (_count(Answer), _count(Evidence), _count(LedgerEntry))
    with tenant_scope(body["tenant"].id):
        with pytest.raises(OperationError, match="percentage from 0 to 100") as refused:
            operations.self_assess(application, body["firm_rep"], {"A1": "yes", "D2": "120"})
        assert refused.value.field == "answer_D2"
        with pytest.raises(OperationError, match="one of: A, B, C"):
            operations.self_assess(application, body["firm_rep"], {"A1": "yes", "A3": "Z"})
        with pytest.raises(OperationError, match="larger than 5 MB"):
            operations.self_assess(application, body["firm_rep"], {"A1": "yes"},
                                   files={"A1": [("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024))]})
        with pytest.raises(OperationError, match="not a PDF, PNG or JPEG"):
            operations.self_assess(application, body["firm_rep"], {"A1": "yes"}, files={"A1": [("x.pdf", b"MZ...")]})
    db.session.rollback()
    assert (_count(Answer), _count(Evidence), _count(LedgerEntry)) == before


def test_evidence_goes_to_the_evidence_store(body):
    application = declared(body)
    with tenant_scope(body["tenant"].id):
        operations.self_assess(application, body["firm_rep"], {"A1": "yes"}, files={"A1": [("kebijakan.png", PNG)]})
    db.session.commit()
    link = db.session.scalar(select(EvidenceLink))
    assert link.criterion_code == "A1" and link.evidence.case_id is None
    assert link.evidence.content_type == "image/png" and link.evidence.filename == "kebijakan.png"


def test_submission_needs_every_mandatory_criterion(body, english_messages):
    application = declared(body)
    answers = {k: v for k, v in COALITION_EXAMPLE.items() if k != "C4"}
    with tenant_scope(body["tenant"].id):
        operations.self_assess(application, body["firm_rep"], answers)
        with pytest.raises(OperationError, match="mandatory criterion first: C4"):
            operations.submit(application, body["firm_rep"])
    assert application.status == "declared"


def test_declaration_lapses_at_its_deadline(body, english_messages):
    application = declared(body)
    assert application.deadline.isoformat() == "2027-09-02"  # 18 months
    late = at(0).replace(year=2027, month=9, day=3)
    assert operations.effective_status(application, late.date()) == "lapsed"
    with tenant_scope(body["tenant"].id):
        operations.self_assess(application, body["firm_rep"], COALITION_EXAMPLE, now=at(1))
        with pytest.raises(Conflict, match="lapsed"):
            operations.submit(application, body["firm_rep"], now=late)
        # A lapsed declaration does not block a new one.
        fresh = operations.declare(body["tenant"], body["firm_rep"], body["coalition"], body["firm"].id, P, now=late)
    assert fresh.id != application.id


def test_change_request_needs_a_future_deadline(body, english_messages):
    application = progressed(body, "under_audit")
    with tenant_scope(body["tenant"].id), pytest.raises(OperationError, match="after today"):
        operations.request_changes(application, body["auditor"], "Kurang.", at(4).date(), now=at(5))


def test_application_counts(body):
    progressed(body, "granted")
    assert _count(Application) == 1
