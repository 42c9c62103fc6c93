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
