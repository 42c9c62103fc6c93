"""Progress arithmetic on Decimal: the percent (capped, target below the baseline), reading values per unit type,
and what "the wrong way" means."""
from decimal import Decimal as D

import pytest

from pactplatform.errors import OperationError
from pactplatform.progress.arithmetic import direction_fits, is_worse, parse_value, progress_percent, shown, target_met


@pytest.mark.parametrize("baseline, target, value, expected", [
    ("0", "16377", "9085", "55.5"),          # the provincial programme: 9,085 of 16,377 cases
    ("0", "16377", "1054", "6.4"),
    ("40", "10", "25", "50.0"),              # lower is better: the target below the baseline
    ("40", "10", "10", "100.0"),
    ("40", "10", "5", "100.0"),              # beyond the target: capped to 100
    ("40", "10", "55", "0.0"),               # worse than the baseline: capped to 0
    ("0", "100", "150", "100.0"),
    ("10", "20", "5", "0.0"),
    ("0", "3", "1", "33.3"),                 # Decimal, rounded half up to one place
    ("0", "3", "2", "66.7"),
])
def test_progress_percent(baseline, target, value, expected):
    assert progress_percent(D(baseline), D(target), D(value)) == D(expected)


def test_no_value_yet_is_zero_percent():
    assert progress_percent(D(0), D(10), None) == D("0.0")


@pytest.mark.parametrize("raw, unit_type, expected", [
    ("16377", "count", D(16377)), ("2,5", "decimal", D("2.5")), ("2.5", "percent", D("2.5")),
    ("100", "percent", D(100)), ("-3.25", "decimal", D("-3.25")), ("1500000", "money", D(1500000)),
])
def test_values_read_for_their_unit_type(raw, unit_type, expected):
    assert parse_value(raw, unit_type) == expected


@pytest.mark.parametrize("raw, unit_type", [
    ("2.5", "count"), ("1500000.50", "money"), ("-1", "count"), ("100.5", "percent"), ("-1", "percent"),
    ("16.377,5", "count"), ("1e3", "decimal"), ("", "decimal"), ("satu", "count"), ("123456789012", "decimal"),
    ("1.23456", "decimal"), ("٣", "count"),
])
def test_values_of_the_wrong_type_are_refused_on_the_value_field(raw, unit_type):
    with pytest.raises(OperationError) as refused:
        parse_value(raw, unit_type)
    assert refused.value.field == "value"


@pytest.mark.parametrize("direction, previous, value, worse", [
    ("up", None, "1", False), ("up", "5", "4", True), ("up", "5", "5", False), ("up", "5", "6", False),
    ("down", "5", "6", True), ("down", "5", "4", False), ("down", "5", "5", False),
])
def test_the_wrong_way_is_worse_than_the_previous_update_in_the_direction(direction, previous, value, worse):
    assert is_worse(direction, D(previous) if previous else None, D(value)) is worse


def test_target_met_and_direction_fit():
    assert target_met("up", D(10), D(10)) and not target_met("up", D(10), D("9.9"))
    assert target_met("down", D(10), D(10)) and not target_met("down", D(10), D(11))
    assert not target_met("up", D(10), None)
    assert direction_fits("up", D(0), D(1)) and not direction_fits("up", D(1), D(0))
    assert direction_fits("down", D(1), D(0)) and not direction_fits("down", D(1), D(1))


def test_numbers_are_shown_as_typed():
    assert shown(D("16377.0000")) == "16377" and shown(D("2.5000")) == "2.5" and shown(D("1E+3")) == "1000"
