"""Scheme definitions: the two shipped templates (data files beside this module) and the checks a
definition must pass before a version is published (weights, thresholds, codes, answer types)."""
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from flask_babel import lazy_gettext as _l

from . import scoring

TEMPLATE_DIR = Path(__file__).parent / "schemes"
COALITION, ZONA_INTEGRITAS = "coalition", "zona_integritas"
TEMPLATES = (COALITION, ZONA_INTEGRITAS)
KINDS = TEMPLATES
KIND_LABELS = {
    COALITION: _l("Business integrity coalition (firms)"),
    ZONA_INTEGRITAS: _l("Zona Integritas (public work units)"),
}


def load_template(name: str) -> dict:
    if name not in TEMPLATES:
        raise ValueError(f"unknown template {name!r}")
    return json.loads((TEMPLATE_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _decimal(value) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def _whole(value, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def validate(definition) -> list:
    """Every problem found (translated, lazy); empty when the definition may be published."""
    problems: list = []
    if not isinstance(definition, dict):
        return [_l("The definition must be a JSON object.")]
    if definition.get("kind") not in KINDS:
        problems.append(_l("The scheme's kind must be one of: %(kinds)s.", kinds=", ".join(KINDS)))
    for key in ("validity_months", "renewal_window_months"):
        if not _whole(definition.get(key), 1, 240):
            problems.append(_l("%(key)s must be a whole number of months from 1 to 240.", key=key))
    if "declaration_deadline_months" in definition and not _whole(definition["declaration_deadline_months"], 1, 120):
        problems.append(_l("%(key)s must be a whole number of months from 1 to 120.", key="declaration_deadline_months"))
    if _whole(definition.get("validity_months"), 1, 240) and _whole(definition.get("renewal_window_months"), 1, 240) \
            and definition["renewal_window_months"] >= definition["validity_months"]:
        problems.append(_l("The renewal window must be shorter than the validity."))
    from .numbers import PREFIX_PATTERN

    prefixes = [definition.get("number_prefix")] + [lv.get("number_prefix") for lv in definition.get("levels") or []
                                                    if isinstance(lv, dict) and lv.get("number_prefix")]
    if not all(isinstance(p, str) and PREFIX_PATTERN.fullmatch(p) for p in prefixes):
        problems.append(_l("A number prefix is 1 to 16 capital letters, digits or hyphens, starting with a letter."))
    total = _decimal(definition.get("total_weight"))
    if total is None or total <= 0:
        problems.append(_l("The total weight must be a positive number."))
    areas = definition.get("areas")
    if not isinstance(areas, list) or not areas:
        return problems + [_l("A scheme needs at least one area.")]
    components = {c.get("code"): _decimal(c.get("weight")) for c in definition.get("components") or []}
    codes: set[str] = set()
    area_sum, component_sums = Decimal(0), {code: Decimal(0) for code in components}
    for area in areas:
        code = area.get("code")
        weight = _decimal(area.get("weight"))
        if not code or code in codes:
            problems.append(_l("Every area needs a code of its own (%(code)s).", code=code))
        codes.add(code)
        if weight is None or weight < 0:
            problems.append(_l("Area %(code)s: the weight must be a non-negative number.", code=code))
            continue
        area_sum += weight
        if components:
            if area.get("component") not in components:
                problems.append(_l("Area %(code)s names no component of the scheme.", code=code))
            else:
                component_sums[area["component"]] += weight
        criteria = area.get("criteria") or []
        if not criteria:
            problems.append(_l("Area %(code)s has no criteria.", code=code))
        criteria_sum = Decimal(0)
        for criterion in criteria:
            ccode = criterion.get("code")
            if not ccode or ccode in codes:
                problems.append(_l("Every criterion needs a code of its own (%(code)s).", code=ccode))
            codes.add(ccode)
            cweight = _decimal(criterion.get("weight"))
            if cweight is None or cweight < 0:
                problems.append(_l("Criterion %(code)s: the weight must be a non-negative number.", code=ccode))
                continue
            criteria_sum += cweight
            if criterion.get("type") not in scoring.ANSWER_TYPES:
                problems.append(_l("Criterion %(code)s: unknown answer type.", code=ccode))
            elif criterion["type"] == scoring.SCALE:
                low, high = _decimal(criterion.get("min")), _decimal(criterion.get("max"))
                if low is None or high is None or low >= high:
                    problems.append(_l("Criterion %(code)s: a scale needs a minimum below its maximum.", code=ccode))
            text = criterion.get("text")
            if not isinstance(text, dict) or not text.get("id") or not text.get("en"):
                problems.append(_l("Criterion %(code)s needs its text in Indonesian and English.", code=ccode))
        if criteria and criteria_sum != weight:
            problems.append(_l("Area %(code)s: its criteria weigh %(sum)s, not the area's %(weight)s.",
                               code=code, sum=criteria_sum, weight=weight))
    for code, weight in components.items():
        if weight is None or weight < 0:
            problems.append(_l("Component %(code)s: the weight must be a non-negative number.", code=code))
        elif component_sums[code] != weight:
            problems.append(_l("Component %(code)s: its areas weigh %(sum)s, not the component's %(weight)s.",
                               code=code, sum=component_sums[code], weight=weight))
    if total is not None and area_sum != total:
        problems.append(_l("The areas weigh %(sum)s in all, not the scheme's total of %(total)s.",
                           sum=area_sum, total=total))
    problems.extend(_validate_levels(definition, codes))
    return problems


def _validate_levels(definition: dict, codes: set[str]) -> list:
    problems: list = []
    levels = definition.get("levels")
    if not isinstance(levels, list) or not levels:
        return [_l("A scheme needs at least one level.")]
    level_codes = [level.get("code") for level in levels]
    if len(set(level_codes)) != len(level_codes) or not all(level_codes):
        problems.append(_l("Every level needs a code of its own."))
    thresholds: list[dict] = []
    for level in levels:
        found: dict = {}
        for rule in level.get("rules") or []:
            kind = rule.get("type")
            if kind not in scoring.RULE_TYPES:
                problems.append(_l("Level %(code)s: unknown rule %(rule)s.", code=level.get("code"), rule=kind))
                continue
            if kind in ("mandatory_full", "prior_level"):
                if kind == "prior_level" and rule.get("level") not in level_codes:
                    problems.append(_l("Level %(code)s: the prior level it needs is not a level of the scheme.",
                                       code=level.get("code")))
                continue
            value = _decimal(rule.get("value"))
            if value is None or value < 0:
                problems.append(_l("Level %(code)s: a threshold must be a non-negative number.", code=level.get("code")))
                continue
            target = rule.get("area") or rule.get("criterion") or rule.get("component") or ""
            if (rule.get("area") or rule.get("criterion")) and target not in codes:
                problems.append(_l("Level %(code)s: %(target)s is not an area or criterion of the scheme.",
                                   code=level.get("code"), target=target))
            if kind == "area_achievement_min" and value > 1:
                problems.append(_l("Level %(code)s: an achievement is a share from 0 to 1.", code=level.get("code")))
            found[(kind, target)] = value
        thresholds.append(found)
    # Levels are listed from the highest down: a higher level may not ask less than a lower one.
    for higher, lower, level in zip(thresholds, thresholds[1:], levels):
        for key, value in lower.items():
            if key in higher and higher[key] < value:
                problems.append(_l("Level %(code)s asks less than the level below it (%(rule)s); list levels from "
                                   "the highest down with ordered thresholds.", code=level.get("code"), rule=key[0]))
    return problems
