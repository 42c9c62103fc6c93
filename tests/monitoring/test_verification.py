"""A monitoring report's PDF gets the same check as the pact's: one verdict on its own public page."""
import io
from datetime import timedelta
from html import unescape

import pytest

from pactplatform.actions import operations as action_operations
from pactplatform.extensions import db
from pactplatform.monitoring import operations
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories, pdf_tampering
from tests.action_fixtures import party_of
from tests.conftest import csrf_token
from tests.monitoring_fixtures import NOW


def publish(bureau, action, title: str):
    with tenant_scope(bureau["tenant"].id):
        report = operations.publish_report(bureau["tenant"], bureau["monitor"], action, {
            "kind": "periodic", "title": title, "period_start": NOW.date(),
            "period_end": NOW.date() + timedelta(days=90), "body": "## Temuan\n\nTidak ada pelanggaran.",
        }, factories.SIGNING_PASSPHRASE)
    db.session.commit()
    return report


@pytest.fixture
def reports(monitored, bureau):
    return publish(bureau, monitored, "Laporan Triwulan I"), publish(bureau, monitored, "Laporan Triwulan II")


def check(client, report, data: bytes):
    path = f"/verify/actions/{report.action_id}/reports/{report.id}"
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "document": (io.BytesIO(data), "r.pdf")},
                           content_type="multipart/form-data")
    html = unescape(response.get_data(as_text=True))
    return response.status_code, html


def verdict_of(html: str) -> str:
    return html.split('data-verdict="', 1)[1].split('"', 1)[0]


def test_the_published_report_is_intact(client, reports):
    first, _ = reports
    published = client.get(f"/actions/{first.action_id}/reports/{first.id}.pdf")
    status, html = check(client, first, published.data)
    assert status == 200 and verdict_of(html) == "intact"
    assert "Utuh:" in html and "Pemantau, pemantau independen" in html


def test_a_report_with_an_annotation_added_is_modified_after_signing(client, reports):
    first, _ = reports
    status, html = check(client, first, pdf_tampering.add_visible_annotation(first.pdf))
    assert status == 200 and verdict_of(html) == "modified_after_signing"
    assert "Diubah setelah ditandatangani:" in html


def test_another_report_is_a_different_document_and_named(client, reports):
    first, second = reports
    status, html = check(client, first, second.pdf)
    assert verdict_of(html) == "different_document"
    assert "Laporan Triwulan II" in html and f'href="/verify/actions/{second.action_id}/reports/{second.id}"' in html


def test_a_pact_pdf_is_recognised_on_a_report_page(client, reports, bureau):
    first, _ = reports
    pact = first.action
    with tenant_scope(bureau["tenant"].id):
        action_operations.sign(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]), factories.SIGNING_PASSPHRASE)
    db.session.commit()
    status, html = check(client, first, client.get(f"/api/v1/actions/{pact.id}/document.pdf").data)
    assert verdict_of(html) == "different_document"
    assert f'href="/actions/{pact.id}/versions/1"' in html


def test_the_report_pdf_points_to_its_verification_page(app, reports):
    import subprocess

    first, _ = reports
    text = subprocess.run(["pdftotext", "-", "-"], input=first.pdf, capture_output=True, check=True).stdout.decode()
    url = app.config["PUBLIC_BASE_URL"].rstrip("/") + f"/verify/actions/{first.action_id}/reports/{first.id}"
    assert url in text.replace("\n", "")


def test_the_public_page_links_each_report_to_its_check(client, reports):
    first, _ = reports
    html = client.get(f"/actions/{first.action_id}").get_data(as_text=True)
    assert f'href="/verify/actions/{first.action_id}/reports/{first.id}"' in html
    assert client.get(f"/verify/actions/{first.action_id}/reports/{first.id + 100}").status_code == 404
