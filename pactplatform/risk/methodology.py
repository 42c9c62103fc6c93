"""A tenant's risk methodology (RISK_MODEL.md §1) as plain data, the presets it starts from, and the
rules a configuration must pass before it is published (§4). No Flask, no database: the admin's pages,
the CLI and the tests all check a configuration through `validate`.

A configuration is a JSON object:

- scales.likelihood / scales.impact: basis, unit, period, domain_min and ordered categories, each
  {rank, code, labels {id, en}, lo, hi} with the half-open band [lo, hi) (hi null on the last one);
- levels: [{rank, code, labels, colour, treatment}], lowest first;
- matrix: {likelihood code: {impact code: level code}};
- kris: [{code, labels, unit, direction, type, window_days, events, appetite, tolerance}];
- index_model.ikorg / index_model.iepk: dimensions with weights, each with indicators with weights,
  a source ("answer" for a questionnaire answer, or a platform feed) and a normaliser;
- appetite: {kind of action: {IRK band: allow | needs_justification | refuse}};
- redflag_settings: the Cardinal settings file (INI) for the tenant's red flags.

Numbers are kept as strings in the JSON so Decimal reads exactly what the admin typed.

Each problem names the field it is about by a dotted path (e.g. `scales.impact.categories.2.lo`), so a
form shows the message next to that field.
"""
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from flask_babel import lazy_gettext as _l

from .scoring import BANDS, HIGHER_WORSE, LOWER_WORSE, band_of  # noqa: F401  (band_of: read with the rest)

PRESETS_DIR = Path(__file__).resolve().parent / "presets"
DEFAULT_PRESET = "standard-4x4"

SCALE_KINDS = ("likelihood", "impact")
MIN_CATEGORIES, MAX_CATEGORIES = 2, 7
DIRECTIONS = (HIGHER_WORSE, LOWER_WORSE)
LEADING, LAGGING = "leading", "lagging"
KRI_TYPES = (LEADING, LAGGING)
INDICES = ("ikorg", "iepk")
NORMALISERS = ("likert", "unit", "linear")

ALLOW, NEEDS_JUSTIFICATION, REFUSE = "allow", "needs_justification", "refuse"
APPETITE_OUTCOMES = (ALLOW, NEEDS_JUSTIFICATION, REFUSE)
LANGUAGES = ("id", "en")


@dataclass(frozen=True)
class Problem:
    path: str
    message: object  # a lazy translated message


def preset_names() -> list[str]:
    return sorted(p.stem for p in PRESETS_DIR.glob("*.json"))


def preset(name: str) -> dict:
    if name not in preset_names():
        raise KeyError(name)
    return json.loads((PRESETS_DIR / f"{name}.json").read_text(encoding="utf-8"))


def dumps(config: dict) -> str:
    """The stored form: canonical (sorted keys) so two equal configurations store the same text."""
    return json.dumps(config, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def number(value) -> Decimal | None:
    """A configured number, or None when it is not one (a float is refused: it is not exact)."""
    if isinstance(value, bool) or value is None or isinstance(value, float) or len(str(value)) > 40:
        return None
    try:
        result = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return result if result.is_finite() else None


class _Checker:
    def __init__(self):
        self.problems: list[Problem] = []

    def add(self, path: str, message) -> None:
        self.problems.append(Problem(path, message))

    def number(self, value, path: str) -> Decimal | None:
        result = number(value)
        if result is None:
            self.add(path, _l("Enter a number (digits, with a dot for decimals)."))
        return result

    def text(self, value, path: str, limit: int = 500) -> str:
        if not isinstance(value, str) or not value.strip():
            self.add(path, _l("This field is required."))
            return ""
        if len(value) > limit:
            self.add(path, _l("Use at most %(max)d characters.", max=limit))
        return value.strip()

    def labels(self, value, path: str) -> None:
        value = value if isinstance(value, dict) else {}
        for language in LANGUAGES:
            self.text(value.get(language), f"{path}.{language}")

    def items(self, value, path: str) -> list:
        if not isinstance(value, list):
            self.add(path, _l("A list is required here."))
            return []
        return value

    def mapping(self, value, path: str) -> dict:
        if not isinstance(value, dict):
            self.add(path, _l("A table is required here."))
            return {}
        return value


def _check_scale(c: _Checker, scale, kind: str) -> list[str]:
    """The scale's codes in rank order (for the matrix), after checking §4's first rule."""
    path = f"scales.{kind}"
    scale = c.mapping(scale, path)
    for name in ("basis",):
        c.labels(scale.get(name), f"{path}.{name}")
    for name in ("unit", "period"):
        c.text(scale.get(name), f"{path}.{name}")
    domain_min = c.number(scale.get("domain_min"), f"{path}.domain_min")
    categories = c.items(scale.get("categories"), f"{path}.categories")
    if not MIN_CATEGORIES <= len(categories) <= MAX_CATEGORIES:
        c.add(f"{path}.categories", _l("A scale has from %(low)d to %(high)d categories; this one has %(n)d.",
                                       low=MIN_CATEGORIES, high=MAX_CATEGORIES, n=len(categories)))
    codes: list[str] = []
    seen: set[str] = set()
    previous_hi: Decimal | None = None
    for i, category in enumerate(categories):
        where = f"{path}.categories.{i}"
        category = c.mapping(category, where)
        if category.get("rank") != i + 1:
            c.add(f"{where}.rank", _l("Categories are numbered 1 to n in order, without a gap: this one must be "
                                      "%(rank)d.", rank=i + 1))
        code = c.text(category.get("code"), f"{where}.code")
        if code and code in seen:
            c.add(f"{where}.code", _l("The code %(code)s is used by another category of this scale.", code=code))
        seen.add(code)
        codes.append(code)
        c.labels(category.get("labels"), f"{where}.labels")
        lo = c.number(category.get("lo"), f"{where}.lo")
        last = i == len(categories) - 1
        hi_raw = category.get("hi")
        hi = None
        if last:
            if hi_raw not in (None, ""):
                c.add(f"{where}.hi", _l("The last category is open-ended: leave its upper bound empty."))
        else:
            hi = c.number(hi_raw, f"{where}.hi")
        if i == 0 and lo is not None and domain_min is not None and lo != domain_min:
            c.add(f"{where}.lo", _l("The first category starts at the scale's minimum, %(minimum)s.",
                                    minimum=domain_min))
        if i > 0 and lo is not None and previous_hi is not None and lo != previous_hi:
            c.add(f"{where}.lo", _l("Each category starts where the one before ends (%(bound)s): otherwise a value "
                                    "falls in no category or in two.", bound=previous_hi))
        if lo is not None and hi is not None and hi <= lo:
            c.add(f"{where}.hi", _l("The upper bound must be above the lower bound (%(lo)s).", lo=lo))
        previous_hi = hi
    return codes


def _check_levels(c: _Checker, levels) -> dict[str, int]:
    levels = c.items(levels, "levels")
    ranks: dict[str, int] = {}
    if not levels:
        c.add("levels", _l("Define at least one level."))
    for i, level in enumerate(levels):
        where = f"levels.{i}"
        level = c.mapping(level, where)
        if level.get("rank") != i + 1:
            c.add(f"{where}.rank", _l("Levels are numbered 1 to n from the lowest, without a gap: this one must be "
                                      "%(rank)d.", rank=i + 1))
        code = c.text(level.get("code"), f"{where}.code")
        if code in ranks:
            c.add(f"{where}.code", _l("The code %(code)s is used by another level.", code=code))
        elif code:
            ranks[code] = i + 1
        c.labels(level.get("labels"), f"{where}.labels")
        colour = level.get("colour")
        if not (isinstance(colour, str) and len(colour) == 7 and colour[0] == "#"
                and all(ch in "0123456789abcdefABCDEF" for ch in colour[1:])):
            c.add(f"{where}.colour", _l("Enter a colour as #rrggbb."))
        c.labels(level.get("treatment"), f"{where}.treatment")
    return ranks


def _check_matrix(c: _Checker, matrix, l_codes: list[str], i_codes: list[str], ranks: dict[str, int]) -> None:
    matrix = c.mapping(matrix, "matrix")
    grid: dict[tuple[int, int], int] = {}
    for a, l_code in enumerate(l_codes):
        row = matrix.get(l_code) if isinstance(matrix.get(l_code), dict) else {}
        for b, i_code in enumerate(i_codes):
            where = f"matrix.{l_code}.{i_code}"
            level = row.get(i_code)
            if level in (None, ""):
                c.add(where, _l("Every cell of the matrix is assigned a level: this one has none."))
            elif level not in ranks:
                c.add(where, _l("%(code)s is not one of the levels.", code=level))
            else:
                grid[a, b] = ranks[level]
    for (a, b), rank in sorted(grid.items()):
        for (da, db) in ((1, 0), (0, 1)):
            higher = grid.get((a + da, b + db))
            if higher is not None and higher < rank:
                where = f"matrix.{l_codes[a + da]}.{i_codes[b + db]}"
                c.add(where, _l("Levels never go down as likelihood or impact goes up: this cell is below "
                                "%(l)s × %(i)s.", l=l_codes[a], i=i_codes[b]))
    if ranks and l_codes and i_codes:
        lowest, highest = min(ranks.values()), max(ranks.values())
        low_cell = grid.get((0, 0))
        if low_cell is not None and low_cell != lowest:
            c.add(f"matrix.{l_codes[0]}.{i_codes[0]}",
                  _l("The lowest corner holds the lowest level."))
        high_cell = grid.get((len(l_codes) - 1, len(i_codes) - 1))
        if high_cell is not None and high_cell != highest:
            c.add(f"matrix.{l_codes[-1]}.{i_codes[-1]}",
                  _l("The highest corner holds the highest level."))


def _check_kris(c: _Checker, kris) -> None:
    kris = c.items(kris, "kris")
    seen: set[str] = set()
    for i, kri in enumerate(kris):
        where = f"kris.{i}"
        kri = c.mapping(kri, where)
        code = c.text(kri.get("code"), f"{where}.code")
        if code and code in seen:
            c.add(f"{where}.code", _l("The code %(code)s is used by another KRI.", code=code))
        seen.add(code)
        c.labels(kri.get("labels"), f"{where}.labels")
        c.text(kri.get("unit"), f"{where}.unit")
        direction = kri.get("direction")
        if direction not in DIRECTIONS:
            c.add(f"{where}.direction", _l("Choose whether higher or lower values are worse."))
        if kri.get("type") not in KRI_TYPES:
            c.add(f"{where}.type", _l("Choose leading or lagging."))
        window = kri.get("window_days")
        if not isinstance(window, int) or isinstance(window, bool) or not 1 <= window <= 3660:
            c.add(f"{where}.window_days", _l("Enter a window of 1 to 3660 days."))
        appetite = c.number(kri.get("appetite"), f"{where}.appetite")
        tolerance = c.number(kri.get("tolerance"), f"{where}.tolerance")
        if appetite is not None and tolerance is not None and direction in DIRECTIONS:
            if direction == HIGHER_WORSE and appetite > tolerance:
                c.add(f"{where}.tolerance", _l("When higher is worse, the tolerance is at least the appetite "
                                               "(%(appetite)s).", appetite=appetite))
            if direction == LOWER_WORSE and appetite < tolerance:
                c.add(f"{where}.tolerance", _l("When lower is worse, the tolerance is at most the appetite "
                                               "(%(appetite)s).", appetite=appetite))


def _check_weights(c: _Checker, items: list, path: str) -> None:
    total = Decimal(0)
    complete = True
    for i, item in enumerate(items):
        weight = c.number(item.get("weight") if isinstance(item, dict) else None, f"{path}.{i}.weight")
        if weight is None:
            complete = False
            continue
        if weight < 0:
            c.add(f"{path}.{i}.weight", _l("A weight cannot be negative."))
        total += weight
    if complete and items and total != 1:
        c.add(path, _l("The weights here sum to %(total)s; they must sum to 1.", total=total))


def _check_index(c: _Checker, model, name: str) -> None:
    path = f"index_model.{name}.dimensions"
    model = c.mapping(model, f"index_model.{name}")
    dimensions = c.items(model.get("dimensions"), path)
    if not dimensions:
        c.add(path, _l("Define at least one dimension."))
    _check_weights(c, dimensions, path)
    codes: set[str] = set()
    for i, dimension in enumerate(dimensions):
        where = f"{path}.{i}"
        dimension = c.mapping(dimension, where)
        c.text(dimension.get("code"), f"{where}.code")
        c.labels(dimension.get("labels"), f"{where}.labels")
        indicators = c.items(dimension.get("indicators"), f"{where}.indicators")
        if not indicators:
            c.add(f"{where}.indicators", _l("Define at least one indicator."))
        _check_weights(c, indicators, f"{where}.indicators")
        for j, indicator in enumerate(indicators):
            at = f"{where}.indicators.{j}"
            indicator = c.mapping(indicator, at)
            code = c.text(indicator.get("code"), f"{at}.code")
            if code and code in codes:
                c.add(f"{at}.code", _l("The code %(code)s is used by another indicator.", code=code))
            codes.add(code)
            c.labels(indicator.get("labels"), f"{at}.labels")
            normaliser = indicator.get("normaliser") if isinstance(indicator.get("normaliser"), dict) else {}
            if normaliser.get("kind") not in NORMALISERS:
                c.add(f"{at}.normaliser", _l("Choose how a raw value maps to 0–1."))
            elif normaliser["kind"] == "linear":
                low = c.number(normaliser.get("min"), f"{at}.normaliser.min")
                high = c.number(normaliser.get("max"), f"{at}.normaliser.max")
                if low is not None and high is not None and high <= low:
                    c.add(f"{at}.normaliser.max", _l("The maximum must be above the minimum."))


def _check_appetite(c: _Checker, appetite) -> None:
    appetite = c.mapping(appetite, "appetite")
    for kind, bands in appetite.items():
        bands = c.mapping(bands, f"appetite.{kind}")
        for band in BANDS:
            if bands.get(band) not in APPETITE_OUTCOMES:
                c.add(f"appetite.{kind}.{band}", _l("Choose allow, allow with a justification, or refuse."))


def _check_redflags(c: _Checker, text) -> None:
    from ..procurement.redflags.settings import Settings, SettingsError, parse_ini

    if not isinstance(text, str):
        c.add("redflag_settings", _l("This field is required."))
        return
    if len(text) > 20000:
        c.add("redflag_settings", _l("Use at most %(max)d characters.", max=20000))
        return
    try:
        Settings.from_tables(parse_ini(text))
    except SettingsError as error:
        c.add("redflag_settings", _l("The red-flag settings are not valid: %(error)s", error=str(error)))


def validate(config) -> list[Problem]:
    """Every problem with a configuration (RISK_MODEL.md §4), each named by the field it concerns."""
    c = _Checker()
    if not isinstance(config, dict):
        c.add("", _l("A methodology is a table of settings."))
        return c.problems
    c.labels(config.get("name"), "name")
    scales = c.mapping(config.get("scales"), "scales")
    l_codes = _check_scale(c, scales.get("likelihood"), "likelihood")
    i_codes = _check_scale(c, scales.get("impact"), "impact")
    ranks = _check_levels(c, config.get("levels"))
    _check_matrix(c, config.get("matrix"), l_codes, i_codes, ranks)
    _check_kris(c, config.get("kris"))
    model = c.mapping(config.get("index_model"), "index_model")
    for name in INDICES:
        _check_index(c, model.get(name), name)
    _check_appetite(c, config.get("appetite"))
    _check_redflags(c, config.get("redflag_settings"))
    return c.problems


# Reading a valid configuration ------------------------------------------------------------------

def category_of(scale: dict, value: Decimal) -> dict:
    """The one category a value falls in ([lo, hi), the last open-ended)."""
    categories = scale["categories"]
    for category in categories:
        hi = category["hi"]
        if Decimal(category["lo"]) <= value and (hi is None or value < Decimal(hi)):
            return category
    if value < Decimal(categories[0]["lo"]):
        raise ValueError(f"{value} is below the scale's minimum")
    return categories[-1]


def level_of(config: dict, likelihood_code: str, impact_code: str) -> dict:
    code = config["matrix"][likelihood_code][impact_code]
    return next(level for level in config["levels"] if level["code"] == code)
