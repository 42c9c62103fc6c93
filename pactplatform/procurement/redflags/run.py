"""Running the enabled indicators over compiled releases and producing Cardinal's JSON (RED_FLAGS.md §3).

Pure: no Flask, no database. `run(releases, settings)` takes parsed releases (dicts, in file order)."""
import json
import math
from dataclasses import dataclass, field
from typing import Iterable

from . import stats
from .common import Currency, passes_release_gate
from .indicators import INDICATORS
from .indicators.ratio import SecondLowestBidRatio
from .indicators.tenderers import Tenderers
from .settings import CODES, Settings

GROUPS = ("OCID", "Buyer", "ProcuringEntity", "Tenderer")
SET_MAPS = ("ocid_tenderer", "ocid_tenderer_r024", "ocid_tenderer_r028", "ocid_tenderer_r030",
            "ocid_tenderer_r035", "ocid_tenderer_r058")
VALUE_MAPS = ("ocid_buyer_r038", "ocid_procuringentity_r038")


@dataclass
class Run:
    settings: Settings
    mapping: bool = False
    results: dict = field(default_factory=lambda: {group: {} for group in GROUPS})
    metas: dict = field(default_factory=dict)
    maps: dict = field(default_factory=lambda: {name: {} for name in VALUE_MAPS + SET_MAPS})
    ratios: dict = field(default_factory=dict)
    ratio_pairs: dict = field(default_factory=dict)
    currency: Currency = None

    def __post_init__(self):
        if self.currency is None:
            self.currency = Currency(self.settings.currency)

    def set(self, group: str, key: str, code: str, value: float) -> None:
        self.results[group].setdefault(key, {})[code] = value

    def meta(self, code: str, values: dict) -> None:
        self.metas[code] = values

    def map_add(self, name: str, ocid: str, tenderer: str) -> None:
        if self.mapping:
            self.maps[name].setdefault(ocid, set()).add(tenderer)

    def map_set(self, name: str, ocid: str, value: str) -> None:
        if self.mapping:
            self.maps[name][ocid] = value

    def output(self, meta: bool = True) -> dict:
        """Cardinal's JSON object: groups with at least one identifier, then Meta and Maps."""
        result = {group: keys for group, keys in self.results.items() if keys}
        if meta:
            result["Meta"] = {code: {k: stats.round4(v) for k, v in values.items()} for code, values in self.metas.items()}
        if self.mapping:
            result["Maps"] = {name: ({k: sorted(v) for k, v in self.maps[name].items()} if name in SET_MAPS
                                     else dict(self.maps[name])) for name in VALUE_MAPS + SET_MAPS}
        return result


def indicators_for(settings: Settings, mapping: bool) -> list:
    chosen = []
    if mapping and any(settings.enabled(code) for code in ("R025", "R038", "R048")):
        chosen.append(Tenderers(settings))
    if settings.enabled("R024") or settings.enabled("R058"):
        chosen.append(SecondLowestBidRatio(settings))
    chosen.extend(INDICATORS[code](settings) for code in CODES if settings.enabled(code))
    return chosen


def run(releases: Iterable, settings: Settings, mapping: bool = False) -> Run:
    state = Run(settings, mapping)
    chosen = indicators_for(settings, mapping)
    excluded = settings.excluded_method_details
    for release in releases:
        ocid = passes_release_gate(release, excluded)
        if ocid is None:
            continue
        for indicator in chosen:
            indicator.fold(state, release, ocid)
    for indicator in chosen:
        indicator.finalize(state)
    return state


def _float(value: float) -> str:
    """Rust's shortest round-trip float text: 1.0, 0.16666666666666666, 1e-5, 1e16; null if not finite."""
    if math.isnan(value) or math.isinf(value):
        return "null"
    text = repr(float(value))
    if "e" in text:
        mantissa, exponent = text.split("e")
        sign = "-" if exponent.startswith("-") else ""
        text = f"{mantissa}e{sign}{exponent.lstrip('+-').lstrip('0') or '0'}"
    return text


def _encode(value):
    kind = type(value)
    if kind is dict:
        yield "{"
        first = True
        for key, item in value.items():
            if not first:
                yield ","
            first = False
            yield json.dumps(key, ensure_ascii=False)
            yield ":"
            yield from _encode(item)
        yield "}"
    elif kind is list:
        yield "["
        for i, item in enumerate(value):
            if i:
                yield ","
            yield from _encode(item)
        yield "]"
    elif kind is float:
        yield _float(value)
    else:
        yield json.dumps(value, ensure_ascii=False)


def dumps(result: dict) -> str:
    """One line of JSON, every number written as a float the way serde_json writes an f64."""
    return "".join(_encode(result))
