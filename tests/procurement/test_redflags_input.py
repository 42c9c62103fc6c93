"""Input rules (RED_FLAGS.md §1): line splitting, invalid lines, numbers, the release gate."""
import json

import pytest

from pactplatform.procurement.redflags import jsonl

from .redflag_helpers import indicators

SINGLE = {"ocid": "A", "tender": {"numberOfTenderers": 1, "procurementMethod": "open"}}
FLAG = {"OCID": {"A": {"R018": 1.0}}}


def _line(text: str) -> bytes:
    return text.encode() + b"\n"


def test_crlf_blank_and_whitespace_lines():
    data = b"\r\n   \n\t\n" + json.dumps(SINGLE).encode() + b"\r\n\n"
    assert indicators(data, "[R018]") == FLAG


def test_a_lone_carriage_return_does_not_split_lines():
    # \r is not a line break: the two objects on one "line" are invalid JSON together.
    data = json.dumps(SINGLE).encode() + b"\r" + json.dumps({**SINGLE, "ocid": "B"}).encode() + b"\n"
    assert indicators(data, "[R018]") == {}


def test_last_line_without_newline_counts():
    assert indicators(json.dumps(SINGLE).encode(), "[R018]") == FLAG


@pytest.mark.parametrize("bad", [
    b'{"ocid":"B","tender":{"numberOfTenderers":1,"procurementMethod":"open"}',  # truncated
    b'{"ocid":"B","tender":{"numberOfTenderers":1,"procurementMethod":"open","x":NaN}}',
    b'{"ocid":"B","tender":{"numberOfTenderers":1,"procurementMethod":"open","x":Infinity}}',
    b'{"ocid":"B","tender":{"numberOfTenderers":1,"procurementMethod":"open","x":-Infinity}}',
    b'{"ocid":"B\\ud800","tender":{"numberOfTenderers":1,"procurementMethod":"open"}}',
    b'{"ocid":"B","tender":{"numberOfTenderers":1,"procurementMethod":"open","\\udc00":1}}',
    b'{"ocid":"B\xff","tender":{"numberOfTenderers":1,"procurementMethod":"open"}}',  # invalid UTF-8
    b"[1]",
    b'"text"',
])
def test_invalid_or_non_object_lines_are_skipped_and_the_rest_is_read(bad):
    data = bad + b"\n" + _line(json.dumps(SINGLE))
    assert indicators(data, "[R018]") == FLAG


def test_a_paired_surrogate_escape_is_fine():
    assert indicators(_line(json.dumps({**SINGLE, "ocid": "A\U0001F600"}, ensure_ascii=True)), "[R018]") == \
        {"OCID": {"A\U0001F600": {"R018": 1.0}}}


def _nested(depth: int) -> bytes:
    # The release object is level 1; the list nests inside it.
    inner = "[" * (depth - 1) + "]" * (depth - 1)
    return _line('{"ocid":"A","tender":{"numberOfTenderers":1,"procurementMethod":"open"},"x":' + inner + "}")


def test_nesting_of_127_levels_is_read_and_128_is_refused():
    assert indicators(_nested(127), "[R018]") == FLAG
    assert indicators(_nested(128), "[R018]") == {}
    assert indicators(_nested(5000), "[R018]") == {}


def test_duplicate_keys_last_wins():
    data = _line('{"ocid":"A","tender":{"numberOfTenderers":2,"procurementMethod":"open","numberOfTenderers":1}}')
    assert indicators(data, "[R018]") == FLAG
    data = _line('{"ocid":"A","tender":{"numberOfTenderers":1,"procurementMethod":"open","numberOfTenderers":2}}')
    assert indicators(data, "[R018]") == {}


def test_parse_reports_the_reason():
    with pytest.raises(jsonl.InvalidLine, match="UTF-8"):
        jsonl.parse(b"\xff")
    with pytest.raises(jsonl.InvalidLine, match="invalid JSON"):
        jsonl.parse(b"{")
    assert jsonl.parse(b"  \r") is None


@pytest.mark.parametrize("ocid", [1, None, ["A"], {"id": "A"}, True])
def test_release_gate_needs_a_string_ocid(ocid):
    assert indicators([{**SINGLE, "ocid": ocid}], "[R018]") == {}


def test_release_gate_skips_cancelled_tenders_only_when_exactly_cancelled():
    cancelled = {"ocid": "A", "tender": {**SINGLE["tender"], "status": "cancelled"}}
    assert indicators([cancelled], "[R018]") == {}
    other = {"ocid": "A", "tender": {**SINGLE["tender"], "status": "Cancelled"}}
    assert indicators([other], "[R018]") == FLAG


def test_release_gate_exclusions_by_procurement_method_details():
    excluded = {"ocid": "A", "tender": {**SINGLE["tender"], "procurementMethodDetails": "Random Selection"}}
    ini = "[exclusions]\nprocurement_method_details = Random Selection|Other\n[R018]\n"
    assert indicators([excluded], ini) == {}
    kept = {"ocid": "A", "tender": {**SINGLE["tender"], "procurementMethodDetails": "random selection"}}
    assert indicators([kept], ini) == FLAG
    assert indicators([SINGLE], ini) == FLAG


def test_a_repeated_ocid_keeps_the_later_lines_result():
    data = [{"ocid": "A", "tender": {"tenderPeriod": {"startDate": "2020-01-01T00:00:00Z",
                                                      "endDate": "2020-01-02T00:00:00Z"}}},
            {"ocid": "A", "tender": {"numberOfTenderers": 1, "procurementMethod": "open"}}]
    assert indicators(data, "[R003]\n[R018]") == {"OCID": {"A": {"R003": 1.0, "R018": 1.0}}}


def test_output_formats_floats_like_serde():
    from pactplatform.procurement.redflags.run import dumps

    assert dumps({"a": 1.0, "b": 1e-05, "c": 1e16, "d": float("nan"), "e": 0.16666666666666666, "f": "é"}) == \
        '{"a":1.0,"b":1e-5,"c":1e16,"d":null,"e":0.16666666666666666,"f":"é"}'
