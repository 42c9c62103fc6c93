"""The statistics Cardinal takes from statrs 0.16 `Data` (RED_FLAGS.md §4), bit for bit.

Quantiles are Hyndman–Fan type 8 (not numpy's default); fences use a fused multiply-add, which
Python 3.11 lacks, so it is computed exactly with fractions and rounded once.
"""
import math
from fractions import Fraction
from typing import Iterable

NAN = float("nan")


def quantile(data: Iterable[float], tau: float) -> float:
    values = sorted(data)
    n = len(values)
    if n == 0 or not 0.0 <= tau <= 1.0:
        return NAN
    if tau == 0.0:
        return values[0]
    if tau == 1.0:
        return values[-1]
    h = (n + 1.0 / 3.0) * tau + 1.0 / 3.0
    k = math.trunc(h)
    if k <= 0:
        return values[0]
    if k >= n:
        return values[-1]
    low = values[k - 1]
    return low + (h - k) * (values[k] - low)


def quartiles(data: Iterable[float]) -> tuple[float, float]:
    values = list(data)
    return quantile(values, 0.25), quantile(values, 0.75)


def fma(a: float, b: float, c: float) -> float:
    """a * b + c rounded once, as Rust's f64::mul_add."""
    if any(math.isnan(x) or math.isinf(x) for x in (a, b, c)):
        return a * b + c
    return float(Fraction(a) * Fraction(b) + Fraction(c))


def lower_fence(q1: float, q3: float) -> float:
    return fma(q3 - q1, -1.5, q1)


def upper_fence(q1: float, q3: float) -> float:
    return fma(q3 - q1, 1.5, q3)


def round4(value: float) -> float:
    """Rust's `(v * 10000.0).round() / 10000.0`: half away from zero, unlike Python's round()."""
    if math.isnan(value) or math.isinf(value):
        return value
    scaled = value * 10000.0
    truncated = float(math.trunc(scaled))
    if abs(scaled - truncated) >= 0.5:
        truncated += math.copysign(1.0, scaled)
    return math.copysign(truncated, scaled) / 10000.0 if truncated == 0.0 else truncated / 10000.0
