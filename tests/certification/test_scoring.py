"""Score arithmetic of both templates: the worked examples of CERTIFICATION.md, asserted exactly."""
from decimal import Decimal

import pytest

from pactplatform.certification import schemes, scoring

COALITION = schemes.load_template("coalition")
ZI = schemes.load_template("zona_integritas")

COALITION_EXAMPLE = {
    "A1": "yes", "A2": "yes", "A3": "B", "B1": "yes", "B2": "A", "B3": "B",
    "C1": "A", "C2": "B", "C3": "no", "C4": "yes", "C5": "A", "C6": "C",
    "D1": "A", "D2": "60", "D3": "yes", "E1": "85", "E2": "no", "F1": "A", "F2": "B", "F3": "yes",
    "G1": "yes", "G2": "C", "G3": "yes",
}


def test_both_templates_validate():
    assert schemes.validate(COALITION) == []
    assert schemes.validate(ZI) == []


def test_coalition_worked_example():
    result = scoring.score(COALITION, COALITION_EXAMPLE)
    assert {k: scoring.shown(v) for k, v in result.areas.items()} == {
        "A": Decimal("8.50"), "B": Decimal("13.00"), "C": Decimal("17.50"), "D": Decimal("13.00"),
        "E": Decimal("5.10"), "F": Decimal("12.50"), "G": Decimal("7.00")}
    assert scoring.shown(result.total) == Decimal("76.60")
    assert {k: scoring.shown(v * 100) for k, v in result.achievements.items()} == {
        "A": Decimal("85.00"), "B": Decimal("86.67"), "C": Decimal("70.00"), "D": Decimal("86.67"),
        "E": Decimal("51.00"), "F": Decimal("83.33"), "G": Decimal("70.00")}
    assert result.level == "certified"
    assert [f["rule"] for f in result.failures["certified_advanced"]] == ["total_min", "area_achievement_min"]


def test_coalition_without_a_mandatory_criterion_awards_nothing():
    result = scoring.score(COALITION, {**COALITION_EXAMPLE, "C4": "no"})
    assert result.level is None
    assert {"rule": "mandatory_full"} in result.failures["certified"]


def test_coalition_small_firm_is_rescaled_to_100():
    answers = {code: COALITION_EXAMPLE[code] for code in ("A1", "A2", "B1", "C1", "C4", "D1", "E1", "F1", "F2")}
    result = scoring.score(COALITION, answers, small_firm=True)
    assert result.missing == []
    # 4 + 3 + 6 + 5 + 4 + 6 + 5.1 + 6 + 2.5 = 41.6 of the 45 applicable → 92.444… of 100
    assert scoring.shown(result.total) == Decimal("92.44")
    assert result.level == "certified_advanced"


def _zi_answers(percent_by_area: dict[str, int], ipak: str, ck: str, ipkp: str) -> dict:
    """Each pengungkit half at the given share of its weight: the half's questions weigh 40/30/30 %, the
    last two answered at their best, the first (a percentage) set so that the half reaches the share."""
    answers = {}
    for area in ZI["areas"]:
        if area.get("component") != "pengungkit":
            continue
        share = Decimal(percent_by_area[area["area_group"]]) / 100
        first, second, third = area["criteria"]
        answers[first["code"]] = str((share - Decimal("0.6")) / Decimal("0.4") * 100)
        for criterion in (second, third):
            answers[criterion["code"]] = "yes" if criterion["type"] == "yes_no" else "A"
    return {**answers, "IPAK": ipak, "CK": ck, "IPKP": ipkp}


EXAMPLE_SHARES = {"MP": 90, "PT": 90, "PP": 90, "AK": 85, "SDM": 80, "PW": 80}


def test_zona_integritas_worked_example():
    answers = _zi_answers(EXAMPLE_SHARES, "3.72", "A", "3.65")
    result = scoring.score(ZI, answers)
    assert result.components["pengungkit"] == Decimal("51.00")
    assert result.criteria["IPAK"] == Decimal("16.275") and scoring.shown(result.criteria["IPAK"]) == Decimal("16.28")
    assert result.criteria["CK"] == Decimal(5)
    assert result.criteria["IPKP"] == Decimal("15.96875") and scoring.shown(result.areas["prima"]) == Decimal("15.97")
    assert scoring.shown(result.areas["bersih"]) == Decimal("21.28")
    assert scoring.shown(result.total) == Decimal("88.24")
    assert result.level == "wbk"  # WBBM needs a prior WBK
    assert result.failures["wbbm"] == [{"rule": "prior_level", "level": "wbk"}]
    assert scoring.score(ZI, answers, held_levels={"wbk"}).level == "wbbm"


@pytest.mark.parametrize("change, total", [
    ({"ipkp": "3.50"}, "87.59"),
    ({"shares": {**EXAMPLE_SHARES, "PW": 70}}, "86.74"),
])
def test_zona_integritas_variants_earn_wbk_only(change, total):
    answers = _zi_answers(change.get("shares", EXAMPLE_SHARES), "3.72", "A", change.get("ipkp", "3.65"))
    result = scoring.score(ZI, answers, held_levels={"wbk"})
    assert scoring.shown(result.total) == Decimal(total)
    assert result.level == "wbk"


def test_survey_minimums_read_as_published():
    ipak = next(c for a in ZI["areas"] for c in a["criteria"] if c["code"] == "IPAK")
    assert Decimal(ipak["weight"]) * scoring.fraction(ipak, "3.60") == Decimal("15.75")
    assert Decimal(ipak["weight"]) * scoring.fraction(ipak, "3.20") == Decimal("14.00")


@pytest.mark.parametrize("criterion, raw", [
    ({"code": "X", "type": "yes_no"}, "maybe"),
    ({"code": "X", "type": "abc"}, "D"),
    ({"code": "X", "type": "percent"}, "100.5"),
    ({"code": "X", "type": "percent"}, "-1"),
    ({"code": "X", "type": "scale", "min": "0", "max": "4"}, "4.01"),
    ({"code": "X", "type": "scale", "min": "0", "max": "4"}, "NaN"),
    ({"code": "X", "type": "percent"}, "1e999"),
])
def test_answers_out_of_range_are_refused(criterion, raw):
    with pytest.raises(scoring.BadAnswer):
        scoring.normalise(criterion, raw)


def test_half_up_rounding():
    assert scoring.shown(Decimal("0.125")) == Decimal("0.13")
    assert scoring.shown(Decimal("15.96875")) == Decimal("15.97")


def test_validation_names_bad_weights_and_unordered_thresholds():
    broken = schemes.load_template("coalition")
    broken["areas"][0]["criteria"][0]["weight"] = "5"
    broken["areas"][1]["weight"] = "-15"
    broken["levels"][0]["rules"][0]["value"] = "60"  # advanced asks less than certified
    problems = [str(p) for p in schemes.validate(broken)]
    assert any("Area A" in p for p in problems)
    assert any("Area B" in p for p in problems)
    assert any("certified_advanced" in p for p in problems)
