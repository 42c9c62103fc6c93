"""The demo's certification: every stage in the coalition and the Zona Integritas programme, certificates
whose status is computed (active, suspended by an honoured sanction, expired), a renewal in its window,
WBK and WBBM, work waiting for the auditor, and a log that re-derives every record."""
from sqlalchemy import select

from pactplatform.certification import operations, status
from pactplatform.certification.models import Application, AuditorAssignment, Certificate
from pactplatform.extensions import db
from pactplatform.monitoring import clock


def the_demo_certifies_at_every_stage(app, output):
    everywhere = {"all_tenants": True}
    applications = db.session.scalars(select(Application).execution_options(**everywhere)).all()
    stages = {operations.effective_status(a) for a in applications}
    assert {"declared", "self_assessed", "changes_requested", "under_audit", "granted", "refused"} <= stages
    certificates = db.session.scalars(select(Certificate).execution_options(**everywhere)).all()
    found = status.statuses(certificates, clock.today())
    by_holder = {c.organisation.name: found[c.id] for c in certificates}
    assert by_holder["PT Cahaya Beton Nusantara"].code == "active"
    assert by_holder["CV Mitra Karya Mandiri"].code == "suspended" and by_holder["CV Mitra Karya Mandiri"].sanction
    assert by_holder["PT Lintas Marga Sejahtera"].code == "expired"
    assert {c.level for c in certificates} >= {"certified", "certified_advanced", "wbk", "wbbm"}
    renewal = next(a for a in applications if a.renews_certificate_id)
    assert operations.effective_status(renewal) == "declared"
    waiting = db.session.scalars(select(AuditorAssignment).execution_options(**everywhere)).all()
    assert any(a.application.status == "under_audit" and a.user.email.startswith("auditor@") for a in waiting)
    verified = app.test_cli_runner().invoke(args=["ledger", "verify"])
    assert verified.exit_code == 0, verified.output
