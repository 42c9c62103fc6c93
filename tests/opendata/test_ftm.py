"""The FollowTheMoney files, read back with the followthemoney library: each line is an entity of the
expected schema whose values are already clean, with its required properties, whose references resolve,
and whose ids do not change when the file is made again."""
import json

from followthemoney import model

from pactplatform.opendata import exports
from tests.opendata.conftest import fetch


def _entities(client, name: str) -> list[dict]:
    response = fetch(client, f"/exports/{name}")
    assert response.status_code == 200
    assert response.mimetype == "application/x-ndjson"
    return [json.loads(line) for line in response.get_data(as_text=True).splitlines()]


def _check(entities: list[dict]) -> dict[str, list]:
    by_schema: dict[str, list] = {}
    ids = set()
    for data in entities:
        proxy = model.get_proxy(data, cleaned=False)  # cleans every value to its type: a bad one is dropped
        assert proxy.to_dict()["properties"] == data["properties"], data
        assert all(proxy.get(name) for name in proxy.schema.required), data
        assert proxy.id not in ids
        ids.add(proxy.id)
        by_schema.setdefault(proxy.schema.name, []).append(proxy)
    for proxies in by_schema.values():
        for proxy in proxies:
            for prop in proxy.schema.properties.values():
                if prop.type.name == "entity":
                    assert set(proxy.get(prop)) <= ids, f"{proxy.id}.{prop.name} points outside the file"
    return by_schema


def test_the_blacklist_and_the_certificates_are_valid_followthemoney(app, client, record, bureau):
    blacklist = _check(_entities(client, "blacklist-ftm"))
    assert set(blacklist) == {"Company", "Sanction"}
    [company] = blacklist["Company"]
    assert company.id == f"pactplatform-org-{bureau['firm_a'].id}"
    assert company.get("name") == ["PT Alpha"] and company.get("country") == ["id"]
    assert company.get("topics") == ["debarment"]
    nib, npwp = company.get("registrationNumber")[0], company.get("taxNumber")[0]
    assert "*" in nib and "*" in npwp and bureau["firm_a"].nib not in nib  # masked as on the public pages
    [sanction] = blacklist["Sanction"]
    assert sanction.id == f"pactplatform-sanction-{record['sanction'].id}"
    assert sanction.get("entity") == [company.id]
    assert sanction.get("authorityId") == ["SK-001/2026"]
    assert sanction.get("status") == ["in_force"] and sanction.get("startDate") == ["2026-07-10"]
    assert sanction.get("program") == ["PactPlatform: Blacklisting"]
    assert sanction.get("reason") and sanction.get("authority")
    assert sanction.get("sourceUrl")[0].endswith(f"/blacklist/{record['sanction'].id}")

    certificates = _check(_entities(client, "certificates-ftm"))
    assert set(certificates) == {"Company", "Document", "Documentation"}
    [holder] = certificates["Company"]
    assert holder.id == f"pactplatform-org-{bureau['firm_b'].id}"
    [edge] = certificates["Documentation"]
    [document] = certificates["Document"]
    assert edge.get("entity") == [holder.id] and edge.get("document") == [document.id]
    assert edge.get("status") == ["active"] and edge.get("startDate") and edge.get("endDate")
    assert document.get("fileName")[0].endswith(".pdf") and document.get("contentHash")
    assert "/verify/certificates/" in document.get("sourceUrl")[0]

    # Made again from the same record: the same ids, the same bytes.
    with app.app_context():
        first = exports.stored_info(exports.get("certificates-ftm"))
        again = exports.generate(exports.get("certificates-ftm"))
    assert again.sha256 == first.sha256
