"""statrs-compatible statistics (RED_FLAGS.md §4)."""
import math

from pactplatform.procurement.redflags import stats


def test_quantile_type_8():
    data = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
    # h = (10 + 1/3) * 0.25 + 1/3 = 2.9166…: x2 + 0.9166… * (x3 - x2)
    assert stats.quantile(data, 0.25) == 2.0 + ((10 + 1.0 / 3.0) * 0.25 + 1.0 / 3.0 - 2) * 1.0
    assert stats.quantile(data, 0.0) == 1.0 and stats.quantile(data, 1.0) == 10.0
    assert stats.quantile([5.0], 0.75) == 5.0
    assert stats.quantile([3.0, 1.0], 0.01) == 1.0  # k <= 0
    assert stats.quantile([3.0, 1.0], 0.99) == 3.0  # k >= n


def test_quantile_nan_cases():
    assert math.isnan(stats.quantile([], 0.5))
    assert math.isnan(stats.quantile([1.0], 1.01))
    assert math.isnan(stats.quantile([1.0], -0.1))


def test_fences_are_fused():
    q1, q3 = 0.1, 0.7
    exact = (q3 - q1) * 1.5 + q3
    assert stats.upper_fence(q1, q3) == float(__import__("fractions").Fraction(q3 - q1) * 1.5
                                              + __import__("fractions").Fraction(q3))
    assert abs(stats.upper_fence(q1, q3) - exact) <= 2e-16
    assert stats.lower_fence(1.0, 1.0) == 1.0
    assert math.isnan(stats.lower_fence(float("nan"), 1.0))


def test_round4_half_away_from_zero():
    assert stats.round4(0.00005) == 0.0001
    assert stats.round4(-0.00005) == -0.0001
    assert stats.round4(0.16666666666666666) == 0.1667
    assert stats.round4(2.5e-5) == 0.0
    assert math.isnan(stats.round4(float("nan")))
    assert stats.round4(1.00015) == round(1.00015 * 10000.0) / 10000.0 or stats.round4(1.00015) == 1.0002
