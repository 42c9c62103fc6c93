"""The registers' unfiltered downloads are bulk exports too: the same bytes as the register's own download,
listed on the exports page, which the home page links."""
import json

from pactplatform.opendata import exports
from tests.opendata.conftest import fetch

UNFILTERED = {"organisations": "/orgs/export.{}", "actions": "/actions/export.{}",
              "blacklist": "/blacklist/export.{}?status=all&kind=all", "certificates": "/certificates/export.{}?status=all"}


def test_each_register_is_an_export_with_the_downloads_rows(client, record, bureau):
    listed = client.get("/exports/").get_data(as_text=True)
    for register, url in UNFILTERED.items():
        for fmt in ("csv", "jsonl"):
            name = f"{register}-{fmt}"
            assert name in listed
            exported = fetch(client, f"/exports/{name}")
            download = fetch(client, url.format(fmt))
            assert exported.status_code == 200 and exported.get_data() == download.get_data(), name
            records = exports.stored_info(exports.get(name)).records
            assert records == len(download.get_data(as_text=True).splitlines()) - (fmt == "csv") > 0, name
    blacklist = [json.loads(line) for line in fetch(client, "/exports/blacklist-jsonl").get_data(as_text=True)
                 .splitlines()]
    assert [(s["decree_number"], s["status"]) for s in blacklist] == [("SK-001/2026", "in_force")]
    assert "*" in blacklist[0]["nib"] and bureau["firm_a"].nib not in json.dumps(blacklist)
    assert 'href="/exports/"' in client.get("/").get_data(as_text=True)
