"""The certification pages: the whole flow through the web (in Indonesian, the default), refusals shown
next to the field with nothing written, the public registry, the verification page and the passport."""
import io
from datetime import datetime

import pytest
from sqlalchemy import func, select

from pactplatform.certification.models import Answer, Application, Certificate
from pactplatform.extensions import db
from pactplatform.ledger.models import LedgerEntry
from tests import factories
from tests.certification.conftest import COALITION_EXAMPLE, PNG, progressed
from tests.conftest import login, post

P = factories.SIGNING_PASSPHRASE


@pytest.fixture
def clock(app):
    app.config["CLOCK_NOW"] = datetime(2026, 3, 2, 3, 0)
    yield app.config
    app.config.pop("CLOCK_NOW")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _answers(answers: dict) -> dict:
    return {f"answer_{code}": value for code, value in answers.items()}


def test_the_flow_through_the_web(client, body, clock):
    base = "/t/kadin/certification"
    scheme_id = body["coalition"].id
    login(client, body["firm_rep"].email)
    page = client.get(f"{base}/schemes/{scheme_id}/declare")
    assert page.status_code == 200
    response = post(client, f"{base}/schemes/{scheme_id}/declare",
                    {"organisation_id": body["firm"].id, "passphrase": P, "region": "Jawa Tengah"},
                    token_from=f"{base}/schemes/{scheme_id}/declare")
    assert response.status_code == 302, response.get_data(as_text=True)
    application = db.session.scalar(select(Application))
    app_url = f"{base}/applications/{application.id}"

    # An answer out of range: 422, the message beside the criterion, nothing written.
    before = (_count(Answer), _count(LedgerEntry))
    response = post(client, f"{app_url}/self-assessment", {**_answers(COALITION_EXAMPLE), "answer_D2": "150"},
                    token_from=app_url)
    assert response.status_code == 422
    assert "Jawaban D2 harus berupa persentase dari 0 sampai 100" in response.get_data(as_text=True)
    assert (_count(Answer), _count(LedgerEntry)) == before
    # A file of the wrong type: refused the same way.
    response = post(client, f"{app_url}/self-assessment",
                    {**_answers(COALITION_EXAMPLE), "evidence_A1": (io.BytesIO(b"MZ not a pdf"), "x.pdf")},
                    token_from=app_url, content_type="multipart/form-data")
    assert response.status_code == 422 and _count(Answer) == before[0]

    response = post(client, f"{app_url}/self-assessment",
                    {**_answers(COALITION_EXAMPLE), "evidence_A1": (io.BytesIO(PNG), "kebijakan.png")},
                    token_from=app_url, content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(app_url).get_data(as_text=True)
    assert "76,60" in page or "76.60" in page
    assert "kebijakan.png" in page
    assert post(client, f"{app_url}/submit", token_from=app_url).status_code == 302

    login(client, body["admin"].email)
    response = post(client, f"{app_url}/decide", {"outcome": "grant", "level": "certified", "passphrase": P},
                    token_from=app_url)
    assert response.status_code == 409  # not recommended
    assert post(client, f"{app_url}/auditors", {"user_id": body["auditor"].id}, token_from=app_url).status_code == 302

    login(client, body["auditor"].email)
    evidence_link = db.session.scalar(select(Application)).evidence_links[0]
    assert client.get(f"{app_url}/evidence/{evidence_link.id}").data == PNG
    assert post(client, f"{app_url}/no-conflict", {"passphrase": "salah sekali"}, token_from=app_url).status_code == 401
    assert post(client, f"{app_url}/no-conflict", {"passphrase": P}, token_from=app_url).status_code == 302
    assert post(client, f"{app_url}/audit", _answers(COALITION_EXAMPLE), token_from=app_url).status_code == 302
    assert post(client, f"{app_url}/changes", {"reason": "Lengkapi bukti.", "due_on": "2026-03-20"},
                token_from=app_url).status_code == 302

    login(client, body["firm_rep"].email)
    assert post(client, f"{app_url}/submit", token_from=app_url).status_code == 302

    login(client, body["auditor"].email)
    assert post(client, f"{app_url}/recommend", {"recommendation": "Memenuhi syarat.", "passphrase": P},
                token_from=app_url).status_code == 302

    login(client, body["admin"].email)
    # The committee decides beside the organisation's corruption risk, as at signing and sanction decisions.
    assert 'class="risk-panel"' in client.get(app_url).get_data(as_text=True)
    response = post(client, f"{app_url}/decide", {"outcome": "grant", "level": "certified", "passphrase": P},
                    token_from=app_url)
    assert response.status_code == 302
    certificate = db.session.scalar(select(Certificate))
    assert certificate.region == "Jawa Tengah"

    # Public: the registry, the verification page, the PDF, the upload check, the passport, the API.
    client.get("/logout")
    registry = client.get("/certificates/").get_data(as_text=True)
    assert certificate.number in registry and "PT Jujur Abadi" in registry
    assert certificate.number not in client.get("/certificates/?status=expired").get_data(as_text=True)
    assert certificate.number in client.get("/certificates/?q=jujur").get_data(as_text=True)
    assert certificate.number not in client.get("/certificates/?q=zzqx").get_data(as_text=True)
    page = client.get(f"/verify/certificates/{certificate.number}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'data-status="active"' in text and text.count("badge check-ok") == 4
    pdf = client.get(f"/certificates/pdf/{certificate.number}")
    assert pdf.mimetype == "application/pdf" and pdf.data == certificate.pdf
    checked = post(client, f"/verify/certificates/{certificate.number}",
                   {"document": (io.BytesIO(certificate.pdf), "sertifikat.pdf")},
                   token_from=f"/verify/certificates/{certificate.number}", content_type="multipart/form-data")
    assert 'data-verdict="intact"' in checked.get_data(as_text=True)
    passport = client.get(f"/orgs/{body['firm'].id}").get_data(as_text=True)
    assert certificate.number in passport
    listed = client.get("/api/v1/certificates?status=active").get_json()
    assert [item["number"] for item in listed["items"]] == [certificate.number]
    detail = client.get(f"/api/v1/certificates/{certificate.number}").get_json()
    assert detail["status"] == "active" and detail["audit_total"] == "76.60" and detail["level"]["code"] == "certified"
    assert client.get("/api/v1/certificates/CAC/1999/000001").status_code == 404


def test_members_of_another_tenant_and_other_applicants_see_nothing(client, body, clock):
    application = progressed(body, "submitted")
    outsider = factories.user()
    factories.tenant(outsider, slug="lain")
    other = factories.signer(body["tenant"], factories.organisation(factories.user(), name="PT Lain"))
    for person, expected in ((outsider, 404), (other, 404), (body["auditor"], 404), (body["admin"], 200)):
        login(client, person.email)
        assert client.get(f"/t/kadin/certification/applications/{application.id}").status_code == expected


def test_an_invalid_draft_is_shown_with_its_problems(client, body, clock):
    login(client, body["admin"].email)
    base = f"/t/kadin/certification/schemes/{body['zi'].id}"
    assert post(client, f"{base}/versions", token_from=base).status_code == 302
    response = post(client, f"{base}/draft", {"definition": "{bukan json"}, token_from=base)
    assert response.status_code == 422 and "JSON" in response.get_data(as_text=True)


def test_the_api_list_costs_the_same_queries_for_one_or_many_certificates(client, body, app):
    from sqlalchemy import event

    progressed(body, "granted")

    def count(url):
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    one = count("/api/v1/certificates?status=all")
    # A second certificate of another holder, granted the same way.
    from pactplatform.certification import operations
    from pactplatform.tenancy.scoping import tenant_scope

    other = factories.organisation(factories.user(), name="PT Kedua")
    rep = factories.signer(body["tenant"], other, name="Direktur Kedua")
    with tenant_scope(body["tenant"].id):
        application = operations.declare(body["tenant"], rep, body["coalition"], other.id, P)
        operations.self_assess(application, rep, COALITION_EXAMPLE)
        operations.submit(application, rep)
        operations.assign_auditor(body["tenant"], body["admin"], application, body["auditor"].id)
        operations.sign_no_conflict(application, body["auditor"], P)
        operations.audit(application, body["auditor"], COALITION_EXAMPLE)
        operations.recommend(application, body["auditor"], "Baik.", P)
        operations.decide(body["tenant"], body["admin"], application, True, "certified", "", P)
    db.session.commit()
    assert count("/api/v1/certificates?status=all") == one
