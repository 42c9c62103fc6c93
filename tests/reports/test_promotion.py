"""A monitor promotes a report to a violation case through the case flow; the reporter sees "promoted" and
the case's public outcome, never who handles it."""
import io

from pactplatform.extensions import db
from pactplatform.monitoring import operations as monitoring
from pactplatform.monitoring.models import ViolationCase
from pactplatform.reports.models import Report
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.conftest import login, post
from tests.monitoring_fixtures import NOW, PDF
from tests.reports.conftest import file_on_page, follow, text


def test_a_monitor_promotes_a_report_and_the_reporter_follows_the_case(app, client, reporting):
    pact, firm = reporting["pact"], reporting["firm_a"]
    _response, receipt = file_on_page(client, pact, files=[(io.BytesIO(PDF), "bukti.pdf")])
    report = db.session.scalar(db.select(Report).execution_options(all_tenants=True))
    url = f"/t/biro/reports/{report.id}"
    officer = app.test_client()
    login(officer, reporting["officer"].email)  # a designated recipient, not the pact's monitor: no promotion
    assert "Naikkan menjadi kasus pelanggaran" not in text(officer.get(url))
    refused = post(officer, f"{url}/promote", {"organisation_id": firm.id, "stage": "selection",
                                               "violation_type": "bribery", "severity": "major",
                                               "description": "Dugaan suap."}, token_from=url)
    assert refused.status_code == 403

    monitor = app.test_client()
    login(monitor, reporting["monitor"].email)
    promoted = post(monitor, f"{url}/promote", {"organisation_id": firm.id, "stage": "selection",
                                                "violation_type": "bribery", "severity": "major",
                                                "description": "Dugaan permintaan uang pelicin."}, token_from=url)
    assert promoted.status_code == 302
    db.session.expire_all()
    case = db.session.scalar(db.select(ViolationCase).execution_options(all_tenants=True))
    assert report.status == "promoted" and report.case_id == case.id
    assert promoted.headers["Location"].endswith(f"/cases/{case.id}")
    assert case.reported_by_id == reporting["monitor"].id and len(case.evidence) == 1
    assert case.evidence[0].filename == "bukti.pdf"

    seen = text(follow(client, receipt))
    assert "Dinaikkan menjadi kasus pelanggaran" in seen and "sedang diperiksa" in seen
    assert reporting["monitor"].name not in seen

    with tenant_scope(reporting["tenant"].id):
        monitoring.notify(case, reporting["monitor"], now=NOW)
        monitoring.answer(case, reporting["signer_a"], "Tidak benar.", now=NOW)
        monitoring.decide(case, reporting["monitor"], "confirmed", "Terbukti.", factories.SIGNING_PASSPHRASE, now=NOW)
    db.session.commit()
    assert "Hasil: Pelanggaran terbukti" in text(follow(client, receipt))


def test_a_closed_report_shows_its_reason_and_takes_no_more_messages(app, client, reporting):
    _response, receipt = file_on_page(client, reporting["pact"])
    report = db.session.scalar(db.select(Report).execution_options(all_tenants=True))
    monitor = app.test_client()
    login(monitor, reporting["monitor"].email)
    url = f"/t/biro/reports/{report.id}"
    assert post(monitor, f"{url}/close", {"reason": "Di luar lingkup pakta ini."}, token_from=url).status_code == 302
    seen = text(follow(client, receipt))
    assert "Ditutup" in seen and "Di luar lingkup pakta ini." in seen and "Jawab atau tambahkan bukti" not in seen
    db.session.expire_all()
    assert report.closed_at is not None
    assert post(monitor, f"{url}/close", {"reason": "Lagi."}, token_from=url).status_code == 409
