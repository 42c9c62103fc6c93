"""The exporter: files made when stale (the log moved, or the day changed for what depends on it) and
written atomically; downloads with ETag / Last-Modified and 304; the exports page, its JSON twin, the CLI."""
import csv
import io
from datetime import datetime

import pytest

from pactplatform.opendata import exports
from tests.conftest import post
from tests.opendata.conftest import fetch
from tests.monitoring_fixtures import make_case
from tests.sanctions.helpers import decided

CSV = "/exports/sanctions-in-force-csv"


def _rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_a_download_is_remade_when_the_log_moves_and_answers_304_while_it_has_not(
        client, sanctioned, monitored, bureau):
    first = fetch(client, CSV)
    assert first.status_code == 200 and first.mimetype == "text/csv"
    assert first.headers["Content-Disposition"] == "attachment; filename=sanctions-in-force-csv.csv"
    assert [r["decree_number"] for r in _rows(first)] == ["SK-001/2026"]
    assert "*" in _rows(first)[0]["nib"]
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert "no-cache" in first.headers["Cache-Control"]

    assert fetch(client, CSV, headers={"If-None-Match": etag}).status_code == 304
    assert fetch(client, CSV, headers={"If-Modified-Since": modified}).status_code == 304

    case_b = make_case(bureau, monitored, organisation=bureau["firm_b"], until="confirmed")
    decided(bureau, monitored, case_b, decree_number="SK-002/2026")
    second = fetch(client, CSV, headers={"If-None-Match": etag})
    assert second.status_code == 200 and second.headers["ETag"] != etag
    assert sorted(r["decree_number"] for r in _rows(second)) == ["SK-001/2026", "SK-002/2026"]
    jsonl = fetch(client, "/exports/sanctions-in-force-jsonl")
    assert jsonl.status_code == 200 and len(jsonl.get_data(as_text=True).splitlines()) == 2


def test_what_is_in_force_is_remade_the_next_day_without_any_write(app, client, sanctioned, clock):
    assert len(_rows(fetch(client, CSV))) == 1
    clock(datetime(2028, 8, 1, 3, 0))  # the two-year blacklisting has ended; nothing was written
    assert _rows(fetch(client, CSV)) == []


def test_a_failed_generation_leaves_the_previous_file_whole(app, exports_dir):
    calls = []

    def lines():
        calls.append(1)
        yield "first\n", True
        if len(calls) > 1:
            raise RuntimeError("the database went away")
        yield "second\n", True

    export = exports.register_export(exports.Export("throwaway", "T", "D", "jsonl", lines))
    try:
        with app.app_context():
            info = exports.generate(export)
            assert info.records == 2 and exports.path_of(export).read_text() == "first\nsecond\n"
            with pytest.raises(RuntimeError):
                exports.generate(export)
            assert exports.path_of(export).read_text() == "first\nsecond\n"
            assert exports.stored_info(export) == info
        assert sorted(p.name for p in exports_dir.iterdir()) == ["throwaway.jsonl", "throwaway.jsonl.meta.json"]
    finally:
        exports.unregister_export("throwaway")


def test_the_exports_page_and_its_json_twin(client, sanctioned):
    page = client.get("/exports/").get_data(as_text=True)
    assert '<html lang="id">' in page and "Data terbuka" in page and "CC-BY-4.0" in page
    api = client.get("/api/v1/exports").get_json()["items"]
    by_name = {item["name"]: item for item in api}
    assert set(by_name) >= {"blacklist-ftm", "certificates-ftm", "sanctions-in-force-csv", "sanctions-in-force-jsonl"}
    assert by_name["sanctions-in-force-csv"]["size"] is None and by_name["sanctions-in-force-csv"]["stale"]

    download = fetch(client, CSV)
    item = {i["name"]: i for i in client.get("/api/v1/exports").get_json()["items"]}["sanctions-in-force-csv"]
    assert item["records"] == 1 and item["size"] == len(download.data) and not item["stale"]
    assert f'"{item["sha256"]}"' == download.headers["ETag"]
    assert item["licence"] == {"id": "CC-BY-4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert item["url"] == CSV

    post(client, "/lang/en", {"next": "/exports/"})
    page = client.get("/exports/").get_data(as_text=True)
    assert '<html lang="en">' in page and "Open data" in page and "Sanctions in force (CSV)" in page
    assert client.get("/exports/unknown").status_code == 404


def test_the_cli_writes_what_is_stale(app, sanctioned):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["opendata", "export"])
    assert result.exit_code == 0, result.output
    assert "sanctions-in-force-csv.csv: 1 records" in result.output and "(written)" in result.output
    again = runner.invoke(args=["opendata", "export", "sanctions-in-force-csv"])
    assert again.exit_code == 0 and again.output.strip().endswith("(current)")
    assert runner.invoke(args=["opendata", "export", "nope"]).exit_code != 0
