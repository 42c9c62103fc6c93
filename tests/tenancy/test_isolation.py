"""Walk every tenant-scoped route of the app's URL map, so a new route cannot be forgotten.

A logged-in member of another tenant gets 404 on each, with every method; an anonymous visitor is
sent to the login page (or gets 404). Routes whose URL takes more than the tenant need a value in
OBJECT_PARAMETERS, which names an object of tenant A; a route with an unknown parameter fails here
until it is added.
"""
import pytest

from pactplatform.actions import operations
from pactplatform.extensions import db
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.conftest import csrf_token, login

SKIP_METHODS = {"HEAD", "OPTIONS"}


@pytest.fixture
def world(app, app_ctx):
    admin_a, admin_b, member_a = factories.user(), factories.user(), factories.user()
    tenant_a = factories.tenant(admin_a, slug="tenant-a")
    factories.tenant(admin_b, slug="tenant-b")
    factories.member(tenant_a, member_a, "monitor", "officer", "representative", "auditor")
    firm = factories.organisation(factories.user())
    signer = factories.signer(tenant_a, firm)
    action = factories.action(tenant_a, admin_a, "declaration", title="A's declaration")
    with tenant_scope(tenant_a.id):
        party = operations.add_party(action, admin_a, firm.id, "participant")
        operations.change_status(action, admin_a, "open")
        signature = operations.sign(action, signer, party, factories.SIGNING_PASSPHRASE)
    db.session.commit()
    world = {"admin_b": admin_b, "tenant_a": tenant_a, "member_a": member_a, "action": action, "party": party,
             "signature": signature}
    world.update(_monitoring_world(app, tenant_a, admin_a, member_a, firm, signer))
    world.update(_procurement_world(tenant_a, admin_a))
    world.update(_certification_world(tenant_a, admin_a, member_a, firm, signer))
    world.update(_webhook_world(tenant_a, admin_a))
    world.update(_reports_world(tenant_a))
    world.update(_collaboration_world(tenant_a, admin_a, action, firm))
    return world


def _webhook_world(tenant, admin) -> dict:
    """A webhook with one delivery in tenant A (issue 13's URL parameters)."""
    from pactplatform.notifications import webhooks
    from pactplatform.notifications.models import WebhookDelivery

    with tenant_scope(tenant.id):
        hook = webhooks.register(tenant, admin, "http://93.184.216.34/hook", ["sanction"])
        delivery = WebhookDelivery(tenant_id=tenant.id, webhook_id=hook.id, event="sanction.decided", payload="{}")
        db.session.add(delivery)
    db.session.commit()
    return {"webhook": hook, "delivery": delivery}


def _reports_world(tenant) -> dict:
    """An anonymous report with a file in tenant A (issue 13's URL parameters)."""
    from pactplatform.reports import operations as reports
    from tests.monitoring_fixtures import PDF

    with tenant_scope(tenant.id):
        report, _receipt = reports.file_report(tenant, None, {"what": "Suap.", "when": "Kemarin", "involved": "X"},
                                               [("a.pdf", PDF)])
    db.session.commit()
    return {"report": report, "report_file": report.files[0]}


def _collaboration_world(tenant, admin, action, firm) -> dict:
    """A charter decision, a meeting with a decision and a survey round on A's declaration (issue 14's part B)."""
    from pactplatform.collaboration import operations as collaboration
    from pactplatform.monitoring import clock

    with tenant_scope(tenant.id):
        charter = collaboration.adopt_charter(action, admin, f"Wilayah: {firm.name}", "Bulanan", "Tepat waktu", "Triwulan")
        meeting = collaboration.record_meeting(action, admin, clock.today(), "Evaluasi", "", [firm.id])
        follow_up = collaboration.record_decision(action, meeting, admin, "Kode etik", firm.id, clock.today())
        survey_round = collaboration.open_round(action, admin)
    db.session.commit()
    return {"charter": charter, "meeting": meeting, "follow_up": follow_up, "survey_round": survey_round}


def _certification_world(tenant, admin, auditor, firm, signer) -> dict:
    """A scheme, an application with evidence and a certificate in tenant A (issue 10's URL parameters)."""
    from pactplatform.certification import operations as certification
    from pactplatform.signing import operations as signing
    from tests.certification.conftest import COALITION_EXAMPLE, PNG

    passphrase = factories.SIGNING_PASSPHRASE
    signing.create_signing_key(admin, passphrase)
    with tenant_scope(tenant.id):
        scheme = certification.create_scheme(tenant, admin, "coalition")
        certification.publish(scheme, admin)
        application = certification.declare(tenant, signer, scheme, firm.id, passphrase)
        certification.self_assess(application, signer, COALITION_EXAMPLE, files={"A1": [("a.png", PNG)]})
        certification.submit(application, signer)
        certification.assign_auditor(tenant, admin, application, auditor.id)
        certification.sign_no_conflict(application, auditor, passphrase)
        certification.audit(application, auditor, COALITION_EXAMPLE)
        certification.recommend(application, auditor, "Baik.", passphrase)
        certification.decide(tenant, admin, application, True, "certified", "", passphrase)
        certification.set_benefits(tenant, admin, [{"scheme_id": scheme.id, "min_level": "certified",
                                                    "benefits": ["badge"]}])
    db.session.commit()
    from pactplatform.certification.models import Certificate

    certificate = db.session.scalar(db.select(Certificate).where(Certificate.application_id == application.id))
    return {"scheme": scheme, "application": application, "evidence_link": application.evidence_links[0],
            "certificate": certificate}


def _procurement_world(tenant, admin) -> dict:
    """An imported tender in tenant A (issue 11's URL parameters)."""
    import io
    import json

    from pactplatform.procurement import operations as procurement

    release = {"ocid": "ocds-a-1", "id": "1", "date": "2026-01-01T00:00:00Z", "tag": ["compiled"],
               "initiationType": "tender", "tender": {"id": "1", "numberOfTenderers": 1, "procurementMethod": "open"}}
    with tenant_scope(tenant.id):
        record = procurement.import_file(tenant, admin, "a.jsonl", io.BytesIO(json.dumps(release).encode()))
        process = record.id and procurement.queries.tenders_page()[0][0]
    db.session.commit()
    return {"import": record, "process": process}


def _monitoring_world(app, tenant, admin, member, firm, signer) -> dict:
    """A case with evidence, a sanction and a violation type in tenant A (issue 4's URL parameters)."""
    from datetime import date

    from pactplatform.monitoring import operations as monitoring
    from pactplatform.sanctions import operations as sanctions
    from pactplatform.signing import operations as signing
    from pactplatform.tenancy import operations as tenancy
    from tests.monitoring_fixtures import CASE, PDF

    public_body = factories.organisation(factories.user(), kind="public_body", nib="")
    signing.create_signing_key(member, factories.SIGNING_PASSPHRASE)
    pact = factories.action(tenant, admin, "integrity_pact", title="A's pact", tender={
        "code": "A-1", "title": "Jalan", "budget_ceiling": 10, "owner_estimate": 9, "year": 2026,
        "procuring_entity_id": public_body.id})
    with tenant_scope(tenant.id):
        operations.add_party(pact, admin, firm.id, "bidder")
        operations.assign_monitor(pact, admin, member.id)
        operations.change_status(pact, admin, "open")
        case = monitoring.log_case(tenant, member, pact, {**CASE, "organisation_id": firm.id}, [("a.pdf", PDF)])
        monitoring.notify(case, member)
        monitoring.answer(case, signer, "Tidak benar.")
        monitoring.decide(case, member, "confirmed", "Terbukti.", factories.SIGNING_PASSPHRASE)
        sanction = sanctions.propose(tenant, member, case, {
            "kind": "warning", "decree_number": "SK-A", "legal_basis": "Perpres", "grounds": "Kolusi",
            "issuing_unit": "Biro", "starts_on": date(2026, 1, 1)})
        violation_type = monitoring.add_violation_type(tenant, admin, "Pinjam bendera")
        invitation = tenancy.invite_member(tenant, admin, "invited@example.org", ["monitor"])
    db.session.commit()
    return {"case": case, "evidence": case.evidence[0], "sanction": sanction, "violation_type": violation_type,
            "invitation": invitation}


def object_parameters(world) -> dict:
    return {
        "tenant_slug": world["tenant_a"].slug, "user_id": world["member_a"].id, "action_id": world["action"].id,
        "party_id": world["party"].id, "signature_id": world["signature"].id, "number": 1,
        "case_id": world["case"].id, "evidence_id": world["evidence"].id, "sanction_id": world["sanction"].id,
        "type_id": world["violation_type"].id, "invitation_id": world["invitation"].id,
        "import_id": world["import"].id, "process_id": world["process"].id,
        "organisation_id": world["party"].organisation_id,
        "scheme_id": world["scheme"].id, "application_id": world["application"].id,
        "link_id": world["evidence_link"].id, "certificate_id": world["certificate"].id, "index": 0,
        # progress (issue 14): the action's own id stands for any of its rows; another tenant sees none of them
        "coordinator_id": 1, "indicator_id": 1, "update_id": 1,
        "webhook_id": world["webhook"].id, "delivery_id": world["delivery"].id,
        "report_id": world["report"].id, "file_id": world["report_file"].id,
        "charter_id": world["charter"].id, "meeting_id": world["meeting"].id, "follow_up_id": world["follow_up"].id,
        "round_id": world["survey_round"].id,
    }


def tenant_routes(app):
    for rule in app.url_map.iter_rules():
        if "tenant_slug" in rule.arguments:
            for method in sorted(rule.methods - SKIP_METHODS):
                yield rule, method


def build(rule, values) -> str:
    missing = rule.arguments - values.keys()
    assert not missing, f"{rule.rule}: add a value for {sorted(missing)} to object_parameters()"
    return rule.build(values, append_unknown=False)[1]


def test_there_are_tenant_routes_to_walk(app):
    assert len(list(tenant_routes(app))) >= 5


def test_a_member_of_another_tenant_gets_404_everywhere(app, client, world):
    login(client, world["admin_b"].email)
    values = object_parameters(world)
    for rule, method in tenant_routes(app):
        url = build(rule, values)
        response = client.open(url, method=method, data={"csrf_token": csrf_token(client)})
        assert response.status_code == 404, f"{method} {url} answered {response.status_code}"


def test_an_anonymous_visitor_is_sent_to_login(app, client, world):
    values = object_parameters(world)
    for rule, method in tenant_routes(app):
        url = build(rule, values)
        response = client.open(url, method=method, data={"csrf_token": csrf_token(client)})
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/login"), url
        else:
            assert response.status_code == 404, f"{method} {url} answered {response.status_code}"


def test_the_same_routes_work_for_a_member_of_the_tenant(app, client, world):
    """The walk above is meaningful only if the member's own requests get through."""
    login(client, world["tenant_a"] and world["member_a"].email)
    response = client.get(f"/t/{world['tenant_a'].slug}/")
    assert response.status_code == 200


def test_an_unknown_tenant_is_404(client, world):
    login(client, world["member_a"].email)
    assert client.get("/t/no-such-tenant/").status_code == 404
