"""The public certificates register: keyset pages (newest first), status filtered per page's rows (a
withdrawal and the expiry in SQL), and the CSV / JSON Lines of the current filter."""
import csv
import io
import json
from datetime import date, datetime

import pytest
from sqlalchemy import select

from pactplatform.certification import operations
from pactplatform.certification.models import Certificate
from pactplatform.extensions import db
from pactplatform.tenancy.scoping import tenant_scope
from tests.certification.conftest import at, progressed
from tests.certification.test_certificates import P, progressed_renewal
from tests.query_count import counting_queries


@pytest.fixture
def two_certificates(app, body):
    progressed(body, "granted")
    old = db.session.scalar(select(Certificate))
    progressed_renewal(body, old, start=(date(2028, 9, 10) - at(0).date()).days)
    new = db.session.scalar(select(Certificate).where(Certificate.id != old.id))
    app.config["CLOCK_NOW"] = datetime(2028, 10, 1, 3, 0)  # both valid
    yield old, new
    app.config.pop("CLOCK_NOW")


def _numbers(client, url: str) -> list[str]:
    text = client.get(url).get_data(as_text=True)
    return [n for n in ("CAC/2026/000001", "CAC/2028/000001") if n in text]


def test_pages_by_keyset_filters_status_and_downloads_the_filter(client, body, two_certificates):
    old, new = two_certificates
    with counting_queries() as whole:
        assert _numbers(client, "/certificates/") == [old.number, new.number]  # both on one page
    first = client.get("/certificates/?status=all&after=").get_data(as_text=True)
    assert new.number in first

    from pactplatform.certification import queries
    from pactplatform.monitoring import clock
    rows, after = queries.public_certificates_page(clock.today(), None, None, 1)
    assert [c.number for c, _ in rows] == [new.number] and after
    with counting_queries() as one_row:
        rows, after = queries.public_certificates_page(clock.today(), None, after, 1)
    assert [c.number for c, _ in rows] == [old.number] and after is None
    assert len(one_row) <= len(whole)
    page = client.get(f"/certificates/?status=all&after={queries.keyset.encode([new.issued_on.isoformat(), new.id])}")
    assert old.number in page.get_data(as_text=True) and new.number not in page.get_data(as_text=True)
    assert client.get("/certificates/?after=bm9wZQ").status_code == 400
    api = client.get("/api/v1/certificates?status=all&per_page=1").get_json()
    rest = client.get(f"/api/v1/certificates?status=all&per_page=1&after={api['next']}").get_json()
    assert [c["number"] for c in api["items"] + rest["items"]] == [new.number, old.number] and rest["next"] is None
    assert client.get("/api/v1/certificates?after=bm9wZQ").status_code == 404

    with tenant_scope(body["tenant"].id):
        operations.decree(body["tenant"], body["admin"], old, "withdraw", "Pelanggaran berat.", P,
                          now=datetime(2028, 9, 30, 3, 0))
    db.session.commit()
    assert _numbers(client, "/certificates/?status=withdrawn") == [old.number]
    assert _numbers(client, "/certificates/?status=active") == [new.number]
    assert _numbers(client, "/certificates/?status=expired") == []

    response = client.get("/certificates/export.csv?status=all")
    assert response.mimetype == "text/csv" and response.headers["ETag"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["number"], r["status"], r["holder"]) for r in rows] == [
        (new.number, "active", "PT Jujur Abadi"), (old.number, "withdrawn", "PT Jujur Abadi")]
    assert client.get("/certificates/export.csv?status=all",
                      headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    lines = client.get("/certificates/export.jsonl?q=zzqx").get_data(as_text=True).splitlines()
    assert lines == []
    lines = client.get("/certificates/export.jsonl?status=expired").get_data(as_text=True).splitlines()
    assert lines == [] and "certificates-csv" in client.get("/certificates/").get_data(as_text=True)
    one = json.loads(client.get("/certificates/export.jsonl").get_data(as_text=True).splitlines()[0])
    assert one["number"] == new.number and one["url"].endswith(new.number)
