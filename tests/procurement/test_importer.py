"""Reading OCDS files: formats, merging with ocdsmerge, the schema check, a problem per line (no database)."""
import io
import json

import pytest

from pactplatform.procurement import importer

from .ocds import NIB_A, NPWP_A, compiled, disqualified_all_but_winner, jsonl


def _read(data: bytes):
    reader = importer.Reader(io.BytesIO(data))
    items = list(reader)
    return reader, items


def test_compiled_releases_as_json_lines_with_blank_and_crlf_lines():
    reader, items = _read(jsonl(compiled("ocds-a-1")) + b"\r\n" + jsonl(compiled("ocds-a-2")).replace(b"\n", b"\r\n"))
    assert [i.release["ocid"] for i in items] == ["ocds-a-1", "ocds-a-2"]
    assert [i.where for i in items] == ["line 1", "line 3"]
    assert reader.problems == [] and reader.file_format == importer.JSON_LINES
    assert len(reader.sha256) == 64


def test_every_bad_line_is_reported_with_its_number():
    bad_schema = compiled("ocds-a-3")
    bad_schema["tender"]["tenderPeriod"]["startDate"] = 20260101
    data = (jsonl(compiled("ocds-a-1")) + b'{"ocid": "x",\n' + jsonl(bad_schema) + b"[1, 2]\n"
            + b'{"ocid":"y","x":NaN}\n' + jsonl({"id": "no-ocid"}))
    reader, _items = _read(data)
    where = {p.where: p.message for p in reader.problems}
    assert set(where) == {"line 2", "line 3", "line 4", "line 5", "line 6"}
    assert "invalid JSON" in where["line 2"]
    assert "tender/tenderPeriod/startDate" in where["line 3"]
    assert "not a JSON object" in where["line 4"]
    assert "NaN" in where["line 5"]
    assert "ocid" in where["line 6"]


def test_an_empty_file_is_a_problem():
    reader, items = _read(b"\n  \n")
    assert items == [] and reader.problems[0].where == "file"


def test_release_package_is_merged_with_ocdsmerge():
    tender = compiled("ocds-a-1")
    tender.update(id="r1", tag=["tender"], date="2026-01-01T00:00:00Z")
    award = {"ocid": "ocds-a-1", "id": "r2", "date": "2026-02-01T00:00:00Z", "tag": ["award"], "initiationType": "tender",
             "tender": {"id": "ocds-a-1", "numberOfTenderers": 3},
             "awards": [{"id": "1", "status": "active", "suppliers": [{"id": "A", "name": "PT Alpha"}]}]}
    package = {"uri": "https://example.org/p.json", "publishedDate": "2026-02-02T00:00:00Z", "version": "1.1",
               "publisher": {"name": "LKPP"}, "releases": [award, tender]}
    reader, items = _read(json.dumps(package, indent=2).encode())
    assert reader.problems == [] and reader.file_format == importer.RELEASE_PACKAGE
    (item,) = items
    merged = item.release
    assert merged["tag"] == ["compiled"] and merged["date"] == "2026-02-01T00:00:00Z"
    assert merged["tender"]["numberOfTenderers"] == 3 and merged["tender"]["title"] == "Jalan Desa"
    assert merged["awards"][0]["suppliers"][0]["id"] == "A"


def test_record_package_uses_the_compiled_release_or_merges_the_releases():
    first = compiled("ocds-a-1")
    second = compiled("ocds-a-2")
    second.update(tag=["tender"])
    package = {"records": [{"ocid": "ocds-a-1", "compiledRelease": first, "releases": [{"url": "x", "date": "d"}]},
                           {"ocid": "ocds-a-2", "releases": [second]},
                           {"ocid": "ocds-a-3", "releases": [{"url": "https://example.org/r.json", "date": "d"}]}]}
    reader, items = _read(json.dumps(package).encode())
    assert [i.release["ocid"] for i in items] == ["ocds-a-1", "ocds-a-2"]
    assert items[1].release["tag"] == ["compiled"]
    assert [p.where for p in reader.problems] == ["line 1, records[2]"]


def test_a_package_document_that_is_not_a_package_is_refused():
    reader, items = _read(b'{\n "hello": 1\n}\n')
    assert items == [] and "package" in reader.problems[0].message
    reader, items = _read(b'{\n "releases": \n')
    assert items == [] and reader.problems[0].where == "line 1"


def test_party_identifiers_from_identifier_additional_identifiers_or_id():
    party = {"id": "x", "identifier": {"scheme": "ID-NPWP", "id": "01.734.567.8-512.000"},
             "additionalIdentifiers": [{"scheme": "ID-NIB", "id": "9120301234567"}]}
    assert importer.party_identifiers(party) == ("9120301234567", "017345678512000")
    assert importer.party_identifiers({"id": "ID-NIB-9120301234567"}) == ("9120301234567", None)
    assert importer.party_identifiers({"id": "y", "identifier": {"scheme": "ID-NPWP", "id": "123"}}) == (None, None)
    assert importer.party_identifiers({"id": "z", "identifier": {"scheme": "XI-ORG", "id": "017345678512000"}}) == \
        (None, None)


@pytest.mark.parametrize("value,expected", [(1000, 1000), (1000.5, 1001), (999.49, 999), (True, None), ("5", None),
                                            (float("inf"), None), (-2.5, -3)])
def test_whole_units_round_half_up(value, expected):
    assert importer.whole_units(value) == expected


def test_extract_keeps_what_pages_and_indicators_show():
    data = importer.extract(disqualified_all_but_winner("ocds-a-1"))
    assert data.columns["amount"] == 1_000_000 and data.columns["currency"] == "IDR"
    assert data.columns["number_of_tenderers"] == 2 and data.columns["procurement_method"] == "open"
    assert data.columns["tender_start"].isoformat() == "2025-12-31T17:00:00"  # UTC
    assert data.parties["A"].nib == NIB_A and data.parties["A"].npwp == NPWP_A
    assert data.parties["A"].roles == {"tenderer", "supplier"}
    assert data.parties["B"].public and data.parties["B"].roles == {"buyer", "procuring_entity", "public_body"}
    assert [b["status"] for b in data.bids] == ["valid", "disqualified"] and data.bids[1]["party"] == "Bx"
    assert data.awards[0]["party"] == "A" and data.contracts[0]["award_ocds_id"] == "1"


def test_canonical_text_is_stable():
    a = importer.canonical({"b": 1, "a": [1, {"d": 2, "c": 3}]})
    b = importer.canonical({"a": [1, {"c": 3, "d": 2}], "b": 1})
    assert a == b
