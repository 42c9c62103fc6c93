"""Who sees what: recipients read and answer; a tenant admin who is not a recipient sees counts and statuses only."""
from pactplatform.extensions import db
from pactplatform.reports import operations
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.conftest import login, post
from tests.reports.conftest import WHAT, file_report, new_member, text


def test_an_admin_who_is_no_recipient_sees_counts_and_statuses_never_the_content(app, client, reporting):
    report, _receipt = file_report(reporting, reporting["pact"])
    with tenant_scope(reporting["tenant"].id):
        operations.acknowledge(report, reporting["officer"])
    db.session.commit()
    login(client, reporting["admin"].email)
    listing = client.get("/t/biro/reports/")
    assert listing.status_code == 200
    page = text(listing)
    assert 'data-testid="count-acknowledged">1<' in page and "Diterima" in page
    assert WHAT not in page and f'href="/t/biro/reports/{report.id}"' not in page
    assert client.get(f"/t/biro/reports/{report.id}").status_code == 404
    assert client.get(f"/t/biro/reports/{report.id}/files/1").status_code == 404
    refused = post(client, f"/t/biro/reports/{report.id}/message", {"message": "Halo"}, token_from="/t/biro/reports/")
    assert refused.status_code == 404
    with tenant_scope(reporting["tenant"].id):
        assert len(report.messages) == 0


def test_the_monitor_of_another_action_and_other_members_see_nothing(app, client, reporting):
    report, _receipt = file_report(reporting, reporting["pact"])
    other_monitor = new_member(reporting, "monitor", name="Pemantau Lain")
    login(client, other_monitor.email)
    assert WHAT not in text(client.get("/t/biro/reports/"))
    assert client.get(f"/t/biro/reports/{report.id}").status_code == 404
    auditor = app.test_client()
    login(auditor, new_member(reporting, "auditor").email)
    assert auditor.get("/t/biro/reports/").status_code == 403


def test_an_admin_designated_as_recipient_reads_the_content(client, reporting):
    report, _receipt = file_report(reporting, reporting["pact"])
    with tenant_scope(reporting["tenant"].id):
        operations.update_settings(reporting["tenant"], reporting["admin"], {
            "acknowledge_days": 7, "feedback_days": 90, "retention_days": 90, "warning_days": 14},
            [reporting["admin"].id])
    db.session.commit()
    login(client, reporting["admin"].email)
    assert WHAT in text(client.get(f"/t/biro/reports/{report.id}"))


def test_the_settings_page_designates_recipients(client, reporting):
    login(client, reporting["admin"].email)
    page = client.get("/t/biro/reports/settings")
    assert page.status_code == 200 and "/report/to/biro" in text(page)
    saved = post(client, "/t/biro/reports/settings", {
        "acknowledge_days": "5", "feedback_days": "60", "retention_days": "30", "warning_days": "7",
        "recipients": [str(reporting["monitor"].id)]}, token_from="/t/biro/reports/settings")
    assert saved.status_code == 302
    from pactplatform.reports import queries

    with tenant_scope(reporting["tenant"].id):
        assert queries.designated_ids(reporting["tenant"].id) == {reporting["monitor"].id}
        assert queries.settings_of(reporting["tenant"].id).retention_days == 30
    outsider = factories.user()
    refused = post(client, "/t/biro/reports/settings", {
        "acknowledge_days": "5", "feedback_days": "60", "retention_days": "30", "warning_days": "7",
        "recipients": [str(outsider.id)]}, token_from="/t/biro/reports/settings")
    assert refused.status_code == 422


def test_an_admin_counts_only_the_reports_of_their_own_tenant(client, reporting):
    file_report(reporting, reporting["pact"])
    other_admin = factories.user()
    other = factories.tenant(other_admin, slug="lain")
    with tenant_scope(other.id):
        operations.file_report(other, None, {"what": "Lain.", "when": "Kemarin", "involved": "X"})
    db.session.commit()
    login(client, other_admin.email)
    page = text(client.get("/t/lain/reports/"))
    assert 'data-testid="count-new">1<' in page


def test_the_tenant_bar_links_to_reports_for_recipients_and_admins_only(app, client, reporting):
    link = 'href="/t/biro/reports/"'
    for person, shown in ((reporting["monitor"], True), (reporting["officer"], True), (reporting["admin"], True),
                          (reporting["signer_a"], False)):
        browser = app.test_client()
        login(browser, person.email)
        assert (link in browser.get("/t/biro/").get_data(as_text=True)) is shown, person.name
