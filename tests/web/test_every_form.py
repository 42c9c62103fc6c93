"""Every form of the app, submitted with invalid input in the Indonesian interface: a 4xx status, a visible
message in Indonesian (never one of the English msgids), what was typed still there, and nothing written.

Each POST route outside the API needs a CASE here: a new route without one fails
test_every_post_route_has_a_case, which names it."""
import io
import re
from dataclasses import dataclass, field
from datetime import timedelta
from html import unescape
from pathlib import Path
from typing import Callable

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import func, select

from pactplatform.actions import operations as action_operations
from pactplatform.actions.models import (
    CollectiveAction, DocumentVersion, GateJustification, MonitorAssignment, Party, Signature,
)
from pactplatform.accounts.models import User
from pactplatform.extensions import db
from pactplatform.ledger.models import LedgerEntry
from pactplatform.monitoring import clock, operations as monitoring_operations
from pactplatform.monitoring.models import CaseEvent, Evidence, MonitoringReport, ViolationCase, ViolationType
from pactplatform.orgs.models import Organisation, Representative
from pactplatform.procurement.models import OcdsImport, RedFlagSettings
from pactplatform.risk import operations as risk_operations
from pactplatform.risk.models import MethodologyDraft, MethodologyVersion, QuestionnaireAnswers, RiskEvent
from pactplatform.sanctions import operations as sanction_operations
from pactplatform.sanctions.models import HonourSetting, Sanction, SanctionChange, SanctionObjection
from pactplatform.signing.models import SigningKey
from pactplatform.tenancy import operations as tenancy_operations
from pactplatform.tenancy.models import Invitation, Membership, Tenant
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.action_fixtures import party_of
from tests.conftest import csrf_token, login
from tests.monitoring_fixtures import NOW, make_case
from tests.sanctions.helpers import DECIDED_ON, decided, proposed

ROOT = Path(__file__).resolve().parents[2]
TYPED = "Teks yang diketik tetap ada"
TOO_LONG = "x" * 5000  # longer than every single-line field's limit
NUL = "Ada\x00karakter NUL"


@dataclass
class Submission:
    """What a case submits and how to see that nothing was written."""

    url: str
    data: dict
    who: User | None = None
    counted: tuple = ()            # models whose row count must not change (the ledger is always counted)
    typed: str | None = TYPED      # a text that must be shown again; None for forms without free text
    csrf_from: str | None = None   # the page to read a CSRF token from; None: post without one (confirm-only forms)
    files: dict = field(default_factory=dict)
    unchanged: Callable[[], object] | None = None   # another state that must not change (a status, a hash)


CASES: dict[str, Callable[[pytest.FixtureRequest], Submission]] = {}


def case(endpoint: str):
    def register(build):
        CASES[endpoint] = build
        return build
    return register


def _world(request):
    """The bureau with its open, monitored integrity pact (tests/action_fixtures.py, monitoring_fixtures.py)."""
    pact = request.getfixturevalue("monitored")
    return request.getfixturevalue("bureau"), pact


def _initiative(bureau, endorse=True):
    action = factories.action(bureau["tenant"], bureau["officer"], "principle_initiative", title="Kode etik",
                              sections={"principles": ["Tidak menyuap"]})
    with tenant_scope(bureau["tenant"].id):
        action_operations.change_status(action, bureau["officer"], "open")
        if endorse:
            action_operations.join(action, bureau["signer_a"], bureau["firm_a"].id, factories.SIGNING_PASSPHRASE)
    db.session.commit()
    return action


def _confirm_only(url, who, *counted, unchanged=None):
    """A button with nothing typed: the only bad input is a request without its CSRF token."""
    return Submission(url, {}, who, counted, typed=None, csrf_from=None, unchanged=unchanged)


# --- accounts, signing, language ------------------------------------------------------------------------------

@case("accounts.login")
def _(request):
    factories.user(email="ada@example.org")
    return Submission("/login", {"email": TYPED, "password": ""}, None, (User,), csrf_from="/login")


@case("accounts.register")
def _(request):
    return Submission("/register", {"name": TYPED + "\x00", "email": "bukan-email", "password": "pendek",
                                    "confirm": "lain"}, None, (User,), typed=None, csrf_from="/register")


@case("accounts.logout")
def _(request):
    return _confirm_only("/logout", factories.user())


@case("accounts.change_password")
def _(request):
    person = factories.user()
    return Submission("/account/password", {"current_password": "", "password": "a", "confirm": "b"}, person,
                      (User,), typed=None, csrf_from="/account/password",
                      unchanged=lambda: db.session.get(User, person.id).password_hash)


@case("accounts.confirm_email")
def _(request):
    return Submission("/confirm-email/bukan-token", {}, None, (User,), typed=None, csrf_from="/login")


@case("signing.signing_key")
def _(request):
    return Submission("/account/signing-key", {"passphrase": "pendek", "confirm": "lain"}, factories.user(),
                      (SigningKey,), typed=None, csrf_from="/account/signing-key")


@case("web.set_language")
def _(request):
    return _confirm_only("/lang/en", None)


# --- tenancy -----------------------------------------------------------------------------------------------------

@case("tenancy.new_tenant")
def _(request):
    return Submission("/tenants/new", {"name": TYPED, "slug": "Bukan Slug!", "description": NUL,
                                       "default_locale": "id"}, factories.user(), (Tenant,), csrf_from="/tenants/new")


@case("tenancy.invite_member")
def _(request):
    bureau, _pact = _world(request)
    return Submission("/t/biro/members", {"email": TYPED}, bureau["admin"], (Invitation, Membership),
                      csrf_from="/t/biro/members")


def _invitation(bureau):
    invited = factories.user()
    with tenant_scope(bureau["tenant"].id):
        invitation = tenancy_operations.invite_member(bureau["tenant"], bureau["admin"], invited.email, ["monitor"])
    db.session.commit()
    return invited, invitation


@case("tenancy.withdraw_invitation")
def _(request):
    bureau, _pact = _world(request)
    _invited, invitation = _invitation(bureau)
    return _confirm_only(f"/t/biro/invitations/{invitation.id}/withdraw", bureau["admin"], Invitation, Membership)


@case("tenancy.accept_invitation")
def _(request):
    bureau, _pact = _world(request)
    invited, invitation = _invitation(bureau)
    return _confirm_only(f"/invitations/{invitation.id}/accept", invited, Membership)


@case("tenancy.decline_invitation")
def _(request):
    bureau, _pact = _world(request)
    invited, invitation = _invitation(bureau)
    return _confirm_only(f"/invitations/{invitation.id}/decline", invited, Invitation, Membership,
                         unchanged=lambda: db.session.get(Invitation, invitation.id).status
                         if hasattr(Invitation, "status") else None)


@case("tenancy.edit_member")
def _(request):
    bureau, _pact = _world(request)
    url = f"/t/biro/members/{bureau['officer'].id}"
    return Submission(url, {"roles": "kaisar"}, bureau["admin"], (Membership,), typed=None, csrf_from=url)


@case("tenancy.remove_member")
def _(request):
    bureau, _pact = _world(request)
    return _confirm_only(f"/t/biro/members/{bureau['officer'].id}/remove", bureau["admin"], Membership)


# --- organisations -----------------------------------------------------------------------------------------------

@case("orgs.new")
def _(request):
    return Submission("/orgs/new", {"name": TYPED, "kind": "firm", "nib": "123", "npwp": "abc",
                                    "address": NUL, "sector": TOO_LONG}, factories.user(), (Organisation,),
                      csrf_from="/orgs/new")


@case("orgs.add_representative")
def _(request):
    bureau, _pact = _world(request)
    firm = bureau["firm_a"]
    url = f"/orgs/{firm.id}/representatives"
    return Submission(url, {"email": "bukan-email", "title": TYPED + TOO_LONG[:300]},
                      firm.representatives[0].user, (Representative,), typed=TYPED, csrf_from=f"/orgs/{firm.id}")


@case("orgs.remove_representative")
def _(request):
    bureau, _pact = _world(request)
    firm = bureau["firm_a"]
    other = firm.representatives[1]
    return _confirm_only(f"/orgs/{firm.id}/representatives/{other.id}/remove", firm.representatives[0].user,
                         Representative)


# --- actions -----------------------------------------------------------------------------------------------------

@case("actions.new")
def _(request):
    bureau, _pact = _world(request)
    url = "/t/biro/actions/new?kind=integrity_pact"
    return Submission(url, {"title": TYPED + TOO_LONG, "summary": TYPED, "starts_on": "2026-08-01",
                            "ends_on": "2026-07-01", "tender_code": "T-9", "tender_title": "Jembatan",
                            "tender_procuring_entity_id": str(bureau["public_body"].id),
                            "tender_budget_ceiling": "100", "tender_owner_estimate": "200", "tender_year": "1999",
                            "tender_stage": "planning"},
                      bureau["officer"], (CollectiveAction,), csrf_from=url)


@case("actions.revise")
def _(request):
    bureau, pact = _world(request)
    url = f"/t/biro/actions/{pact.id}/document"
    return Submission(url, {"body": TYPED + "\n\x00", "note": "", "base_version": str(pact.current_version.number)},
                      bureau["officer"], (DocumentVersion,), csrf_from=f"/t/biro/actions/{pact.id}")


@case("actions.add_party")
def _(request):
    bureau, pact = _world(request)
    return Submission(f"/t/biro/actions/{pact.id}/parties", {"organisation_id": "", "role": "bidder"},
                      bureau["officer"], (Party,), typed=None, csrf_from=f"/t/biro/actions/{pact.id}")


@case("actions.remove_party")
def _(request):
    bureau, pact = _world(request)
    party = party_of(pact, bureau["firm_b"])
    return Submission(f"/t/biro/actions/{pact.id}/parties/{party.id}/remove", {"reason": TYPED + TOO_LONG},
                      bureau["officer"], (Party,), csrf_from=f"/t/biro/actions/{pact.id}")


@case("actions.add_subcontractor")
def _(request):
    bureau, pact = _world(request)
    party = party_of(pact, bureau["firm_a"])
    return Submission(f"/t/biro/actions/{pact.id}/parties/{party.id}/subcontractors", {"organisation_id": "x"},
                      bureau["signer_a"], (Party,), typed=None, csrf_from=f"/t/biro/actions/{pact.id}")


@case("actions.justify")
def _(request):
    bureau, pact = _world(request)
    return Submission(f"/t/biro/actions/{pact.id}/justifications",
                      {"organisation_id": "", "text": TYPED + TOO_LONG, "passphrase": ""},
                      bureau["officer"], (GateJustification,), csrf_from=f"/t/biro/actions/{pact.id}")


@case("actions.assign_monitor")
def _(request):
    bureau, pact = _world(request)
    return Submission(f"/t/biro/actions/{pact.id}/monitors", {"user_id": "99999999999"},
                      bureau["admin"], (MonitorAssignment,), typed=None, csrf_from=f"/t/biro/actions/{pact.id}")


@case("actions.change_status")
def _(request):
    bureau, pact = _world(request)
    return Submission(f"/t/biro/actions/{pact.id}/status", {"target": "terbang", "reason": TYPED},
                      bureau["admin"], (CollectiveAction,), csrf_from=f"/t/biro/actions/{pact.id}",
                      unchanged=lambda: db.session.get(CollectiveAction, pact.id).status)


@case("actions.sign")
def _(request):
    bureau, pact = _world(request)
    party = party_of(pact, bureau["firm_a"])
    url = f"/t/biro/actions/{pact.id}/sign/{party.id}"
    return Submission(url, {"passphrase": "", "version": "abc"}, bureau["signer_a"], (Signature,), typed=None,
                      csrf_from=url)


@case("actions.join")
def _(request):
    bureau, _pact = _world(request)
    initiative = _initiative(bureau, endorse=False)
    url = f"/t/biro/actions/{initiative.id}/join"
    return Submission(url, {"passphrase": "", "organisation_id": "x"}, bureau["signer_b"], (Signature,),
                      typed=None, csrf_from=url)


@case("actions.withdraw")
def _(request):
    bureau, _pact = _world(request)
    initiative = _initiative(bureau)
    signature = initiative.signatures[0]
    return Submission(f"/t/biro/actions/{initiative.id}/signatures/{signature.id}/withdraw",
                      {"reason": TYPED + TOO_LONG}, bureau["signer_a"], (Signature,),
                      csrf_from=f"/t/biro/actions/{initiative.id}",
                      unchanged=lambda: db.session.get(Signature, signature.id).withdrawn_at)


@case("actions.upgrade")
def _(request):
    bureau, _pact = _world(request)
    declaration = factories.action(bureau["tenant"], bureau["officer"], "declaration", title="Deklarasi")
    with tenant_scope(bureau["tenant"].id):
        action_operations.add_party(declaration, bureau["officer"], bureau["firm_a"].id,
                                    declaration.policy.party_roles[0])
        action_operations.change_status(declaration, bureau["officer"], "open")
    db.session.commit()
    url = f"/t/biro/actions/{declaration.id}/upgrade"
    return Submission(url, {"tender_code": TYPED, "tender_title": "", "tender_year": "1999",
                            "tender_budget_ceiling": "1,5", "tender_owner_estimate": "", "tender_stage": "planning"},
                      bureau["officer"], (CollectiveAction,), csrf_from=url)


@case("public_actions.verify_action")
def _(request):
    _bureau, pact = _world(request)
    url = f"/verify/actions/{pact.id}"
    return Submission(url, {}, None, (LedgerEntry,), typed=None, csrf_from=url)


# --- monitoring --------------------------------------------------------------------------------------------------

@case("monitoring.new_case")
def _(request):
    bureau, pact = _world(request)
    url = f"/t/biro/actions/{pact.id}/cases/new"
    return Submission(url, {"organisation_id": "", "stage": "selection", "violation_type": "collusion",
                            "severity": "major", "description": TYPED + "\x07"},
                      bureau["monitor"], (ViolationCase, Evidence), csrf_from=url)


@case("monitoring.notify")
def _(request):
    bureau, pact = _world(request)
    case_ = make_case(bureau, pact)
    return Submission(f"/t/biro/cases/{case_.id}/notify", {"answer_due_on": "besok", "reason": TYPED + TOO_LONG},
                      bureau["monitor"], (CaseEvent,), csrf_from=f"/t/biro/cases/{case_.id}")


@case("monitoring.answer")
def _(request):
    bureau, pact = _world(request)
    case_ = make_case(bureau, pact, until="notified")
    return Submission(f"/t/biro/cases/{case_.id}/answer", {"answer": TYPED + "\x00"},
                      bureau["signer_a"], (CaseEvent, Evidence), csrf_from=f"/t/biro/cases/{case_.id}")


@case("monitoring.decide")
def _(request):
    bureau, pact = _world(request)
    case_ = make_case(bureau, pact, until="answered")
    return Submission(f"/t/biro/cases/{case_.id}/decide", {"decision": "confirmed", "reason": TYPED + TOO_LONG * 3,
                                                          "passphrase": ""},
                      bureau["monitor"], (CaseEvent,), csrf_from=f"/t/biro/cases/{case_.id}")


@case("monitoring.remedy")
def _(request):
    bureau, pact = _world(request)
    case_ = make_case(bureau, pact, until="confirmed")
    return Submission(f"/t/biro/cases/{case_.id}/remedy", {"reason": TYPED + TOO_LONG * 2},
                      bureau["monitor"], (CaseEvent,), csrf_from=f"/t/biro/cases/{case_.id}")


@case("monitoring.add_evidence")
def _(request):
    bureau, pact = _world(request)
    case_ = make_case(bureau, pact)
    return Submission(f"/t/biro/cases/{case_.id}/evidence", {}, bureau["monitor"], (Evidence,), typed=None,
                      csrf_from=f"/t/biro/cases/{case_.id}",
                      files={"evidence": (io.BytesIO(b"bukan pdf"), "bukti.exe")})


@case("monitoring.new_report")
def _(request):
    bureau, pact = _world(request)
    url = f"/t/biro/actions/{pact.id}/reports/new"
    return Submission(url, {"kind": "periodic", "title": TYPED + TOO_LONG, "period_start": "2026-13-01",
                            "period_end": "", "body": "", "passphrase": ""},
                      bureau["monitor"], (MonitoringReport,), csrf_from=url)


@case("monitoring.add_type")
def _(request):
    bureau, _pact = _world(request)
    return Submission("/t/biro/violation-types", {"label": TYPED + TOO_LONG}, bureau["admin"], (ViolationType,),
                      csrf_from="/t/biro/violation-types")


@case("monitoring.retire_type")
def _(request):
    bureau, _pact = _world(request)
    with tenant_scope(bureau["tenant"].id):
        added = monitoring_operations.add_violation_type(bureau["tenant"], bureau["admin"], "Jenis uji yang ditambahkan")
    db.session.commit()
    return _confirm_only(f"/t/biro/violation-types/{added.id}/retire", bureau["admin"], ViolationType,
                         unchanged=lambda: db.session.get(ViolationType, added.id).retired_at
                         if hasattr(ViolationType, "retired_at") else None)


def _report(bureau, pact):
    with tenant_scope(bureau["tenant"].id):
        report = monitoring_operations.publish_report(bureau["tenant"], bureau["monitor"], pact, {
            "kind": "periodic", "title": "Laporan Triwulan I", "period_start": NOW.date(),
            "period_end": NOW.date() + timedelta(days=90), "body": "Tidak ada pelanggaran."},
            factories.SIGNING_PASSPHRASE)
    db.session.commit()
    return report


@case("public_monitoring.verify_report")
def _(request):
    bureau, pact = _world(request)
    report = _report(bureau, pact)
    url = f"/verify/actions/{pact.id}/reports/{report.id}"
    return Submission(url, {}, None, (LedgerEntry,), typed=None, csrf_from=url)


# --- sanctions ---------------------------------------------------------------------------------------------------

@case("sanctions.propose")
def _(request):
    bureau, pact = _world(request)
    case_ = make_case(bureau, pact, until="confirmed")
    url = f"/t/biro/sanctions/propose/{case_.id}"
    return Submission(url, {"kind": "debarment", "decree_number": "", "legal_basis": TYPED, "grounds": "",
                            "issuing_unit": TOO_LONG, "starts_on": "kemarin", "ends_on": "", "years": "2",
                            "objection_days": "90"},
                      bureau["officer"], (Sanction,), csrf_from=url)


@case("sanctions.decide")
def _(request):
    bureau, pact = _world(request)
    sanction = proposed(bureau, pact)
    url = f"/t/biro/sanctions/{sanction.id}"
    return Submission(f"{url}/decide", {"reason": TYPED + TOO_LONG * 2}, bureau["admin"], (SanctionChange,),
                      csrf_from=url, unchanged=lambda: db.session.get(Sanction, sanction.id).status)


@case("sanctions.reject")
def _(request):
    bureau, pact = _world(request)
    sanction = proposed(bureau, pact)
    url = f"/t/biro/sanctions/{sanction.id}"
    return Submission(f"{url}/reject", {"reason": TYPED + "\x1b"}, bureau["admin"], (SanctionChange,),
                      csrf_from=url, unchanged=lambda: db.session.get(Sanction, sanction.id).status)


def _today(request, day):
    from datetime import datetime

    config = request.getfixturevalue("app").config
    config["CLOCK_NOW"] = datetime(day.year, day.month, day.day, 3, 0)
    request.addfinalizer(lambda: config.pop("CLOCK_NOW", None))


@case("sanctions.object_")
def _(request):
    bureau, pact = _world(request)
    sanction = decided(bureau, pact)
    _today(request, DECIDED_ON + timedelta(days=1))
    url = f"/t/biro/sanctions/{sanction.id}"
    return Submission(f"{url}/objection", {"text": TYPED + "\x00"}, bureau["signer_a"], (SanctionObjection,),
                      csrf_from=url)


@case("sanctions.answer_objection")
def _(request):
    bureau, pact = _world(request)
    sanction = decided(bureau, pact)
    with tenant_scope(bureau["tenant"].id):
        sanction_operations.file_objection(sanction, bureau["signer_a"], "Kami keberatan.",
                                           today=DECIDED_ON + timedelta(days=1))
    db.session.commit()
    _today(request, DECIDED_ON + timedelta(days=2))
    url = f"/t/biro/sanctions/{sanction.id}"
    return Submission(f"{url}/objection/answer", {"outcome": "upheld", "answer": "", "decree_number": TYPED},
                      bureau["admin"], (SanctionChange,), csrf_from=url,
                      unchanged=lambda: db.session.get(Sanction, sanction.id).status)


@case("sanctions.change")
def _(request):
    bureau, pact = _world(request)
    sanction = decided(bureau, pact)
    url = f"/t/biro/sanctions/{sanction.id}"
    return Submission(f"{url}/change", {"change": "suspend", "decree_number": "", "reason": TYPED},
                      bureau["admin"], (SanctionChange,), csrf_from=url,
                      unchanged=lambda: db.session.get(Sanction, sanction.id).status)


@case("sanctions.release")
def _(request):
    bureau, pact = _world(request)
    sanction = decided(bureau, pact, kind="conditional_release", ends_on=DECIDED_ON.replace(year=2028),
                       conditions="Program kepatuhan diaudit.")
    _today(request, DECIDED_ON + timedelta(days=60))
    url = f"/t/biro/sanctions/{sanction.id}"
    return Submission(f"{url}/release", {"reason": TYPED + TOO_LONG * 2}, bureau["monitor"], (SanctionChange,),
                      csrf_from=url)


@case("sanctions.save_settings")
def _(request):
    bureau, _pact = _world(request)
    return Submission("/t/biro/sanctions/settings", {"mode": "semua", "on_adding": "meledak"}, bureau["admin"],
                      (HonourSetting,), typed=None, csrf_from="/t/biro/sanctions/settings")


# --- procurement -------------------------------------------------------------------------------------------------

@case("procurement.upload")
def _(request):
    bureau, _pact = _world(request)
    return Submission("/t/biro/tenders/import", {}, bureau["officer"], (OcdsImport,), typed=None,
                      csrf_from="/t/biro/tenders/")


@case("procurement.settings")
def _(request):
    bureau, _pact = _world(request)
    return Submission("/t/biro/tenders/settings", {"ini": "[R003]\nthreshold = 10\n" + TYPED + "\x00"},
                      bureau["admin"], (RedFlagSettings,), csrf_from="/t/biro/tenders/settings")


# --- risk --------------------------------------------------------------------------------------------------------

@case("risk.start_draft")
def _(request):
    bureau, _pact = _world(request)
    return Submission("/t/biro/risk/methodology/draft/start", {"preset": "bukan-preset"}, bureau["admin"],
                      (MethodologyDraft,), typed=None, csrf_from="/t/biro/risk/methodology")


@case("risk.save_draft")
def _(request):
    bureau, _pact = _world(request)
    with tenant_scope(bureau["tenant"].id):
        risk_operations.start_draft(bureau["tenant"], bureau["admin"], "standard-4x4")
    db.session.commit()
    url = "/t/biro/risk/methodology/draft"
    return Submission(url, {"reason": TYPED + "\x00", "effective_from": "bukan-tanggal", "publish": "1"},
                      bureau["admin"], (MethodologyVersion,), csrf_from=url)


def _risk_methodology(bureau):
    with tenant_scope(bureau["tenant"].id):
        risk_operations.start_draft(bureau["tenant"], bureau["admin"])
        risk_operations.publish(bureau["tenant"], bureau["admin"], "Versi pertama", clock.today())
    db.session.commit()


@case("risk.record_event")
def _(request):
    bureau, _pact = _world(request)
    _risk_methodology(bureau)
    page = f"/t/biro/risk/organisations/{bureau['firm_a'].id}"
    return Submission(f"{page}/events", {"kind": "risk", "description": TYPED + "\x00", "process_name": TOO_LONG,
                                         "occurred_on": "bukan-tanggal"},
                      bureau["officer"], (RiskEvent,), csrf_from=page)


@case("risk.record_answers")
def _(request):
    bureau, _pact = _world(request)
    _risk_methodology(bureau)
    page = f"/t/biro/risk/organisations/{bureau['firm_a'].id}"
    return Submission(f"{page}/answers", {"discretion": "9", "complexity": "bukan angka"}, bureau["officer"], (QuestionnaireAnswers,),
                      typed=None, csrf_from=page)


# --- certification ------------------------------------------------------------------------------------------

def _certification(request, until=None):
    """The bureau certifies: both templates published; PT Alpha's application taken up to `until`."""
    from tests.certification.conftest import make_body, progressed

    bureau, _pact = _world(request)
    body = make_body(bureau["tenant"], bureau["admin"], bureau["firm_a"], bureau["signer_a"])
    application = progressed(body, until) if until else None
    return body, application


def _application_url(application) -> str:
    return f"/t/biro/certification/applications/{application.id}"


@case("certification.create_scheme")
def _(request):
    from pactplatform.certification.models import Scheme

    body, _application = _certification(request)
    return Submission("/t/biro/certification/schemes", {"template": "bukan-templat", "name": TYPED}, body["admin"],
                      (Scheme,), csrf_from="/t/biro/certification/")


@case("certification.save_draft")
def _(request):
    from pactplatform.certification import operations
    from pactplatform.certification.models import SchemeVersion

    body, _application = _certification(request)
    with tenant_scope(body["tenant"].id):
        draft = operations.new_version(body["coalition"], body["admin"])
    db.session.commit()
    url = f"/t/biro/certification/schemes/{body['coalition'].id}"
    return Submission(url + "/draft", {"definition": "{bukan json " + TYPED, "note": ""}, body["admin"],
                      (SchemeVersion,), csrf_from=url,
                      unchanged=lambda: db.session.get(SchemeVersion, draft.id).definition_json)


@case("certification.publish")
def _(request):
    from pactplatform.certification.models import SchemeVersion

    body, _application = _certification(request)
    return _confirm_only(f"/t/biro/certification/schemes/{body['zi'].id}/publish", body["admin"], SchemeVersion)


@case("certification.new_version")
def _(request):
    from pactplatform.certification.models import SchemeVersion

    body, _application = _certification(request)
    return _confirm_only(f"/t/biro/certification/schemes/{body['zi'].id}/versions", body["admin"], SchemeVersion)


@case("certification.declare")
def _(request):
    from pactplatform.certification.models import Application

    body, _application = _certification(request)
    url = f"/t/biro/certification/schemes/{body['coalition'].id}/declare"
    return Submission(url, {"organisation_id": "", "passphrase": "", "scope": TYPED}, body["firm_rep"],
                      (Application,), csrf_from=url)


@case("certification.self_assess")
def _(request):
    from pactplatform.certification.models import Answer, EvidenceLink
    from tests.certification.conftest import declared

    body, _application = _certification(request)
    application = declared(body)
    url = _application_url(application)
    return Submission(url + "/self-assessment", {"answer_D2": "150", "note_A1": TYPED}, body["firm_rep"],
                      (Answer, EvidenceLink, Evidence), csrf_from=url)


@case("certification.audit")
def _(request):
    from pactplatform.certification.models import Answer

    body, application = _certification(request, "under_audit")
    url = _application_url(application)
    return Submission(url + "/audit", {"answer_D2": "150", "note_A1": TYPED}, body["auditor"], (Answer,),
                      csrf_from=url)


@case("certification.submit")
def _(request):
    from pactplatform.certification.models import ApplicationEvent

    body, application = _certification(request, "self_assessed")
    return _confirm_only(_application_url(application) + "/submit", body["firm_rep"], ApplicationEvent)


@case("certification.assign")
def _(request):
    from pactplatform.certification.models import AuditorAssignment

    body, application = _certification(request, "submitted")
    url = _application_url(application)
    return Submission(url + "/auditors", {"user_id": "999999"}, body["admin"], (AuditorAssignment,), typed=None,
                      csrf_from=url)


@case("certification.no_conflict")
def _(request):
    from pactplatform.certification import operations
    from pactplatform.certification.models import AuditorAssignment

    body, application = _certification(request, "submitted")
    with tenant_scope(body["tenant"].id):
        operations.assign_auditor(body["tenant"], body["admin"], application, body["auditor"].id)
    db.session.commit()
    url = _application_url(application)
    return Submission(url + "/no-conflict", {"passphrase": ""}, body["auditor"], (AuditorAssignment,), typed=None,
                      csrf_from=url, unchanged=lambda: db.session.scalar(
                          select(AuditorAssignment.coi_signed_at).execution_options(all_tenants=True)))


@case("certification.request_changes")
def _(request):
    from pactplatform.certification.models import ApplicationEvent

    body, application = _certification(request, "under_audit")
    url = _application_url(application)
    return Submission(url + "/changes", {"reason": TYPED, "due_on": "bukan-tanggal"}, body["auditor"],
                      (ApplicationEvent,), csrf_from=url)


@case("certification.recommend")
def _(request):
    from pactplatform.certification.models import ApplicationEvent

    body, application = _certification(request, "under_audit")
    url = _application_url(application)
    return Submission(url + "/recommend", {"recommendation": TYPED, "passphrase": ""}, body["auditor"],
                      (ApplicationEvent,), csrf_from=url)


@case("certification.decide")
def _(request):
    from pactplatform.certification.models import ApplicationEvent, Certificate

    body, application = _certification(request, "under_audit")  # not recommended: nothing to decide yet
    url = _application_url(application)
    return Submission(url + "/decide", {"outcome": "grant", "level": "certified", "reasons": TYPED,
                                        "passphrase": factories.SIGNING_PASSPHRASE},
                      body["admin"], (Certificate, ApplicationEvent), csrf_from=url)


@case("certification.decree")
def _(request):
    from pactplatform.certification.models import Certificate, CertificateDecree

    body, application = _certification(request, "granted")
    certificate = db.session.scalar(select(Certificate))
    url = f"/t/biro/certification/certificates/{certificate.id}"
    return Submission(url + "/decree", {"kind": "suspend", "reason": TYPED, "until": "bukan-tanggal",
                                        "passphrase": ""}, body["admin"], (CertificateDecree,), csrf_from=url)


@case("certification.add_benefit")
def _(request):
    from pactplatform.certification.models import BenefitSetting

    body, _application = _certification(request)
    url = "/t/biro/certification/benefits"
    return Submission(url, {"scheme_id": "", "min_level": "certified", "badge": "y"}, body["admin"],
                      (BenefitSetting,), typed=None, csrf_from=url)


@case("certification.remove_benefit")
def _(request):
    from pactplatform.certification import operations
    from pactplatform.certification.models import BenefitSetting

    body, _application = _certification(request)
    with tenant_scope(body["tenant"].id):
        operations.set_benefits(body["tenant"], body["admin"], [
            {"scheme_id": body["coalition"].id, "min_level": "certified", "benefits": ["badge"]}])
    db.session.commit()
    return _confirm_only("/t/biro/certification/benefits/0/remove", body["admin"], BenefitSetting,
                         unchanged=lambda: db.session.scalar(
                             select(BenefitSetting.rules_json).execution_options(all_tenants=True)))


@case("public_certificates.verify")
def _(request):
    from pactplatform.certification.models import Certificate

    _certification(request, "granted")
    certificate = db.session.scalar(select(Certificate))
    url = f"/verify/certificates/{certificate.number}"
    return Submission(url, {}, None, (), typed=None, csrf_from=url,
                      files={"document": (io.BytesIO(b"bukan pdf"), "sertifikat.pdf")})


# --- anonymous reports ------------------------------------------------------------------------------------------

def _filed_report(request):
    """The bureau's monitored pact with one anonymous report filed on it: (bureau, pact, report, receipt)."""
    from pactplatform.reports import operations as report_operations

    bureau, pact = _world(request)
    with tenant_scope(bureau["tenant"].id):
        report, receipt = report_operations.file_report(bureau["tenant"], pact, {
            "what": "Uang pelicin.", "when": "Maret 2026", "involved": "Panitia"})
    db.session.commit()
    return bureau, pact, report, receipt


@case("public_reports.about_action")
def _(request):
    from pactplatform.reports.models import Report, ReportFile

    _bureau, pact = _world(request)
    url = f"/report/actions/{pact.id}"
    return Submission(url, {"what": TYPED + "\x00", "when": "", "involved": ""}, None, (Report, ReportFile),
                      csrf_from=url)


@case("public_reports.to_tenant")
def _(request):
    from pactplatform.reports.models import Report

    _world(request)
    return Submission("/report/to/biro", {"what": TYPED, "when": "Kemarin", "involved": TOO_LONG}, None, (Report,),
                      csrf_from="/report/to/biro")


@case("public_reports.follow")
def _(request):
    _filed_report(request)
    return Submission("/report/follow", {"receipt": ""}, None, (), typed=None, csrf_from="/report/")


@case("public_reports.reply")
def _(request):
    from pactplatform.reports.models import ReportFile, ReportMessage

    _bureau, _pact, _report, receipt = _filed_report(request)
    return Submission("/report/reply", {"receipt": receipt, "message": TYPED + "\x00"}, None,
                      (ReportMessage, ReportFile), csrf_from="/report/")


@case("reports.acknowledge")
def _(request):
    from pactplatform.reports.models import ReportEvent

    bureau, _pact, report, _receipt = _filed_report(request)
    return _confirm_only(f"/t/biro/reports/{report.id}/acknowledge", bureau["monitor"], ReportEvent)


@case("reports.review")
def _(request):
    from pactplatform.reports.models import ReportEvent

    bureau, _pact, report, _receipt = _filed_report(request)
    return _confirm_only(f"/t/biro/reports/{report.id}/review", bureau["monitor"], ReportEvent)


@case("reports.message")
def _(request):
    from pactplatform.reports.models import ReportMessage

    bureau, _pact, report, _receipt = _filed_report(request)
    url = f"/t/biro/reports/{report.id}"
    return Submission(f"{url}/message", {"message": TYPED + "\x00"}, bureau["monitor"], (ReportMessage,),
                      csrf_from=url)


@case("reports.close")
def _(request):
    from pactplatform.reports.models import ReportEvent

    bureau, _pact, report, _receipt = _filed_report(request)
    url = f"/t/biro/reports/{report.id}"
    return Submission(f"{url}/close", {"reason": TYPED + TOO_LONG * 2}, bureau["monitor"], (ReportEvent,),
                      csrf_from=url)


@case("reports.promote")
def _(request):
    from pactplatform.reports.models import ReportEvent

    bureau, _pact, report, _receipt = _filed_report(request)
    url = f"/t/biro/reports/{report.id}"
    return Submission(f"{url}/promote", {"organisation_id": "", "stage": "selection", "violation_type": "bribery",
                                         "severity": "major", "description": TYPED},
                      bureau["monitor"], (ViolationCase, Evidence, ReportEvent), csrf_from=url)


@case("reports.settings")
def _(request):
    from pactplatform.reports.models import ReportRecipient, ReportSettings

    bureau, _pact = _world(request)
    url = "/t/biro/reports/settings"
    return Submission(url, {"acknowledge_days": "tujuh", "feedback_days": "90", "retention_days": "0",
                            "warning_days": "14"}, bureau["admin"], (ReportSettings, ReportRecipient), typed=None,
                      csrf_from=url)


# --- the checks --------------------------------------------------------------------------------------------------

def _post_routes(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules()
            if "POST" in rule.methods and not rule.rule.startswith("/api/")}


# --- progress ---
# An open principle-based initiative endorsed by PT Alpha, with one goal and one count indicator PT Alpha answers for.

def _progress(request, named=False):
    from pactplatform.progress import operations as progress_operations

    bureau, _pact = _world(request)
    action = _initiative(bureau)
    with tenant_scope(bureau["tenant"].id):
        goal = progress_operations.create_goal(action, bureau["officer"], "Kasus tertangani", "")
        indicator = progress_operations.create_indicator(action, bureau["officer"], {
            "goal_id": goal.id, "name_id": "Kasus diselesaikan", "name_en": "", "unit": "kasus", "unit_type": "count",
            "baseline": "0", "target": "100", "direction": "up", "due_on": clock.today() + timedelta(days=90),
            "organisation_id": bureau["firm_a"].id, "region": ""})
        coordinator = (progress_operations.name_coordinator(action, bureau["officer"], bureau["firm_a"].id)
                       if named else None)
    db.session.commit()
    return bureau, action, indicator, coordinator


@case("progress.name_coordinator")
def _(request):
    from pactplatform.progress.models import ActionCoordinator

    bureau, action, _indicator, _c = _progress(request)
    url = f"/t/biro/actions/{action.id}/progress/"
    return Submission(url + "coordinators", {"coordinator-organisation_id": "99999999999"}, bureau["officer"],
                      (ActionCoordinator,), typed=None, csrf_from=url)


@case("progress.remove_coordinator")
def _(request):
    from pactplatform.progress.models import ActionCoordinator

    bureau, action, _indicator, coordinator = _progress(request, named=True)
    return _confirm_only(f"/t/biro/actions/{action.id}/progress/coordinators/{coordinator.id}/remove",
                         bureau["officer"], ActionCoordinator,
                         unchanged=lambda: db.session.get(ActionCoordinator, coordinator.id).removed_at)


@case("progress.create_goal")
def _(request):
    from pactplatform.progress.models import Goal

    bureau, action, _indicator, _c = _progress(request)
    url = f"/t/biro/actions/{action.id}/progress/"
    return Submission(url + "goals", {"goal-title_id": NUL, "goal-title_en": TYPED}, bureau["officer"], (Goal,),
                      csrf_from=url)


@case("progress.create_indicator")
def _(request):
    from pactplatform.progress.models import Indicator

    bureau, action, indicator, _c = _progress(request)
    url = f"/t/biro/actions/{action.id}/progress/"
    return Submission(url + "indicators", {
        "indicator-goal_id": str(indicator.goal_id), "indicator-name_id": TYPED, "indicator-name_en": "",
        "indicator-unit": "kasus", "indicator-unit_type": "count", "indicator-baseline": "2.5",
        "indicator-target": "10", "indicator-direction": "up", "indicator-due_on": "2026-12-31",
        "indicator-organisation_id": str(bureau["firm_a"].id), "indicator-region": ""},
        bureau["officer"], (Indicator,), csrf_from=url)


@case("progress.post_update")
def _(request):
    from pactplatform.progress.models import ProgressUpdate

    bureau, action, indicator, _c = _progress(request)
    url = f"/t/biro/actions/{action.id}/progress/indicators/{indicator.id}"
    return Submission(url + "/updates", {"value": "2.5", "recorded_on": (clock.today() + timedelta(days=1)).isoformat(),
                                         "note": TYPED}, bureau["signer_a"], (ProgressUpdate, Evidence),
                      csrf_from=url, files={"evidence": (io.BytesIO(b"bukan bukti"), "bukti.txt")})


@case("progress.mark_win")
def _(request):
    from pactplatform.progress.models import SmallWin

    bureau, action, _indicator, _c = _progress(request)
    url = f"/t/biro/actions/{action.id}/progress/"
    return Submission(url + "wins", {"win-title": TYPED, "win-description": "", "win-organisation_id": "",
                                     "win-achieved_on": (clock.today() + timedelta(days=3)).isoformat()},
                      bureau["officer"], (SmallWin,), csrf_from=url)
# --- notifications ---------------------------------------------------------------------------------------------

def _notified(person):
    from pactplatform.notifications import kinds as notification_kinds
    from pactplatform.notifications.outbox import notify

    row = notify([person.id], notification_kinds.CASE_NOTIFIED, "violation_case", 1, tenant_id=None,
                 params={"organisation": "PT Alpha", "action": "Pakta", "due": "2026-07-11"}, link=None)[0]
    db.session.commit()
    return row


@case("notifications.read")
def _(request):
    from pactplatform.notifications.models import Notification

    person = factories.user()
    row = _notified(person)
    return _confirm_only(f"/notifications/{row.id}/read", person, Notification,
                         unchanged=lambda: db.session.get(Notification, row.id).read_at)


@case("notifications.read_all")
def _(request):
    from pactplatform.notifications.models import Notification

    person = factories.user()
    row = _notified(person)
    return _confirm_only("/notifications/read-all", person, Notification,
                         unchanged=lambda: db.session.get(Notification, row.id).read_at)


@case("notifications.preferences")
def _(request):
    from pactplatform.notifications.models import Preference

    return Submission("/notifications/preferences", {"case_notified": "bukan-pilihan"}, factories.user(),
                      (Preference,), typed=None, csrf_from="/notifications/preferences")


@case("notifications.follow")
def _(request):
    from pactplatform.notifications.models import Follow

    firm = factories.organisation(factories.user())
    return _confirm_only(f"/follow/organisation/{firm.id}", factories.user(), Follow)


@case("notifications.unfollow")
def _(request):
    from pactplatform.notifications.models import Follow
    from pactplatform.notifications.operations import follow

    person, firm = factories.user(), factories.organisation(factories.user())
    follow(person, "organisation", firm.id)
    db.session.commit()
    return _confirm_only(f"/unfollow/organisation/{firm.id}", person, Follow)


def _webhook(bureau):
    from pactplatform.notifications import webhooks

    with tenant_scope(bureau["tenant"].id):
        hook = webhooks.register(bureau["tenant"], bureau["admin"], "http://93.184.216.34/hook", ["sanction"])
    db.session.commit()
    return hook


@case("webhooks.index")
def _(request):
    from pactplatform.notifications.models import Webhook

    bureau, _pact = _world(request)
    return Submission("/t/biro/webhooks/", {"url": TYPED}, bureau["admin"], (Webhook,),
                      csrf_from="/t/biro/webhooks/")


@case("webhooks.remove")
def _(request):
    from pactplatform.notifications.models import Webhook

    bureau, _pact = _world(request)
    hook = _webhook(bureau)
    return _confirm_only(f"/t/biro/webhooks/{hook.id}/remove", bureau["admin"], Webhook,
                         unchanged=lambda: db.session.scalar(select(Webhook.active).execution_options(all_tenants=True)))


@case("webhooks.replay")
def _(request):
    from pactplatform.notifications.models import WebhookDelivery

    bureau, _pact = _world(request)
    hook = _webhook(bureau)
    delivery = WebhookDelivery(tenant_id=bureau["tenant"].id, webhook_id=hook.id, event="sanction.decided",
                               payload="{}", state="failed")
    db.session.add(delivery)
    db.session.commit()
    delivery_state = select(WebhookDelivery.state).execution_options(all_tenants=True)
    return _confirm_only(f"/t/biro/webhooks/{hook.id}/deliveries/{delivery.id}/replay", bureau["admin"], WebhookDelivery,
                         unchanged=lambda: db.session.scalar(delivery_state))
# --- collaboration ------------------------------------------------------------------------------------------

def _collaboration(request):
    """The bureau's initiative joined by PT Alpha and PT Beta; the officer coordinates it."""
    from tests.collaboration.conftest import initiative

    world = initiative(request.getfixturevalue("bureau"), member_count=2)
    return world, f"/t/biro/actions/{world['action'].id}/collaboration"


@case("collaboration.adopt_charter")
def _(request):
    from pactplatform.collaboration.models import Charter

    world, url = _collaboration(request)
    return Submission(url + "/charter", {"coordinators": "Wilayah: PT Tidak Ada", "cadence": TYPED,
                                         "ground_rules": "", "reporting_duty": "Triwulan"},
                      world["coordinator"], (Charter,), csrf_from=url + "/charter")


@case("collaboration.sign_charter")
def _(request):
    from pactplatform.collaboration import operations
    from pactplatform.collaboration.models import CharterSignature

    world, url = _collaboration(request)
    with tenant_scope(world["tenant"].id):
        charter = operations.adopt_charter(world["action"], world["coordinator"], "Wilayah: PT Alpha", "Bulanan",
                                           "Tepat waktu", "Triwulan")
    db.session.commit()
    return Submission(f"{url}/charter/{charter.id}/sign", {"passphrase": ""}, world["coordinator"],
                      (CharterSignature,), typed=None, csrf_from=url + "/charter")


def _collaboration_meeting(request):
    from pactplatform.collaboration import operations

    world, url = _collaboration(request)
    with tenant_scope(world["tenant"].id):
        meeting = operations.record_meeting(world["action"], world["coordinator"], clock.today(), "Evaluasi", "",
                                            [world["members"][0][0].id])
    db.session.commit()
    return world, url, meeting


@case("collaboration.record_meeting")
def _(request):
    from pactplatform.collaboration.models import Meeting

    world, url = _collaboration(request)
    return Submission(url + "/meetings", {"held_on": "bukan-tanggal", "agenda": TYPED, "minutes": NUL,
                                          "attendees": "999999"}, world["coordinator"], (Meeting,),
                      csrf_from=url + "/meetings")


@case("collaboration.record_decision")
def _(request):
    from pactplatform.collaboration.models import FollowUp

    world, url, meeting = _collaboration_meeting(request)
    page = f"{url}/meetings/{meeting.id}"
    return Submission(page + "/decisions", {"text": TYPED, "organisation_id": "", "due_on": "31-31-2027"},
                      world["coordinator"], (FollowUp,), csrf_from=page)


@case("collaboration.follow_up_status")
def _(request):
    from pactplatform.collaboration import operations
    from pactplatform.collaboration.models import FollowUp

    world, url, meeting = _collaboration_meeting(request)
    with tenant_scope(world["tenant"].id):
        item = operations.record_decision(world["action"], meeting, world["coordinator"], "Kode etik",
                                          world["members"][0][0].id, clock.today() + timedelta(days=30))
    db.session.commit()
    page = f"{url}/meetings/{meeting.id}"
    return Submission(f"{url}/follow-ups/{item.id}/status", {"status": "hilang"}, world["members"][0][1], (),
                      typed=None, csrf_from=page,
                      unchanged=lambda: db.session.scalar(select(FollowUp.status).execution_options(all_tenants=True)))


@case("collaboration.open_round")
def _(request):
    from pactplatform.collaboration.models import SurveyRound

    world, url = _collaboration(request)
    return _confirm_only(url + "/survey/rounds", world["coordinator"], SurveyRound)


@case("collaboration.close_round")
def _(request):
    from pactplatform.collaboration import operations
    from pactplatform.collaboration.models import SurveyRound

    world, url = _collaboration(request)
    with tenant_scope(world["tenant"].id):
        survey_round = operations.open_round(world["action"], world["coordinator"])
    db.session.commit()
    return _confirm_only(f"{url}/survey/rounds/{survey_round.id}/close", world["coordinator"], SurveyRound,
                         unchanged=lambda: db.session.scalar(
                             select(SurveyRound.closed_at).execution_options(all_tenants=True)))


@case("collaboration.answer")
def _(request):
    from pactplatform.collaboration import operations
    from pactplatform.collaboration.models import SurveyAnswerSet, SurveyParticipation

    world, url = _collaboration(request)
    with tenant_scope(world["tenant"].id):
        survey_round = operations.open_round(world["action"], world["coordinator"])
    db.session.commit()
    page = f"{url}/survey/rounds/{survey_round.id}/answer"
    return Submission(page, {"organisation_id": "", "discovery": "9", "leadership": "3"}, world["members"][0][1],
                      (SurveyAnswerSet, SurveyParticipation), typed=None, csrf_from=page)


@case("collaboration.survey_statements")
def _(request):
    from pactplatform.collaboration.models import SurveyTemplateVersion

    world, _url = _collaboration(request)
    return Submission("/t/biro/collaboration/statements", {"discovery_id": TYPED, "discovery_en": NUL},
                      world["coordinator"], (SurveyTemplateVersion,), csrf_from="/t/biro/collaboration/statements")
# --- open data: the organisations import ------------------------------------------------------------------------

@case("orgs_import.upload")
def _(request):
    bureau, _pact = _world(request)
    return Submission("/t/biro/organisations/import", {}, bureau["admin"], (Organisation,), typed=None,
                      csrf_from="/t/biro/organisations/import",
                      files={"file": (io.BytesIO(b"nib,npwp\n9100000000001,010000000000001\n"), "organisasi.csv")})


def test_every_post_route_has_a_case(app):
    missing = sorted(_post_routes(app) - set(CASES))
    assert not missing, f"POST routes without a case in tests/web/test_every_form.py: {missing}"
    assert not set(CASES) - _post_routes(app), "cases for routes that no longer exist"


def _english_patterns() -> list[re.Pattern]:
    """Each English msgid whose Indonesian differs, as a pattern its rendered message would match."""
    with (ROOT / "pactplatform/translations/id/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle)
    patterns = []
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            if msgid and msgid not in strings:
                pattern = re.sub(r"%\\\(\w+\\\)[sd]|%s", ".+?", re.escape(msgid))
                patterns.append(re.compile(pattern))
    return patterns


ENGLISH = _english_patterns()
MESSAGE_PLACES = (
    re.compile(r'<p class="error" id="[^"]*">(.*?)</p>', re.S),
    re.compile(r'<div class="form-errors" role="alert">(.*?)</div>', re.S),
    re.compile(r'<p class="error-message"[^>]*>(.*?)</p>', re.S),
    re.compile(r'<p class="flash flash-error">(.*?)</p>', re.S),
    re.compile(r'<p class="refusal"[^>]*>(.*?)</p>', re.S),
)


def shown_messages(html: str) -> list[str]:
    messages = []
    for place in MESSAGE_PLACES:
        for inner in place.findall(html):
            for part in re.split(r"</?p>|<p [^>]*>", inner):
                text = " ".join(unescape(re.sub(r"<[^>]+>", " ", part)).split())
                if text:
                    messages.append(text)
    return messages


def english_in(messages: list[str]) -> list[str]:
    return [m for m in messages if any(p.fullmatch(m) or p.search(m) and len(p.pattern) > 30 for p in ENGLISH)]


def _counts(models) -> tuple:
    return tuple(db.session.scalar(select(func.count()).select_from(model).execution_options(all_tenants=True))
                 for model in (LedgerEntry, *models))


@pytest.mark.parametrize("endpoint", sorted(CASES))
def test_invalid_input_is_refused_with_a_message_and_writes_nothing(request, app_ctx, client, endpoint):
    submission = CASES[endpoint](request)
    if submission.who is not None:
        assert login(client, submission.who.email).status_code == 302
    data = dict(submission.data)
    if submission.csrf_from is not None:
        data["csrf_token"] = csrf_token(client, submission.csrf_from)
    data.update(submission.files)
    before = _counts(submission.counted), submission.unchanged() if submission.unchanged else None
    db.session.rollback()

    response = client.post(submission.url, data=data,
                           content_type="multipart/form-data" if submission.files or submission.csrf_from else None)

    html = response.get_data(as_text=True)
    assert 400 <= response.status_code < 500, (endpoint, response.status_code, response.headers.get("Location"))
    assert '<html lang="id">' in html
    messages = shown_messages(html)
    assert messages, f"{endpoint}: {response.status_code} with no message shown"
    assert not english_in(messages), f"{endpoint}: English message shown: {english_in(messages)}"
    if submission.typed is not None:
        assert submission.typed in unescape(html), f"{endpoint}: the typed text is lost"
    db.session.rollback()
    after = _counts(submission.counted), submission.unchanged() if submission.unchanged else None
    assert after == before, f"{endpoint}: something was written"
