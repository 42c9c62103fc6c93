"""The blacklist searchable by name or identifier, its download, and its queries per page."""
import csv
import io
from datetime import datetime

import pytest

from tests.query_count import counting_queries
from tests.sanctions.helpers import decided


@pytest.fixture
def blacklisted(app, monitored, bureau):
    sanction = decided(bureau, monitored)
    app.config["CLOCK_NOW"] = datetime(2026, 8, 1, 3, 0)
    yield sanction
    app.config.pop("CLOCK_NOW")


def test_blacklist_searchable_by_name_and_nib(client, blacklisted, bureau):
    firm = bureau["firm_a"]
    assert firm.name in client.get("/blacklist/?q=" + firm.name[3:8]).get_data(as_text=True)
    assert firm.name in client.get("/blacklist/?q=" + firm.nib).get_data(as_text=True)
    assert "No sanction matches." in client.get("/blacklist/?q=zzqx").get_data(as_text=True) or \
        firm.name not in client.get("/blacklist/?q=zzqx").get_data(as_text=True)


def test_blacklist_csv_of_the_filter(client, blacklisted, bureau):
    response = client.get("/blacklist/export.csv")
    [row] = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert row["organisation"] == bureau["firm_a"].name and row["status"] == "in_force"
    assert row["decree_number"] == "SK-001/2026" and "*" in row["nib"]
    assert client.get("/blacklist/export.csv", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    assert client.get("/blacklist/export.csv?q=zzqx").get_data(as_text=True).count("\n") == 1


def test_downloads_versioned_by_the_log_are_last_modified_at_its_head(app, client, blacklisted, bureau, monitored):
    from pactplatform.ledger import queries as ledger_queries
    from tests.sanctions.helpers import decided as decide_another

    response = client.get("/actions/export.csv")
    head = ledger_queries.head_time()
    assert head is not None and response.last_modified.replace(tzinfo=None) == head.replace(microsecond=0)
    modified = response.headers["Last-Modified"]
    again = client.get("/actions/export.csv", headers={"If-Modified-Since": modified})
    assert again.status_code == 304 and again.data == b""
    assert client.get("/actions/export.csv", headers={"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"}
                      ).status_code == 200
    # A status computed for today changes when the day turns: the blacklist is modified at the latest midnight.
    app.config["CLOCK_NOW"] = datetime(2030, 1, 1, 3, 0)
    blacklist = client.get("/blacklist/export.csv")
    assert blacklist.headers["Last-Modified"] == "Mon, 31 Dec 2029 17:00:00 GMT"  # midnight in Jakarta
    assert client.get("/blacklist/export.csv", headers={"If-Modified-Since": blacklist.headers["Last-Modified"]}
                      ).status_code == 304
    app.config["CLOCK_NOW"] = datetime(2026, 8, 1, 3, 0)
    decide_another(bureau, monitored, decree_number="SK-002/2026")
    changed = client.get("/actions/export.csv", headers={"If-None-Match": response.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != response.headers["ETag"]


def test_sanctions_api_queries_do_not_grow_with_the_page(client, blacklisted, bureau, monitored):
    from tests.sanctions.helpers import decided as decide_another

    decide_another(bureau, monitored, decree_number="SK-002/2026")
    with counting_queries() as one:
        assert len(client.get("/api/v1/sanctions?per_page=1").get_json()["items"]) == 1
    with counting_queries() as two:
        assert len(client.get("/api/v1/sanctions?per_page=2").get_json()["items"]) == 2
    assert len(one) == len(two)


def test_blacklist_pages_by_keyset_in_fixed_queries(client, blacklisted, bureau, monitored):
    from tests.sanctions.helpers import decided as decide_another

    decide_another(bureau, monitored, decree_number="SK-002/2026")
    with counting_queries() as statements:
        page = client.get("/blacklist/?status=all").get_data(as_text=True)
    assert page.count("SK-00") == 2 and not any("count(" in s.lower() for s in statements)
    assert client.get("/blacklist/?after=bogus").status_code == 400
