"""A closed report's content is deleted after the tenant's retention period, with a warning to the recipients
before; the status history and the counts remain."""
from datetime import timedelta

from pactplatform.extensions import db
from pactplatform.reports import operations, queries, retention
from pactplatform.reports.models import Report, ReportEvent, ReportFile, ReportMessage
from pactplatform.tenancy.scoping import tenant_scope
from tests.monitoring_fixtures import NOW, PNG
from tests.reports.conftest import file_report, follow, text


def _closed_report(reporting):
    report, receipt = file_report(reporting, reporting["pact"], files=[("a.png", PNG)], now=NOW)
    with tenant_scope(reporting["tenant"].id):
        operations.write_to_reporter(report, reporting["monitor"], "Terima kasih.", now=NOW)
        operations.close(report, reporting["monitor"], "Tidak cukup bukti.", now=NOW + timedelta(days=1))
    db.session.commit()
    return report, receipt


def test_retention_warns_then_deletes_the_content_and_keeps_the_history(app, client, reporting, published):
    report, receipt = _closed_report(reporting)
    closed_at = NOW + timedelta(days=1)

    assert retention.run(closed_at + timedelta(days=75)).warned == 0  # 90 days, warned 14 before
    outcome = retention.run(closed_at + timedelta(days=76))
    db.session.commit()
    assert (outcome.warned, outcome.purged) == (1, 0)
    warnings = [e for e in published if e[0] == "report.retention_warning"]
    assert len(warnings) == 1 and set(warnings[0][3]["recipients"]) == {reporting["monitor"].id, reporting["officer"].id}
    assert retention.run(closed_at + timedelta(days=80)).warned == 0  # once

    assert retention.run(closed_at + timedelta(days=90)).purged == 1
    db.session.commit()
    db.session.expire_all()
    row = db.session.scalar(db.select(Report).execution_options(all_tenants=True))
    assert row.content is None and row.wrapped_key is None and row.purged_at is not None
    assert all(m.body is None for m in db.session.scalars(db.select(ReportMessage).execution_options(all_tenants=True)))
    assert all(f.content is None and f.name is None
               for f in db.session.scalars(db.select(ReportFile).execution_options(all_tenants=True)))
    events = db.session.scalars(db.select(ReportEvent).execution_options(all_tenants=True)).all()
    assert [e.to_status for e in events] == ["new", "closed"] and all(e.reason is None for e in events)
    with tenant_scope(reporting["tenant"].id):
        assert queries.status_counts()["closed"] == 1

    seen = text(follow(client, receipt))  # the reporter still finds the history
    assert "Ditutup" in seen and "sudah dihapus" in seen
    assert retention.run(closed_at + timedelta(days=400)).purged == 0


def test_an_open_report_is_never_purged_and_the_period_is_the_tenants(app_ctx, reporting):
    open_report, _receipt = file_report(reporting, reporting["pact"], now=NOW)
    closed, _receipt = _closed_report(reporting)
    with tenant_scope(reporting["tenant"].id):
        operations.update_settings(reporting["tenant"], reporting["admin"], {
            "acknowledge_days": 7, "feedback_days": 90, "retention_days": 10, "warning_days": 2}, [])
    db.session.commit()
    assert retention.run(NOW + timedelta(days=10)).purged == 0
    assert retention.run(NOW + timedelta(days=11)).purged == 1
    db.session.commit()
    db.session.expire_all()
    assert open_report.content is not None and closed.content is None


def test_the_purge_command_runs_retention(app, reporting):
    _closed_report(reporting)
    app.config["CLOCK_NOW"] = NOW + timedelta(days=200)
    try:
        result = app.test_cli_runner().invoke(args=["reports", "purge"])
    finally:
        app.config.pop("CLOCK_NOW")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 ")
