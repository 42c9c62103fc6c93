"""Each indicator against cases of our own, at each threshold (RED_FLAGS.md §5)."""
import pytest

from .redflag_helpers import bid, indicators, release, won_by


def _period(start, end, **tender):
    return {"ocid": "A", "tender": {"tenderPeriod": {"startDate": start, "endDate": end}, **tender}}


# R003 ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("end,flagged", [
    ("2024-01-15T23:59:59.999999999Z", True),   # 14 days and a bit
    ("2024-01-16T00:00:00Z", False),            # exactly 15 days: not < 15
    ("2024-01-16T06:59:59+07:00", True),        # offsets applied: 14 days 23:59:59
    ("2024-01-16T07:00:00+07:00", False),
    ("2023-12-01T00:00:00Z", True),             # negative period
])
def test_r003_threshold_boundary(end, flagged):
    result = indicators([_period("2024-01-01T00:00:00Z", end)], "[R003]")
    assert result == ({"OCID": {"A": {"R003": 1.0}}} if flagged else {})


@pytest.mark.parametrize("value", [
    "2024-01-01", "2024-01-01T00:00:00", "2024-02-30T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z",
    "2024-01-01T00:00:61Z", "2024-01-01T00:00:00+24:00", "2024-01-01T00:00:00+05:60", "2024-01-01T00:00:00.Z",
    "2024-01-01T00:00:00Zjunk", "24-01-01T00:00:00Z", "2024-01-01T00:00:00+0700", "２０２４-01-01T00:00:00Z",
])
def test_r003_unparseable_dates_say_nothing(value):
    assert indicators([_period(value, "2024-01-02T00:00:00Z")], "[R003]") == {}


@pytest.mark.parametrize("start", ["2024-01-01t00:00:00z", "2024-01-01 00:00:00Z", "2024-01-01T00:00:00.1234567891234Z",
                                   "2024-01-01T07:00:00\u221207:00", "2023-12-31T23:59:60Z", "2024-02-29T00:00:00Z"])
def test_r003_accepted_forms(start):
    assert indicators([_period(start, "2024-03-02T00:00:00Z", procurementMethod="open")],
                      "[R003]\nthreshold = 100") == {"OCID": {"A": {"R003": 1.0}}}


def test_r003_per_method_details_threshold_and_method_filter():
    short = _period("2024-01-01T00:00:00Z", "2024-01-08T00:00:00Z", procurementMethodDetails="Pengadaan Langsung",
                    procurementMethod="direct")
    ini = "[R003]\n[R003.procurement_method_details]\nPengadaan Langsung = 7\n"
    assert indicators([short], ini) == {}  # 7 days is not < 7
    assert indicators([short], ini.replace("= 7", "= 8")) == {"OCID": {"A": {"R003": 1.0}}}
    assert indicators([short], "[R003]\nprocurement_methods = open|selective\n") == {}
    assert indicators([short], "[R003]\nprocurement_methods = direct\n") == {"OCID": {"A": {"R003": 1.0}}}
    assert indicators([short], "[R003]\nthreshold = 0\n") == {}


def test_r003_wrong_types_say_nothing():
    assert indicators([{"ocid": "A", "tender": {"tenderPeriod": {"startDate": 1, "endDate": "2024-01-02T00:00:00Z"}}}],
                      "[R003]") == {}
    assert indicators([{"ocid": "A", "tender": []}], "[R003]") == {}


# R018 ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("tenderers,method,flagged", [
    (1, "open", True), (1, "selective", True), (1, "direct", False), (2, "open", False), (0, "open", False),
    (1.0, "open", False), ("1", "open", False), (True, "open", False), (None, "open", False),
])
def test_r018(tenderers, method, flagged):
    result = indicators([{"ocid": "A", "tender": {"numberOfTenderers": tenderers, "procurementMethod": method}}],
                        "[R018]")
    assert result == ({"OCID": {"A": {"R018": 1.0}}} if flagged else {})


def test_r018_literal_1e0_is_not_an_integer():
    assert indicators(b'{"ocid":"A","tender":{"numberOfTenderers":1e0,"procurementMethod":"open"}}\n', "[R018]") == {}


def test_r018_method_settings():
    direct = {"ocid": "A", "tender": {"numberOfTenderers": 1, "procurementMethod": "direct"}}
    assert indicators([direct], "[R018]\nprocurement_methods =\n") == {"OCID": {"A": {"R018": 1.0}}}
    assert indicators([direct], "[R018]\nprocurement_methods = direct|limited\n") == {"OCID": {"A": {"R018": 1.0}}}
    assert indicators([{"ocid": "A", "tender": {"numberOfTenderers": 1}}], "[R018]") == {}


# R024 / R058 (second-lowest-bid ratio) ------------------------------------------------------------

def _priced(ocid, winning, second, winner="W", loser="L", **extra):
    return release(ocid, [bid(winner, winning), bid(loser, second)], [won_by(winner)], **extra)


def test_r024_flags_ratios_at_or_below_the_lower_fence():
    data = [_priced("F", 100, 101)] + [_priced(str(i), 100, 200) for i in range(4)]
    assert indicators(data, "[R024]", meta=True) == {
        "OCID": {"F": {"R024": 0.01}}, "Tenderer": {"W": {"R024": 0.0}, "L": {"R024": 0.0}},
        "Meta": {"R024": {"q1": 0.67, "q3": 1.0, "lower_fence": 0.175}}}


def test_r024_threshold_is_inclusive_and_skips_the_q1_check():
    data = [_priced("A", 100, 105), _priced("B", 100, 106)]
    result = indicators(data, "[R024]\nthreshold = 0.05\n", meta=True)
    assert result["OCID"] == {"A": {"R024": 0.05}}
    assert result["Meta"] == {"R024": {"lower_fence": 0.05}}
    assert indicators([_priced("A", 100, 100)], "[R024]\nthreshold = 0.05\n")["OCID"] == {"A": {"R024": 0.0}}


def test_r024_needs_q1_above_zero():
    data = [_priced(str(i), 100, 100) for i in range(5)] + [_priced("X", 100, 101)]
    assert indicators(data, "[R024]") == {}


def test_ratio_skips_releases_that_the_lowest_bid_did_not_win():
    assert indicators([_priced("A", 100, 90)], "[R024]\nthreshold = 1\n") == {}


@pytest.mark.parametrize("awards", [
    [won_by("W", status="pending")], [won_by("W"), won_by("L")], [won_by("W", "L")], [{"status": "active"}],
    [won_by("W"), won_by("L", status="Active")], [],
])
def test_ratio_needs_a_single_final_winner(awards):
    data = [release("A", [bid("W", 100), bid("L", 101)], awards)]
    assert indicators(data, "[R024]\nthreshold = 1\n") == {}


def test_ratio_ignores_cancelled_and_statusless_awards_and_uses_the_winners_lowest_bid():
    data = [release("A", [bid("W", 120), bid("W", 100), bid("L", 103), bid("M", 101), bid("N", 101),
                          bid("X", 50, status="disqualified"), {"status": "valid", "tenderers": [{"id": "W"}, {"id": "L"}],
                                                                "value": {"amount": 1, "currency": "IDR"}}],
                    [won_by("Z", status="cancelled"), {"suppliers": [{"id": "Q"}]}, won_by("W")])]
    result = indicators(data, "[R024]\nthreshold = 1\n", mapping=True)
    assert result["OCID"] == {"A": {"R024": 0.01}}
    assert result["Tenderer"] == {"W": {"R024": 0.0}, "M": {"R024": 0.0}}  # first of the tie at 101
    assert result["Maps"]["ocid_tenderer_r024"] == {"A": ["M", "W"]}


def test_ratio_uses_the_first_currency_or_the_setting():
    data = [_priced("A", 100, 150, currency=None)]
    data = [release("A", [bid("W", 100, currency="USD"), bid("L", 101, currency="USD")], [won_by("W")]),
            release("B", [bid("W", 100, currency="IDR"), bid("L", 101, currency="IDR")], [won_by("W")])]
    assert set(indicators(data, "[R024]\nthreshold = 1\n")["OCID"]) == {"A"}
    assert set(indicators(data, "currency = IDR\n[R024]\nthreshold = 1\n")["OCID"]) == {"B"}


def test_ratio_amounts_must_be_finite_numbers():
    data = [release("A", [bid("W", True), bid("L", 101)], [won_by("W")]),
            release("B", [bid("W", "100"), bid("L", 101)], [won_by("W")])]
    assert indicators(data, "[R024]\nthreshold = 1\n") == {}
    data = b'{"ocid":"C","bids":{"details":[{"status":"valid","tenderers":[{"id":"W"}],"value":{"amount":1e400,"currency":"IDR"}},' \
           b'{"status":"valid","tenderers":[{"id":"L"}],"value":{"amount":5,"currency":"IDR"}}]},"awards":[{"status":"active","suppliers":[{"id":"W"}]}]}\n'
    assert indicators(data, "[R024]\nthreshold = 1\n") == {}


def test_price_comparison_allow_and_deny_lists():
    tender = lambda d: {"tender": {"procurementMethodDetails": d}}  # noqa: E731
    data = [_priced("A", 100, 101, **tender("Tender")), _priced("B", 100, 101, **tender("Penunjukan Langsung")),
            _priced("C", 100, 101)]
    deny = "no_price_comparison_procurement_methods = Penunjukan Langsung\n[R024]\nthreshold = 1\n"
    assert set(indicators(data, deny)["OCID"]) == {"A", "C"}
    allow = "price_comparison_procurement_methods = Tender\n" + deny
    assert set(indicators(data, allow)["OCID"]) == {"A"}


def test_r058_upper_fence_and_threshold():
    data = [_priced("F", 1, 100)] + [_priced(str(i), 1, 2) for i in range(4)]
    assert indicators(data, "[R058]", meta=True) == {
        "OCID": {"F": {"R058": 99.0}}, "Tenderer": {"W": {"R058": 0.0}},
        "Meta": {"R058": {"q1": 1.0, "q3": 33.6667, "upper_fence": 82.6667}}}
    # At the fence exactly: 1.0 >= 1.0.
    assert set(indicators(data, "[R058]\nthreshold = 1\n")["OCID"]) == {"F", "0", "1", "2", "3"}
    assert indicators(data, "[R058]\nthreshold = 0\n") == {}


# R025 ---------------------------------------------------------------------------------------------

def test_r025_counts_processes_not_bids():
    data = [release("0", [bid("F"), bid("F")], [won_by("F")])]
    data += [release(str(i), [bid("F"), bid(str(i)), bid(str(i))], [won_by(str(i))]) for i in range(1, 6)]
    result = indicators(data, "[R025]", meta=True)
    assert result["Tenderer"] == {"F": {"R025": 0.16666666666666666}}
    # The 75th percentile of the process counts [1, 1, 1, 1, 1, 6] (type 8).
    assert result["Meta"]["R025"]["upper_fence"] == 1.4167


def test_r025_threshold_and_percentile():
    data = [release("0", [bid("F")], [won_by("F")])]
    data += [release(str(i), [bid("F"), bid(str(i))], [won_by(str(i))]) for i in range(1, 6)]
    assert indicators(data, "[R025]\nthreshold = 0.1\n") == {}
    assert indicators(data, "[R025]\nthreshold = 0.17\n")["Tenderer"] == {"F": {"R025": 0.16666666666666666}}
    assert indicators(data, "[R025]\npercentile = 101\n") == {}  # NaN fence flags nothing
    meta = indicators(data, "[R025]\nthreshold = 0.5\n", meta=True)["Meta"]["R025"]
    assert set(meta) == {"upper_fence", "lower_fence"}


# R028 ---------------------------------------------------------------------------------------------

def test_r028_equal_amounts_compare_numerically_with_the_same_currency():
    data = b'{"ocid":"A","bids":{"details":[{"status":"pending","value":{"amount":1,"currency":"IDR"},"tenderers":[{"id":"X"}]},' \
           b'{"status":"disqualified","value":{"amount":1e0,"currency":"IDR"},"tenderers":[{"id":"Y"},{"id":"Z"}]}]}}\n'
    assert indicators(data, "[R028]", mapping=True) == {
        "OCID": {"A": {"R028": 1.0}}, "Tenderer": {"X": {"R028": 1.0}, "Y": {"R028": 1.0}, "Z": {"R028": 1.0}},
        "Maps": {**_empty_maps(), "ocid_tenderer_r028": {"A": ["X", "Y", "Z"]}}}


def _empty_maps():
    return {name: {} for name in ("ocid_buyer_r038", "ocid_procuringentity_r038", "ocid_tenderer", "ocid_tenderer_r024",
                                  "ocid_tenderer_r028", "ocid_tenderer_r030", "ocid_tenderer_r035", "ocid_tenderer_r058")}


@pytest.mark.parametrize("bids", [
    [bid("X", 1), bid("X", 1)],                              # the same tenderer repeats its price
    [bid("X", 1), bid("Y", 1, currency="USD")],              # different currencies
    [bid("X", 1), bid("Y", 1, status="withdrawn")],          # not submitted
    [bid("X", 1), bid("Y", 1, status="invited")],
    [bid("X", 1), bid(None, 1)],                             # no ids
    [bid("X", 1), bid("Y", 2)],
])
def test_r028_not_flagged(bids):
    assert indicators([release("A", bids)], "[R028]") == {}


def test_r028_compares_with_the_last_set_stored():
    bids = [bid("X", 1), bid("X", 1), bid("Y", 1)]
    assert indicators([release("A", bids)], "[R028]")["Tenderer"] == {"X": {"R028": 1.0}, "Y": {"R028": 1.0}}


# R030 ---------------------------------------------------------------------------------------------

def _late(date, end="2024-03-15T00:00:00Z", awards=None, status="valid"):
    return release("A", [bid("W", date=date, status=status)], awards or [won_by("W")],
                   tender={"tenderPeriod": {"endDate": end}})


def test_r030_string_comparison_not_instants():
    assert indicators([_late("2024-03-15T00:00:01Z")], "[R030]")["OCID"] == {"A": {"R030": 1.0}}
    assert indicators([_late("2024-03-15T00:00:00Z")], "[R030]") == {}
    # 06:00+07:00 is before the deadline in time, but later as a string: Cardinal flags it.
    assert indicators([_late("2024-03-15T06:00:00+07:00")], "[R030]")["OCID"] == {"A": {"R030": 1.0}}


def test_r030_pending_awards_do_not_exclude_and_losers_are_not_flagged():
    awards = [won_by("W"), won_by("Q", status="pending")]
    assert indicators([_late("2024-04-01", awards=awards)], "[R030]")["Tenderer"] == {"W": {"R030": 1.0}}
    assert indicators([_late("2024-04-01", awards=[won_by("Q")])], "[R030]") == {}
    assert indicators([_late("2024-04-01", status="disqualified")], "[R030]") == {}


# R035 ---------------------------------------------------------------------------------------------

def test_r035_counts_other_disqualified_tenderers():
    bids = [bid("V"), bid("D1", status="disqualified"), bid("D2", status="disqualified"),
            bid("V", status="disqualified")]
    assert indicators([release("A", bids, [won_by("V")])], "[R035]") == {
        "OCID": {"A": {"R035": 2.0}}, "Tenderer": {"V": {"R035": 0.0}}}
    assert indicators([release("A", bids, [won_by("V")])], "[R035]\nthreshold = 3\n") == {}
    assert indicators([release("A", bids, [won_by("V")])], "[R035]\nthreshold = 2\n")["OCID"] == {"A": {"R035": 2.0}}


def test_r035_threshold_zero_is_raised_to_one():
    bids = [bid("V")]
    assert indicators([release("A", bids, [won_by("V")])], "[R035]\nthreshold = 0\n") == {}


@pytest.mark.parametrize("bids,awards", [
    ([bid("V"), bid("W"), bid("D", status="disqualified")], [won_by("V")]),        # two valid
    ([bid("V"), bid("D", status="disqualified")], [won_by("W")]),                  # valid one did not win
    ([bid("V"), bid("D", status="disqualified")], [won_by("V", status="pending")]),  # FA fails
    ([bid("V"), bid("D", status="disqualified")], [won_by("V"), won_by("D")]),     # V != S
])
def test_r035_not_flagged(bids, awards):
    assert indicators([release("A", bids, awards)], "[R035]") == {}


# R036 ---------------------------------------------------------------------------------------------

def test_r036_lowest_disqualified_with_a_valid_bid():
    bids = [bid(None, 2), bid(None, 1, status="disqualified"), bid(None, 1)]
    assert indicators([release("A", bids, [{"status": "active"}])], "[R036]") == {"OCID": {"A": {"R036": 1.0}}}


@pytest.mark.parametrize("bids,awards", [
    ([bid(None, 1), bid(None, 1, status="disqualified")], [{"status": "active"}]),   # tie: the first bid is lowest
    ([bid(None, 1, status="disqualified"), bid(None, 2, status="pending")], [{"status": "active"}]),  # no valid
    ([bid(None, 1, status="pending"), bid(None, 2)], [{"status": "active"}]),
    ([bid(None, 1, status="disqualified"), bid(None, 2)], [{"status": "pending"}]),
    ([bid(None, 1, status="disqualified", currency="USD"), bid(None, 2)], [{"status": "active"}]),
])
def test_r036_not_flagged(bids, awards):
    assert indicators([release("A", bids, awards)], "currency = IDR\n[R036]") == {}


# R038 ---------------------------------------------------------------------------------------------

def test_r038_buyer_denominator_counts_bids_and_procuring_entities_too():
    data = [release("0", [bid("W1"), bid("D", status="disqualified")], buyer={"id": "B"},
                    tender={"procuringEntity": {"id": "P"}})]
    data += [release(str(i), [bid(f"X{i}")], buyer={"id": str(i)}) for i in range(1, 5)]
    result = indicators(data, "[R038]", meta=True, mapping=True)
    assert result["Buyer"] == {"B": {"R038": 0.5}}
    assert result["ProcuringEntity"] == {"P": {"R038": 0.5}}
    assert "Tenderer" not in result  # every tenderer has one bid only: none eligible
    assert result["Meta"]["R038"] == {"Buyer_q1": 0.5, "Buyer_q3": 0.5, "Buyer_upper_fence": 0.5,
                                      "ProcuringEntity_q1": 0.5, "ProcuringEntity_q3": 0.5,
                                      "ProcuringEntity_upper_fence": 0.5}
    assert result["Maps"]["ocid_buyer_r038"] == {"0": "B"}
    assert result["Maps"]["ocid_procuringentity_r038"] == {"0": "P"}
    assert result["Maps"]["ocid_tenderer"]["0"] == ["D", "W1"]


def test_r038_tenderers_and_threshold():
    data = [release(str(i), [bid("D", status="disqualified"), bid(f"W{i}")]) for i in range(3)]
    result = indicators(data, "[R038]\nminimum_submitted_bids = 3\nthreshold = 1\n", meta=True)
    assert result["Tenderer"] == {"D": {"R038": 1.0}}
    assert result["Meta"]["R038"] == {"Tenderer_upper_fence": 1.0}
    assert indicators(data, "[R038]\nminimum_submitted_bids = 4\n") == {"Meta": {}} or \
        indicators(data, "[R038]\nminimum_submitted_bids = 4\n") == {}
    assert indicators(data, "[R038]\nthreshold = 0\nminimum_submitted_bids = 1\n") == {}


def test_r038_repeated_tenderer_counts_twice():
    data = [release("A", [{"status": "disqualified", "tenderers": [{"id": "D"}, {"id": "D"}]}])]
    assert indicators(data, "[R038]\nminimum_submitted_bids = 2\n")["Tenderer"] == {"D": {"R038": 1.0}}


# R048 ---------------------------------------------------------------------------------------------

def _supplied(ocid, supplier, *codes):
    return {"ocid": ocid, "awards": [{"status": "active", "suppliers": [{"id": supplier}],
                                      "items": [{"classification": {"id": c}} for c in codes]}]}


def test_r048_varieties_and_eligibility():
    data = [_supplied("F", "F", "10000000", "11000000", "1")] + [_supplied(str(i), str(i), "10000000") for i in range(4)]
    assert indicators(data, "[R048]\nminimum_contracting_processes = 1\n") == {"Tenderer": {"F": {"R048": 3.0}}}
    assert indicators(data, "[R048]\nminimum_contracting_processes = 1\ndigits = 1\n") == \
        {"Tenderer": {"F": {"R048": 1.0}, **{str(i): {"R048": 1.0} for i in range(4)}}}
    assert indicators(data, "[R048]\nminimum_contracting_processes = 2\n", meta=True) == \
        {"Meta": {"R048": {"q1": None, "q3": None, "upper_fence": None}}}
    assert indicators(data, "[R048]\nminimum_contracting_processes = 1\nthreshold = 3\n") == \
        {"Tenderer": {"F": {"R048": 3.0}}}


def test_r048_counts_a_process_once_per_supplier_and_skips_shared_awards():
    data = [{"ocid": "A", "awards": [
        {"status": "active", "suppliers": [{"id": "S"}], "items": [{"classification": {"id": "10"}}]},
        {"status": "active", "suppliers": [{"id": "S"}], "items": [{"classification": {"id": "20"}}]},
        {"status": "active", "suppliers": [{"id": "S"}, {"id": "T"}], "items": [{"classification": {"id": "30"}}]},
        {"status": "pending", "suppliers": [{"id": "S"}], "items": [{"classification": {"id": "40"}}]}]}]
    assert indicators(data, "[R048]\nminimum_contracting_processes = 2\nthreshold = 0\n") == {}
    assert indicators(data, "[R048]\nminimum_contracting_processes = 1\nthreshold = 2\n") == \
        {"Tenderer": {"S": {"R048": 2.0}}}
    # No "> 0" guard: a zero threshold flags every eligible supplier.
    assert indicators(data, "[R048]\nminimum_contracting_processes = 1\nthreshold = 0\n") == \
        {"Tenderer": {"S": {"R048": 2.0}}}
