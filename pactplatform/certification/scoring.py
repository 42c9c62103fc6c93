"""Score arithmetic of a scheme version (CERTIFICATION.md): pure functions, no Flask, no database.

Every value is a Decimal and intermediate values are never rounded; `shown()` rounds half-up to two
decimals for display. Levels are tried from the highest down; the first whose every rule holds is the
one the answers earn. Each failed rule is reported, so the decision page can name them.
"""
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

YES_NO, ABC, A_TO_D, A_TO_E, PERCENT, SCALE = "yes_no", "abc", "a_to_d", "a_to_e", "percent", "scale"
ANSWER_TYPES = (YES_NO, ABC, A_TO_D, A_TO_E, PERCENT, SCALE)
CHOICES = {
    YES_NO: {"yes": Decimal(1), "no": Decimal(0)},
    ABC: {"A": Decimal(1), "B": Decimal("0.5"), "C": Decimal(0)},
    A_TO_D: {"A": Decimal(1), "B": Decimal("0.67"), "C": Decimal("0.33"), "D": Decimal(0)},
    A_TO_E: {"A": Decimal(1), "B": Decimal("0.75"), "C": Decimal("0.5"), "D": Decimal("0.25"), "E": Decimal(0)},
}
RULE_TYPES = ("total_min", "area_achievement_min", "area_score_min", "criterion_score_min", "mandatory_full",
              "prior_level")
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class BadAnswer(ValueError):
    """An answer outside what its criterion's type takes."""


def shown(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _number(raw) -> Decimal:
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise BadAnswer("not a number") from None
    if not value.is_finite():
        raise BadAnswer("not a number")
    return value


def normalise(criterion: dict, raw) -> str:
    """The stored form of an answer, or BadAnswer. Numbers keep their digits (no float ever)."""
    kind = criterion["type"]
    if kind in CHOICES:
        value = str(raw or "").strip()
        if kind != YES_NO:
            value = value.upper()
        if value not in CHOICES[kind]:
            raise BadAnswer("not one of the choices")
        return value
    value = _number(raw)
    if kind == PERCENT:
        low, high = Decimal(0), HUNDRED
    else:
        low, high = Decimal(criterion["min"]), Decimal(criterion["max"])
    if not low <= value <= high:
        raise BadAnswer("out of range")
    if value.as_tuple().exponent < -4:
        raise BadAnswer("too many decimals")
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def fraction(criterion: dict, answer: str) -> Decimal:
    """The share of the criterion's weight an (already normalised) answer earns."""
    kind = criterion["type"]
    if kind in CHOICES:
        return CHOICES[kind][answer]
    value = Decimal(answer)
    if kind == PERCENT:
        return min(max(value / HUNDRED, Decimal(0)), Decimal(1))
    low, high = Decimal(criterion["min"]), Decimal(criterion["max"])
    return min(max((value - low) / (high - low), Decimal(0)), Decimal(1))


def criteria(definition: dict, small_firm: bool = False):
    """(area, criterion) pairs that apply: a small firm answers only those marked for it."""
    for area in definition["areas"]:
        for criterion in area["criteria"]:
            if not small_firm or criterion.get("small_firm"):
                yield area, criterion


@dataclass
class Result:
    total: Decimal
    areas: dict[str, Decimal]  # area code -> score
    achievements: dict[str, Decimal]  # area code -> score / applicable weight (0..1)
    criteria: dict[str, Decimal]  # criterion code -> score
    components: dict[str, Decimal]
    missing: list[str]  # applicable criteria not answered
    missing_mandatory: list[str]
    level: str | None = None
    failures: dict[str, list[dict]] = field(default_factory=dict)  # level code -> failed rules

    def shown(self, value: Decimal) -> Decimal:
        return shown(value)


def _check(rule: dict, result: Result, definition: dict, mandatory_full: bool, held: set[str],
           area_components: dict[str, str | None]) -> dict | None:
    """None if the rule holds; else what failed (for the page to name)."""
    kind = rule["type"]
    threshold = Decimal(rule["value"]) if "value" in rule else None
    if kind == "total_min":
        return None if result.total >= threshold else {"rule": kind, "need": threshold, "got": result.total}
    if kind == "area_achievement_min":
        component = rule.get("component")
        for code, achieved in result.achievements.items():
            if component and area_components.get(code) != component:
                continue
            if achieved < threshold:
                return {"rule": kind, "area": code, "need": threshold, "got": achieved}
        return None
    if kind == "area_score_min":
        got = result.areas.get(rule["area"], Decimal(0))
        return None if got >= threshold else {"rule": kind, "area": rule["area"], "need": threshold, "got": got}
    if kind == "criterion_score_min":
        got = result.criteria.get(rule["criterion"], Decimal(0))
        return None if got >= threshold else {"rule": kind, "criterion": rule["criterion"], "need": threshold,
                                               "got": got}
    if kind == "mandatory_full":
        return None if mandatory_full else {"rule": kind}
    if kind == "prior_level":
        return None if rule["level"] in held else {"rule": kind, "level": rule["level"]}
    raise ValueError(f"unknown rule {kind!r}")


def score(definition: dict, answers: dict[str, str], small_firm: bool = False,
          held_levels: set[str] | frozenset[str] = frozenset()) -> Result:
    """answers: criterion code -> normalised answer. held_levels: levels the applicant already holds
    (valid certificates of this scheme), for rules such as WBBM's prior WBK."""
    area_scores: dict[str, Decimal] = {}
    area_weights: dict[str, Decimal] = {}
    criterion_scores: dict[str, Decimal] = {}
    missing, missing_mandatory = [], []
    mandatory_full = True
    for area, criterion in criteria(definition, small_firm):
        weight = Decimal(criterion["weight"])
        code = criterion["code"]
        area_scores.setdefault(area["code"], Decimal(0))
        area_weights[area["code"]] = area_weights.get(area["code"], Decimal(0)) + weight
        answer = answers.get(code)
        if answer is None or answer == "":
            missing.append(code)
            earned = Decimal(0)
            if criterion.get("mandatory"):
                missing_mandatory.append(code)
        else:
            earned = weight * fraction(criterion, answer)
        criterion_scores[code] = earned
        area_scores[area["code"]] += earned
        if criterion.get("mandatory") and earned != weight:
            mandatory_full = False
    total = sum(area_scores.values(), Decimal(0))
    achievements = {code: (area_scores[code] / w if w else Decimal(0)) for code, w in area_weights.items()}
    if small_firm:
        applicable = sum(area_weights.values(), Decimal(0))
        scale_to = Decimal(definition.get("small_firm_rescale_to", definition["total_weight"]))
        total = total * scale_to / applicable if applicable else Decimal(0)
    area_components = {a["code"]: a.get("component") for a in definition["areas"]}
    components: dict[str, Decimal] = {}
    for code, value in area_scores.items():
        if area_components.get(code):
            components[area_components[code]] = components.get(area_components[code], Decimal(0)) + value
    result = Result(total, area_scores, achievements, criterion_scores, components, missing, missing_mandatory)
    held = set(held_levels)
    for level in definition["levels"]:
        failed = [f for f in (_check(r, result, definition, mandatory_full, held, area_components)
                              for r in level["rules"]) if f is not None]
        result.failures[level["code"]] = failed
        if not failed and result.level is None:
            result.level = level["code"]
    return result
