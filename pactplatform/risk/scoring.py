"""The four indices of RISK_MODEL.md §2, KRI traffic lights and the procurement red-flag index, as pure
functions over plain values: no Flask, no database. Arithmetic is Decimal throughout; every index is
rounded to two decimals half-up, and each later index is computed from the rounded values shown, so a
reader can redo the sums from what the page says.

Each function returns the value together with its contributions (what each input added), so every score
can be explained and linked to the records behind it.
"""
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO, ONE = Decimal(0), Decimal(1)


HIGHER_WORSE, LOWER_WORSE = "higher_worse", "lower_worse"
# The IRK bands of RISK_MODEL.md §2, lowest first, each with its lower bound.
BANDS = ("very_low", "low", "medium", "high", "very_high")
BAND_FLOORS = (Decimal(0), Decimal(20), Decimal(40), Decimal(60), Decimal(80))


def band_of(irk_value: Decimal) -> str:
    """The IRK band ([0, 20) very low … [80, 100] very high)."""
    band = BANDS[0]
    for name, floor in zip(BANDS, BAND_FLOORS):
        if irk_value >= floor:
            band = name
    return band


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _clamp(value: Decimal) -> Decimal:
    return min(ONE, max(ZERO, value))


def normalise(normaliser: dict, raw) -> Decimal:
    """A raw value mapped to [0, 1]: a 1–5 answer to (v − 1) / 4; `unit` already in [0, 1]; `linear`
    from [min, max]."""
    value = Decimal(str(raw))
    kind = normaliser["kind"]
    if kind == "likert":
        return _clamp((value - 1) / 4)
    if kind == "unit":
        return _clamp(value)
    low, high = Decimal(normaliser["min"]), Decimal(normaliser["max"])
    return _clamp((value - low) / (high - low))


# The composite indices (IKOrg, IEPK) ------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorPart:
    code: str
    raw: Decimal
    normalised: Decimal
    weight: Decimal
    source: str


@dataclass(frozen=True)
class DimensionPart:
    code: str
    weight: Decimal  # as configured
    score: Decimal | None  # weighted mean of its indicators with a value, in [0, 1]; None: nothing known
    indicators: tuple[IndicatorPart, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def points(self) -> Decimal:
        """What the dimension adds to the index (0–100), before rounding."""
        return ZERO if self.score is None else HUNDRED * self.weight * self.score


@dataclass(frozen=True)
class IndexResult:
    value: Decimal | None  # 0–100, two decimals; None when no indicator has a value
    dimensions: tuple[DimensionPart, ...]
    known_weight: Decimal = ONE  # the weight of the dimensions with a value, which carry the others'

    def share(self, dimension: DimensionPart) -> Decimal:
        """What the dimension adds to the index as computed (its points, scaled up when others are unknown)."""
        return dimension.points / self.known_weight if self.known_weight else ZERO

    @property
    def complete(self) -> bool:
        return all(not d.missing for d in self.dimensions)


def from_dimension_scores(weights_and_scores) -> Decimal:
    """100 × Σ w_d × s_d (the scores in [0, 1]), two decimals half-up."""
    return q2(HUNDRED * sum((Decimal(w) * Decimal(s) for w, s in weights_and_scores), ZERO))


def composite_index(model: dict, values: dict[str, object]) -> IndexResult:
    """IKOrg or IEPK from the index model of a methodology and the indicators' raw values.

    An indicator without a value is left out and its dimension's other weights carry it; a dimension
    with none is left out the same way at the level above. Both are named (`missing`) so the page says
    the score is incomplete rather than quietly treating the unknown as zero.
    """
    parts: list[DimensionPart] = []
    for dimension in model["dimensions"]:
        known: list[IndicatorPart] = []
        missing: list[str] = []
        for indicator in dimension["indicators"]:
            raw = values.get(indicator["code"])
            if raw is None:
                missing.append(indicator["code"])
                continue
            known.append(IndicatorPart(indicator["code"], Decimal(str(raw)), normalise(indicator["normaliser"], raw),
                                       Decimal(indicator["weight"]), indicator.get("source", "answer")))
        weight_known = sum((p.weight for p in known), ZERO)
        score = (sum((p.weight * p.normalised for p in known), ZERO) / weight_known) if weight_known > 0 else None
        parts.append(DimensionPart(dimension["code"], Decimal(dimension["weight"]), score, tuple(known),
                                   tuple(missing)))
    scored = [p for p in parts if p.score is not None]
    weight = sum((p.weight for p in scored), ZERO)
    if weight == 0:
        return IndexResult(None, tuple(parts))
    value = q2(HUNDRED * sum((p.weight * p.score for p in scored), ZERO) / weight)
    return IndexResult(value, tuple(parts), weight)


# IKO: realised corruption ----------------------------------------------------------------------

VIOLATION_POINTS = {"minor": 5, "major": 15, "critical": 30}
BARRING_POINTS = 40  # debarment or blacklisting
CONVICTION_POINTS = 50
AUDIT_FINDING_POINTS = {1: 2, 2: 5, 3: 10, 4: 20}  # by impact category I1–I4


@dataclass(frozen=True)
class RealisedEvent:
    """A confirmed event for IKO: `points` from the table above, on the day it was confirmed, with what
    people call it and the record behind it (type, id) so the explanation links to it."""

    points: int
    on: date
    label: str
    record_type: str = ""
    record_id: int | None = None
    confirmed: bool = True


@dataclass(frozen=True)
class Contribution:
    event: RealisedEvent
    age_weight: Decimal
    points: Decimal  # points × age weight


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31,
            30, 31][month - 1]
    return date(year, month, min(day.day, last))


def age_weight(on: date, today: date) -> Decimal:
    """1 under 12 months, 0.5 from 12 to 24 months, 0 after (and 0 for a date still to come)."""
    if on > today:
        return ZERO
    if today < _add_months(on, 12):
        return ONE
    if today < _add_months(on, 24):
        return Decimal("0.5")
    return ZERO


def iko(events, today: date) -> tuple[Decimal, tuple[Contribution, ...]]:
    """min(100, Σ points × age weight) over confirmed events only; an unconfirmed report never counts."""
    contributions = []
    for event in events:
        if not event.confirmed:
            continue
        weight = age_weight(event.on, today)
        if weight > 0:
            contributions.append(Contribution(event, weight, Decimal(event.points) * weight))
    total = sum((c.points for c in contributions), ZERO)
    return q2(min(HUNDRED, total)), tuple(contributions)


# Residual risk and IRK ------------------------------------------------------------------------

def residual_risk(ikorg: Decimal, iepk: Decimal) -> Decimal:
    """RR = IKOrg × (1 − IEPK / 100)."""
    return q2(Decimal(ikorg) * (ONE - Decimal(iepk) / HUNDRED))


def irk(rr: Decimal, iko_value: Decimal) -> Decimal:
    """IRK = 100 × [1 − (1 − RR/100) × (1 − IKO/100)]: RR when nothing happened, never below max(RR, IKO)."""
    return q2(HUNDRED * (ONE - (ONE - Decimal(rr) / HUNDRED) * (ONE - Decimal(iko_value) / HUNDRED)))


@dataclass(frozen=True)
class Scores:
    ikorg: IndexResult
    iepk: IndexResult
    iko: Decimal
    iko_contributions: tuple[Contribution, ...]
    rr: Decimal
    irk: Decimal
    band: str


def scores(index_model: dict, values: dict[str, object], events, today: date) -> Scores:
    """Every index of one organisation. An organisation nobody assessed yet has vulnerability 0 and
    controls 0 (RR 0): its IRK is then its realised corruption alone, and the page says it was not assessed."""
    vulnerability = composite_index(index_model["ikorg"], values)
    control = composite_index(index_model["iepk"], values)
    realised, contributions = iko(events, today)
    rr = residual_risk(vulnerability.value or ZERO, control.value or ZERO)
    total = irk(rr, realised)
    return Scores(vulnerability, control, realised, contributions, rr, total, band_of(total))


# KRI traffic lights ---------------------------------------------------------------------------

GREEN, YELLOW, RED = "green", "yellow", "red"
LIGHTS = (GREEN, YELLOW, RED)


def kri_light(kri: dict, value) -> str:
    """higher_worse: green if v ≤ appetite, yellow up to the tolerance, red above (mirrored for lower_worse)."""
    value, appetite, tolerance = Decimal(str(value)), Decimal(kri["appetite"]), Decimal(kri["tolerance"])
    if kri["direction"] == HIGHER_WORSE:
        return GREEN if value <= appetite else YELLOW if value <= tolerance else RED
    return GREEN if value >= appetite else YELLOW if value >= tolerance else RED


def worst_light(lights) -> str | None:
    """A group takes the worst light of its KRIs (None for an empty group)."""
    lights = list(lights)
    return max(lights, key=LIGHTS.index) if lights else None


# Procurement red-flag index -------------------------------------------------------------------

# A contract's index is the weighted mean of its flags (RISK_MODEL.md worked example). Cardinal computes
# three of the six named there (R018 single bid, R003 short submission period, R035 all but the winner
# disqualified); the other three (non-open procedure, unpublished call, value increased after award) count
# as absent until the data carries them. The weights are this platform's choice.
CONTRACT_FLAG_WEIGHTS = {
    "R018": Decimal("0.25"),
    "R003": Decimal("0.20"),
    "non_open": Decimal("0.15"),
    "unpublished_call": Decimal("0.15"),
    "R035": Decimal("0.15"),
    "value_increased": Decimal("0.10"),
}


def contract_index(codes) -> Decimal:
    """In [0, 1]: the weighted mean of the contract's flags (1 when raised, 0 when not)."""
    codes = set(codes)
    return sum((w for code, w in CONTRACT_FLAG_WEIGHTS.items() if code in codes), ZERO)


def redflag_index(contracts) -> Decimal | None:
    """A buyer's or supplier's index: the value-weighted mean over its contracts [(value, codes)], in [0, 1];
    contracts without a value weigh as the mean of those with one (or 1 each when none has one)."""
    contracts = [(value, contract_index(codes)) for value, codes in contracts]
    if not contracts:
        return None
    known = [Decimal(v) for v, _ in contracts if v]
    default = (sum(known, ZERO) / len(known)) if known else ONE
    weights = [Decimal(v) if v else default for v, _ in contracts]
    total = sum(weights, ZERO)
    return sum((w * i for w, (_, i) in zip(weights, contracts)), ZERO) / total


__all__ = ["BANDS", "band_of", "q2", "normalise", "composite_index", "from_dimension_scores", "iko", "age_weight",
           "residual_risk", "irk", "scores", "kri_light", "worst_light", "contract_index", "redflag_index",
           "RealisedEvent", "Scores", "IndexResult", "VIOLATION_POINTS", "BARRING_POINTS", "CONVICTION_POINTS",
           "AUDIT_FINDING_POINTS"]
