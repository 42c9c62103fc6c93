"""Every role sees exactly what it should of a case, its evidence and the pact's monitoring."""
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from pactplatform.extensions import db
from pactplatform.monitoring.models import MonitoringReport, Evidence, ViolationCase
from tests import factories
from tests.conftest import login, post
from tests.monitoring_fixtures import CASE, NOW, PDF, PNG, make_case


def english(client):
    """Check messages in English: the Indonesian catalog is merged separately."""
    post(client, "/lang/en")


VISIBLE_REPORTED = {"monitor", "admin", "officer"}
VISIBLE_NOTIFIED = VISIBLE_REPORTED | {"respondent"}


@pytest.mark.parametrize("who", ["monitor", "admin", "officer", "respondent", "other_party", "other_monitor",
                                 "auditor", "outsider"])
def test_who_sees_a_case_and_its_evidence(client, monitored, bureau, people, who):
    reported = make_case(bureau, monitored, files=[("bukti.pdf", PDF)])
    notified = make_case(bureau, monitored, until="notified", files=[("foto.png", PNG)])
    login(client, people[who].email)
    for case, allowed in ((reported, VISIBLE_REPORTED), (notified, VISIBLE_NOTIFIED)):
        expected = 200 if who in allowed else 404
        assert client.get(f"/t/biro/cases/{case.id}").status_code == expected, (who, case.status)
        download = client.get(f"/t/biro/cases/{case.id}/evidence/{case.evidence[0].id}")
        assert download.status_code == expected, (who, case.status)
        if expected == 200:
            assert download.headers["Content-Disposition"].startswith("attachment;")
            assert download.data in (PDF, PNG)
    listing = client.get("/t/biro/cases/")
    if who == "outsider":
        assert listing.status_code == 404
    else:
        page = listing.get_data(as_text=True)
        assert (f'/cases/{reported.id}"' in page) == (who in VISIBLE_REPORTED)
        assert (f'/cases/{notified.id}"' in page) == (who in VISIBLE_NOTIFIED)


def test_evidence_of_one_case_is_not_reachable_through_another(client, monitored, bureau):
    first = make_case(bureau, monitored, until="notified", files=[("a.pdf", PDF)])
    second = make_case(bureau, monitored, until="notified", organisation=bureau["firm_b"], files=[("b.pdf", PDF)])
    login(client, bureau["signer_a"].email)
    assert client.get(f"/t/biro/cases/{first.id}/evidence/{second.evidence[0].id}").status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, monitored, bureau):
    case = make_case(bureau, monitored, files=[("a.pdf", PDF)])
    response = client.get(f"/t/biro/cases/{case.id}/evidence/{case.evidence[0].id}")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def _case_form(bureau, **changes):
    return {"organisation_id": str(bureau["firm_a"].id), "stage": CASE["stage"], "violation_type": "bribery",
            "severity": "critical", "description": "Uang pelicin kepada pokja.", **changes}


def test_a_monitor_logs_a_case_with_evidence_in_the_web(client, monitored, bureau):
    login(client, bureau["monitor"].email)
    url = f"/t/biro/actions/{monitored.id}/cases/new"
    data = _case_form(bureau, evidence=[(io.BytesIO(PDF), "kuitansi.pdf"), (io.BytesIO(PNG), "foto.png")])
    response = post(client, url, data, token_from=url, content_type="multipart/form-data")
    assert response.status_code == 302
    case = db.session.scalar(select(ViolationCase).execution_options(all_tenants=True))
    assert response.headers["Location"] == f"/t/biro/cases/{case.id}"
    assert sorted(e.filename for e in case.evidence) == ["foto.png", "kuitansi.pdf"]


@pytest.mark.parametrize("upload, message", [
    ((b"%PDF-" + b"0" * (5 * 1024 * 1024), "besar.pdf"), "larger than 5 MB"),
    ((b"GIF89a....", "gambar.pdf"), "not a PDF, PNG or JPEG"),
])
def test_refused_evidence_is_explained_next_to_the_field_and_nothing_is_written(client, monitored, bureau, upload, message):
    login(client, bureau["monitor"].email)
    english(client)
    url = f"/t/biro/actions/{monitored.id}/cases/new"
    data = _case_form(bureau, evidence=[(io.BytesIO(upload[0]), upload[1])])
    response = post(client, url, data, token_from=url, content_type="multipart/form-data")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="evidence-error"' in page and upload[1] in page and message in page
    assert db.session.scalar(select(func.count(ViolationCase.id)).execution_options(all_tenants=True)) == 0
    assert db.session.scalar(select(func.count(Evidence.id)).execution_options(all_tenants=True)) == 0


def test_a_monitor_not_assigned_to_the_pact_sees_nothing_of_it_and_nothing_is_written(client, monitored, bureau, people):
    login(client, people["other_monitor"].email)
    url = f"/t/biro/actions/{monitored.id}/cases/new"
    assert client.get(url).status_code == 404
    assert client.get(f"/t/biro/actions/{monitored.id}").status_code == 404
    response = post(client, url, _case_form(bureau), token_from="/t/biro/cases/")
    assert response.status_code == 404
    assert db.session.scalar(select(func.count(ViolationCase.id)).execution_options(all_tenants=True)) == 0


def test_the_respondent_answers_and_the_monitor_confirms_in_the_web(client, app, monitored, bureau):
    case = make_case(bureau, monitored, until="notified", now=NOW)
    login(client, bureau["signer_a"].email)
    url = f"/t/biro/cases/{case.id}"
    assert post(client, url + "/answer", {"answer": "Kami tidak bersalah."}, token_from=url).status_code == 302
    client.post("/logout", data={"csrf_token": ""})
    client2 = app.test_client()
    login(client2, bureau["monitor"].email)
    english(client2)
    wrong = post(client2, url + "/decide", {"decision": "confirmed", "reason": "Terbukti.", "passphrase": "salah sekali"},
                 token_from=url)
    assert wrong.status_code == 401
    ok = post(client2, url + "/decide", {"decision": "confirmed", "reason": "Terbukti.",
                                         "passphrase": factories.SIGNING_PASSPHRASE}, token_from=url)
    assert ok.status_code == 302
    page = client2.get(url).get_data(as_text=True)
    assert "the signature is valid" in page


def test_an_overdue_answer_shows_as_overdue(client, app, monitored, bureau):
    case = make_case(bureau, monitored, until="notified", now=NOW)
    login(client, bureau["monitor"].email)
    app.config["CLOCK_NOW"] = NOW + timedelta(days=12)
    try:
        page = client.get(f"/t/biro/cases/{case.id}").get_data(as_text=True)
    finally:
        app.config.pop("CLOCK_NOW")
    assert 'class="badge overdue"' in page and 'name="passphrase"' in page


def test_the_public_sees_that_cases_exist_and_their_outcome_not_the_evidence(client, monitored, bureau):
    reported = make_case(bureau, monitored, files=[("rahasia.pdf", PDF)])
    pending = make_case(bureau, monitored, organisation=bureau["firm_b"], until="answered")
    confirmed = make_case(bureau, monitored, until="confirmed", files=[("bukti.pdf", PDF)])
    page = client.get(f"/actions/{monitored.id}").get_data(as_text=True)
    english(client)
    page = client.get(f"/actions/{monitored.id}").get_data(as_text=True)
    assert f"Case {reported.id}<" not in page
    assert f"Case {pending.id}<" in page and f"Case {confirmed.id}<" in page
    assert "PT Alpha" in page  # confirmed: the respondent is named
    assert CASE["description"] not in page and "bukti.pdf" not in page and "Kami membantah" not in page
    decision = client.get(f"/verify/case-decisions/{confirmed.decision.id}")
    assert decision.status_code == 200 and "Bukti kuat." in decision.get_data(as_text=True)
    dismissed = make_case(bureau, monitored, organisation=bureau["firm_b"], until="dismissed")
    assert client.get(f"/verify/case-decisions/{dismissed.decision.id}").status_code == 404


def test_a_published_report_is_downloadable_from_the_public_page(client, monitored, bureau):
    login(client, bureau["monitor"].email)
    url = f"/t/biro/actions/{monitored.id}/reports/new"
    response = post(client, url, {"kind": "final", "title": "Laporan Akhir", "period_start": "2026-06-01",
                                  "period_end": "2026-09-30", "body": "Tidak ada temuan lain.",
                                  "passphrase": factories.SIGNING_PASSPHRASE}, token_from=url)
    assert response.status_code == 302
    page = client.get(f"/actions/{monitored.id}").get_data(as_text=True)
    assert "Laporan Akhir" in page
    report_id = db.session.scalar(select(MonitoringReport.id).execution_options(all_tenants=True))
    pdf = client.get(f"/actions/{monitored.id}/reports/{report_id}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-") and pdf.mimetype == "application/pdf"


def test_only_an_admin_manages_violation_types(client, monitored, bureau):
    login(client, bureau["officer"].email)
    assert client.get("/t/biro/violation-types").status_code == 403
    client2 = client.application.test_client()
    login(client2, bureau["admin"].email)
    response = post(client2, "/t/biro/violation-types", {"label": "Pinjam bendera"}, token_from="/t/biro/violation-types")
    assert response.status_code == 302
    assert "Pinjam bendera" in client2.get("/t/biro/violation-types").get_data(as_text=True)
