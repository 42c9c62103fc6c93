"""The indices of RISK_MODEL.md §2 as pure functions: the worked example to the cent, and the edges."""
import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest

from pactplatform.risk import methodology, scoring
from pactplatform.risk.scoring import RealisedEvent

TODAY = date(2026, 11, 30)


def test_the_worked_example_to_the_cent():
    ikorg = scoring.from_dimension_scores([("0.40", "0.70"), ("0.30", "0.50"), ("0.15", "0.40"), ("0.15", "0.60")])
    assert ikorg == Decimal("58.00")
    iepk = scoring.from_dimension_scores([("0.48", "0.75"), ("0.36", "0.60"), ("0.16", "0.50")])
    assert iepk == Decimal("65.60")
    assert Decimal(ikorg) * (1 - iepk / 100) == Decimal("19.952")
    rr = scoring.residual_risk(ikorg, iepk)
    assert rr == Decimal("19.95")
    events = [RealisedEvent(scoring.VIOLATION_POINTS["major"], date(2026, 3, 30), "major violation"),
              RealisedEvent(scoring.AUDIT_FINDING_POINTS[3], date(2025, 5, 30), "I3 audit finding")]
    iko, contributions = scoring.iko(events, TODAY)
    assert iko == Decimal("20.00")
    assert [c.age_weight for c in contributions] == [Decimal(1), Decimal("0.5")]
    total = scoring.irk(rr, iko)
    assert total == Decimal("35.96") and scoring.band_of(total) == "low"
    events.append(RealisedEvent(scoring.BARRING_POINTS, TODAY, "blacklisting today"))
    iko, _ = scoring.iko(events, TODAY)
    assert iko == Decimal("60.00")
    total = scoring.irk(rr, iko)
    assert total == Decimal("67.98") and scoring.band_of(total) == "high"


def test_the_worked_example_through_the_index_model():
    """The same numbers from questionnaire answers through the default preset's index model."""
    model = methodology.preset("standard-4x4")["index_model"]
    # Likert answers: (v − 1) / 4, so 0.70 ← 3.8, 0.50 ← 3, 0.40 ← 2.6, 0.60 ← 3.4.
    values = {"transaction_frequency": "3.8", "transaction_value": "3.8", "discretion": "3", "complexity": "3",
              "hierarchy": "2.6", "intermediaries": "2.6", "redflag_index": "0.6", "sector": "3.4"}
    # Pillars 75 / 60 / 50: 0.75 ← 4, 0.60 ← 3.4 (and 1.8 pacts of 3), 0.50 ← 3 (and half the violations remedied).
    values |= {"policy": "4", "risk_assessment": "4", "compliance_function": "4", "certification": "4",
               "pacts_signed": "1.8", "whistleblowing": "3.4", "due_diligence": "3.4", "registers": "3.4",
               "violations_remedied": "0.5", "sanctions_applied": "3", "losses_recovered": "3"}
    events = [RealisedEvent(15, date(2026, 3, 30), "v"), RealisedEvent(10, date(2025, 5, 30), "a")]
    result = scoring.scores(model, values, events, TODAY)
    assert (result.ikorg.value, result.iepk.value, result.rr, result.iko, result.irk, result.band) == (
        Decimal("58.00"), Decimal("65.60"), Decimal("19.95"), Decimal("20.00"), Decimal("35.96"), "low")
    assert [d.points for d in result.ikorg.dimensions] == [Decimal("28.0000"), Decimal("15.0000"),
                                                            Decimal("6.0000"), Decimal("9.0000")]


def test_missing_answers_are_named_and_left_out():
    model = methodology.preset("standard-4x4")["index_model"]
    result = scoring.composite_index(model["ikorg"], {"discretion": "5"})
    assert result.value == Decimal("100.00") and not result.complete
    assert result.dimensions[1].missing == ("complexity",)
    assert result.share(result.dimensions[1]) == Decimal(100)  # the only dimension known carries the index
    assert scoring.composite_index(model["ikorg"], {}).value is None


@pytest.mark.parametrize("on, weight", [
    (date(2026, 11, 30), "1"), (date(2025, 12, 1), "1"), (date(2025, 11, 30), "0.5"), (date(2024, 12, 1), "0.5"),
    (date(2024, 11, 30), "0"), (date(2026, 12, 1), "0"), (date(2024, 2, 29), "0"), (date(2025, 2, 28), "0.5"),
])
def test_age_weight_at_each_edge(on, weight):
    assert scoring.age_weight(on, TODAY) == Decimal(weight)


def test_iko_is_capped_and_ignores_unconfirmed_reports():
    events = [RealisedEvent(50, TODAY, "conviction"), RealisedEvent(40, TODAY, "blacklisting"),
              RealisedEvent(30, TODAY, "critical"), RealisedEvent(30, TODAY, "report", confirmed=False)]
    value, contributions = scoring.iko(events, TODAY)
    assert value == Decimal("100.00") and len(contributions) == 3


def test_irk_equals_rr_when_nothing_happened_and_is_never_below_either():
    assert scoring.irk(Decimal("42.17"), Decimal(0)) == Decimal("42.17")
    for rr, iko in ((Decimal("10"), Decimal("70")), (Decimal("90"), Decimal("5")), (Decimal("100"), Decimal("0"))):
        assert scoring.irk(rr, iko) >= max(rr, iko)
    assert scoring.irk(Decimal(0), Decimal(100)) == Decimal("100.00")


def test_half_up_rounding():
    assert scoring.q2(Decimal("19.955")) == Decimal("19.96")
    assert scoring.q2(Decimal("19.945")) == Decimal("19.95")


@pytest.mark.parametrize("direction, appetite, tolerance, values, lights", [
    ("higher_worse", "10", "20", ["9.99", "10", "10.01", "20", "20.01"], ["green", "green", "yellow", "yellow", "red"]),
    ("lower_worse", "90", "80", ["91", "90", "89.9", "80", "79.9"], ["green", "green", "yellow", "yellow", "red"]),
    ("higher_worse", "0", "1", ["0", "1", "2"], ["green", "yellow", "red"]),
])
def test_kri_lights_at_each_threshold(direction, appetite, tolerance, values, lights):
    kri = {"direction": direction, "appetite": appetite, "tolerance": tolerance}
    assert [scoring.kri_light(kri, v) for v in values] == lights


def test_a_group_takes_the_worst_light():
    assert scoring.worst_light(["green", "red", "yellow"]) == "red"
    assert scoring.worst_light(["green", "yellow"]) == "yellow"
    assert scoring.worst_light([]) is None


def test_matrix_levels_from_values():
    config = methodology.preset("standard-4x4")
    likelihood = methodology.category_of(config["scales"]["likelihood"], Decimal("3"))
    impact = methodology.category_of(config["scales"]["impact"], Decimal(300_000_000))
    assert (likelihood["code"], impact["code"]) == ("L3", "I4")
    assert methodology.level_of(config, "L3", "I4")["code"] == "VH"


def test_redflag_index_is_value_weighted():
    assert scoring.contract_index(["R018"]) == Decimal("0.25")
    assert scoring.contract_index(["R018", "R003", "R035", "R024"]) == Decimal("0.60")
    index = scoring.redflag_index([(300, ["R018"]), (100, [])])
    assert index == Decimal("0.1875")
    assert scoring.redflag_index([]) is None
    assert scoring.redflag_index([(None, ["R018"]), (None, [])]) == Decimal("0.125")


def test_the_scoring_module_needs_no_flask_and_no_database():
    code = ("import sys; import pactplatform.risk.scoring; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy', 'flask_babel')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
