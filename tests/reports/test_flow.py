"""A report filed on the public page and answered by receipt, the recipients' side, and the events told."""
from datetime import timedelta

from pactplatform.extensions import db
from pactplatform.reports.models import Report
from tests.conftest import login, post
from tests.monitoring_fixtures import NOW, PDF
from tests.reports.conftest import WHAT, file_on_page, follow, text, token


def test_a_report_filed_on_the_action_page_is_followed_and_answered_by_receipt(app, client, reporting, published):
    pact = reporting["pact"]
    page = client.get(f"/actions/{pact.id}")
    assert f'href="/report/actions/{pact.id}?lang=id"' in page.get_data(as_text=True)
    form = client.get(f"/report/actions/{pact.id}")
    assert "Yang disimpan, dan yang tidak" in text(form) or "What is stored" in text(form)

    response, receipt = file_on_page(client, pact, files=[(__import__("io").BytesIO(PDF), "bukti.pdf")],
                                     organisation_id=str(reporting["firm_a"].id))
    assert response.status_code == 200 and receipt and len(receipt) == 16
    assert "data:text/plain" in response.get_data(as_text=True)  # the receipt as a text download, from the page
    report = db.session.scalar(db.select(Report).execution_options(all_tenants=True))
    assert report.status == "new" and len(report.files) == 1

    filed = [e for e in published if e[0] == "report.filed"]
    assert len(filed) == 1
    _type, subject_id, tenant_id, details = filed[0]
    assert subject_id == report.id and tenant_id == reporting["tenant"].id
    assert set(details["recipients"]) == {reporting["monitor"].id, reporting["officer"].id}
    assert details["url"] == f"/t/biro/reports/{report.id}"
    assert WHAT not in repr(details)

    reporter_view = follow(client, receipt)
    assert reporter_view.status_code == 200 and WHAT in text(reporter_view)

    # The monitor reads it, acknowledges and asks a question.
    monitor = app.test_client()
    login(monitor, reporting["monitor"].email)
    shown = monitor.get(f"/t/biro/reports/{report.id}")
    assert shown.status_code == 200 and WHAT in text(shown) and "bukti.pdf" in text(shown)
    assert post(monitor, f"/t/biro/reports/{report.id}/acknowledge", token_from=f"/t/biro/reports/{report.id}").status_code == 302
    asked = post(monitor, f"/t/biro/reports/{report.id}/message", {"message": "Kapan tepatnya rapat itu?"},
                 token_from=f"/t/biro/reports/{report.id}")
    assert asked.status_code == 302

    # The reporter reads the question with the receipt alone, and answers with another file.
    again = follow(client, receipt)
    assert "Kapan tepatnya rapat itu?" in text(again) and "Diterima" in text(again) or "Acknowledged" in text(again)
    assert reporting["monitor"].name not in text(again)  # never who they are reported to
    answered = client.post("/report/reply", data={
        "receipt": receipt, "message": "Tanggal 3 Maret, di kantor dinas.", "csrf_token": token(client, "/report/"),
        "evidence": [(__import__("io").BytesIO(PDF), "notulen.pdf")]}, content_type="multipart/form-data")
    assert answered.status_code == 200 and "Tanggal 3 Maret" in text(answered)
    assert [e[0] for e in published].count("report.reply") == 1
    db.session.expire_all()
    assert len(report.files) == 2 and len(report.messages) == 2
    assert "Tanggal 3 Maret" in text(monitor.get(f"/t/biro/reports/{report.id}"))


def test_the_reporters_pages_send_no_cookie(client, reporting):
    pact = reporting["pact"]
    for path in ("/report/", f"/report/actions/{pact.id}", "/report/to/biro"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Set-Cookie" not in response.headers, path
    response, receipt = file_on_page(client, pact)
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"  # the receipt page stays in no cache
    assert "Set-Cookie" not in follow(client, receipt).headers
    assert client.get_cookie("session") is None
    assert "Set-Cookie" in client.get("/login").headers  # the check sees a cookie where there is one


def test_a_tenant_report_reaches_the_designated_recipients_only(app, client, reporting, published):
    url = "/report/to/biro"
    response = client.post(url, data={"what": WHAT, "when": "Kemarin", "involved": "Bendahara",
                                      "csrf_token": token(client, url)})
    assert response.status_code == 200
    assert published[0][3]["recipients"] == [reporting["officer"].id]
    report = db.session.scalar(db.select(Report).execution_options(all_tenants=True))
    assert report.action_id is None
    monitor = app.test_client()
    login(monitor, reporting["monitor"].email)
    assert monitor.get(f"/t/biro/reports/{report.id}").status_code == 404


def test_deadlines_show_as_due_then_overdue(app, client, reporting):
    from tests.reports.conftest import file_report

    report, _receipt = file_report(reporting, reporting["pact"], now=NOW)
    login(client, reporting["officer"].email)
    app.config["CLOCK_NOW"] = NOW + timedelta(days=3)
    try:
        assert "harus sebelum" in text(client.get("/t/biro/reports/")) or "due by" in text(client.get("/t/biro/reports/"))
        app.config["CLOCK_NOW"] = NOW + timedelta(days=8)
        page = text(client.get(f"/t/biro/reports/{report.id}"))
        assert "terlambat sejak" in page or "overdue since" in page
    finally:
        app.config.pop("CLOCK_NOW")
