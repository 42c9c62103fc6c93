"""Every rule of RISK_MODEL.md §4 refuses a configuration with its message, next to its field."""
import copy
from decimal import Decimal

import pytest

from pactplatform.risk import methodology as m


def problems(config) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in m.validate(config):
        found.setdefault(problem.path, []).append(str(problem.message))
    return found


@pytest.fixture
def config():
    return m.preset("standard-4x4")


@pytest.mark.parametrize("name", m.preset_names())
def test_every_preset_passes(name):
    assert problems(m.preset(name)) == {}


def test_presets_have_three_four_and_five_categories():
    sizes = {len(m.preset(n)["scales"]["likelihood"]["categories"]) for n in m.preset_names()}
    assert {3, 4, 5} <= sizes


def test_default_scales_and_matrix_follow_the_model(config):
    likelihood = config["scales"]["likelihood"]
    assert m.category_of(likelihood, Decimal("0.99"))["code"] == "L1"
    assert m.category_of(likelihood, Decimal("1"))["code"] == "L2"
    assert m.category_of(likelihood, Decimal("5.99"))["code"] == "L3"
    assert m.category_of(likelihood, Decimal("6"))["code"] == "L4"
    impact = config["scales"]["impact"]
    assert m.category_of(impact, Decimal(4_999_999))["code"] == "I1"
    assert m.category_of(impact, Decimal(300_000_000))["code"] == "I4"
    assert [m.level_of(config, f"L{s - 1}", "I1")["code"] for s in (2, 3, 4, 5)] == ["VL", "VL", "L", "M"]
    assert m.level_of(config, "L2", "I4")["code"] == "H"
    assert m.level_of(config, "L4", "I4")["code"] == "VH"
    emphasis = m.preset("impact-emphasis-4x4")
    assert m.level_of(emphasis, "L1", "I4")["code"] == "H"
    assert m.level_of(emphasis, "L4", "I1")["code"] == "L"
    kpk = m.preset("kpk-5x5")
    assert [m.level_of(kpk, "L1", "I5")["code"], m.level_of(kpk, "L2", "I3")["code"],
            m.level_of(kpk, "L3", "I4")["code"]] == ["L", "M", "VH"]


# Scales: numbered 1..n, unique codes, first lower bound = domain minimum, each upper = next lower, last open.

def test_a_gap_in_the_numbering_is_named(config):
    config["scales"]["likelihood"]["categories"][2]["rank"] = 4
    assert "this one must be 3" in problems(config)["scales.likelihood.categories.2.rank"][0]


def test_a_repeated_code_is_named(config):
    config["scales"]["impact"]["categories"][1]["code"] = "I1"
    assert "I1 is used by another category" in problems(config)["scales.impact.categories.1.code"][0]


def test_the_first_lower_bound_is_the_domain_minimum(config):
    config["scales"]["impact"]["categories"][0]["lo"] = "1"
    assert "starts at the scale's minimum" in problems(config)["scales.impact.categories.0.lo"][0]


def test_each_upper_bound_is_the_next_lower_bound(config):
    config["scales"]["likelihood"]["categories"][1]["hi"] = "2"  # [1, 2) then [3, 6): 2.5 falls nowhere
    found = problems(config)
    assert "starts where the one before ends (2)" in found["scales.likelihood.categories.2.lo"][0]


def test_a_band_must_not_be_empty_or_reversed(config):
    categories = config["scales"]["likelihood"]["categories"]
    categories[1]["hi"] = "1"
    categories[2]["lo"] = "1"
    assert "above the lower bound" in problems(config)["scales.likelihood.categories.1.hi"][0]


def test_the_last_category_is_open(config):
    config["scales"]["impact"]["categories"][3]["hi"] = "1000000000"
    assert "open-ended" in problems(config)["scales.impact.categories.3.hi"][0]


def test_a_scale_has_two_to_seven_categories(config):
    categories = config["scales"]["likelihood"]["categories"]
    del categories[1:]
    categories[0]["hi"] = None
    assert "from 2 to 7 categories" in problems(config)["scales.likelihood.categories"][0]


def test_a_bound_must_be_a_number(config):
    config["scales"]["impact"]["categories"][1]["lo"] = "lima juta"
    assert "Enter a number" in problems(config)["scales.impact.categories.1.lo"][0]


# Matrix: every cell assigned; never down as L or I goes up; lowest corner lowest, highest corner highest.

def test_an_unassigned_cell_is_named(config):
    del config["matrix"]["L2"]["I3"]
    assert "this one has none" in problems(config)["matrix.L2.I3"][0]


def test_an_unknown_level_is_named(config):
    config["matrix"]["L2"]["I3"] = "XX"
    assert "XX is not one of the levels" in problems(config)["matrix.L2.I3"][0]


def test_a_level_going_down_as_likelihood_rises_is_named(config):
    config["matrix"]["L3"]["I2"] = "VL"  # below L2 × I2 (low)
    assert any("never go down" in text and "L2 × I2" in text for text in problems(config)["matrix.L3.I2"])


def test_a_level_going_down_as_impact_rises_is_named(config):
    config["matrix"]["L1"]["I4"] = "VL"  # below L1 × I3 (low)
    assert any("L1 × I3" in text for text in problems(config)["matrix.L1.I4"])


def test_the_lowest_corner_holds_the_lowest_level(config):
    for row in config["matrix"].values():
        for cell in row:
            if row[cell] == "VL":
                row[cell] = "L"
    assert "lowest corner" in problems(config)["matrix.L1.I1"][0]


def test_the_highest_corner_holds_the_highest_level(config):
    for row in config["matrix"].values():
        for cell in row:
            if row[cell] == "VH":
                row[cell] = "H"
    assert problems(config)["matrix.L4.I4"] == ["The highest corner holds the highest level."]


# KRIs: appetite ≤ tolerance (≥ for lower_worse).

def test_appetite_above_tolerance_is_refused(config):
    config["kris"][3]["appetite"] = "25"
    assert "at least the appetite (25)" in problems(config)["kris.3.tolerance"][0]


def test_lower_worse_mirrors_the_rule(config):
    kri = config["kris"][0]
    kri["direction"] = "lower_worse"
    kri["appetite"], kri["tolerance"] = "90", "95"
    assert "at most the appetite (90)" in problems(config)["kris.0.tolerance"][0]
    kri["appetite"], kri["tolerance"] = "95", "90"
    assert problems(config) == {}


def test_appetite_equal_to_tolerance_passes(config):
    config["kris"][1]["appetite"] = config["kris"][1]["tolerance"] = "2"
    assert problems(config) == {}


# Weights: non-negative and summing to 1 at each level.

def test_dimension_weights_must_sum_to_one(config):
    config["index_model"]["ikorg"]["dimensions"][0]["weight"] = "0.45"
    assert "sum to 1.05" in problems(config)["index_model.ikorg.dimensions"][0]


def test_indicator_weights_must_sum_to_one(config):
    config["index_model"]["iepk"]["dimensions"][2]["indicators"][0]["weight"] = "0.30"
    assert "sum to 0.96" in problems(config)["index_model.iepk.dimensions.2.indicators"][0]


def test_a_negative_weight_is_refused_even_if_the_sum_is_one(config):
    dimensions = config["index_model"]["ikorg"]["dimensions"]
    dimensions[0]["weight"], dimensions[1]["weight"] = "0.80", "-0.10"
    found = problems(config)
    assert "cannot be negative" in found["index_model.ikorg.dimensions.1.weight"][0]
    assert "index_model.ikorg.dimensions" not in found


def test_a_float_weight_is_not_exact_and_is_refused(config):
    config["index_model"]["ikorg"]["dimensions"][0]["weight"] = 0.4
    assert "Enter a number" in problems(config)["index_model.ikorg.dimensions.0.weight"][0]


# The rest of a configuration.

def test_appetite_outcomes_and_redflag_settings_are_checked(config):
    config["appetite"]["integrity_pact"]["high"] = "maybe"
    config["redflag_settings"] = "[R999]\n"
    found = problems(config)
    assert "appetite.integrity_pact.high" in found
    assert "red-flag settings are not valid" in found["redflag_settings"][0]


def test_many_problems_are_all_named_at_once(config):
    broken = copy.deepcopy(config)
    broken["kris"][0]["appetite"] = "5"
    broken["matrix"]["L4"]["I4"] = "H"
    broken["index_model"]["ikorg"]["dimensions"][0]["weight"] = "0.5"
    assert {"kris.0.tolerance", "matrix.L4.I4", "index_model.ikorg.dimensions"} <= set(problems(broken))


def test_bands_of_the_irk():
    assert [m.band_of(Decimal(v)) for v in ("0", "19.99", "20", "39.99", "40", "60", "79.99", "80", "100")] == [
        "very_low", "very_low", "low", "low", "medium", "high", "high", "very_high", "very_high"]
