"""Cardinal's settings file (RED_FLAGS.md §2): INI as config-rs 0.15 + rust-ini 0.21 read it.

`parse_ini(text)` gives the raw tables ({"": top-level keys, "R003": {...}, "R003.procurement_method_details":
{...}}), `Settings.from_tables(tables)` checks names and types and applies the defaults. Python's
configparser differs in too many ways (lower-cased keys, interpolation, continuation lines, kept quotes),
so this is a small parser of its own. An unknown section or key, or a value of the wrong type, is a
SettingsError, as it is an error in Cardinal.
"""
import re
from dataclasses import dataclass, field

CODES = ("R003", "R018", "R024", "R025", "R028", "R030", "R035", "R036", "R038", "R048", "R058")

# Sections that only Cardinal's `prepare` command reads: accepted, ignored.
PREPARE_SECTIONS = ("defaults", "redactions", "corrections", "modifications", "codelists.bid_status",
                    "codelists.award_status")

FLOAT, INTEGER, NATURAL, BOOL, STRING, PIPES = "float", "integer", "natural", "bool", "string", "pipes"

TOP_KEYS = {"currency": STRING, "price_comparison_procurement_methods": PIPES,
            "no_price_comparison_procurement_methods": PIPES}
SECTION_KEYS = {
    "exclusions": {"procurement_method_details": PIPES},
    "output": {"info_currency_mismatches": BOOL},
    "R003": {"threshold": INTEGER, "procurement_methods": PIPES},
    "R018": {"procurement_methods": PIPES},
    "R024": {"threshold": FLOAT},
    "R025": {"percentile": NATURAL, "threshold": FLOAT},
    "R028": {},
    "R030": {},
    "R035": {"threshold": NATURAL},
    "R036": {},
    "R038": {"threshold": FLOAT, "minimum_submitted_bids": NATURAL, "minimum_contracting_processes": NATURAL},
    "R048": {"digits": NATURAL, "threshold": NATURAL, "minimum_contracting_processes": NATURAL},
    "R058": {"threshold": FLOAT},
}
R003_METHOD_DETAILS = "R003.procurement_method_details"

# The file that enables every indicator with its defaults (Cardinal's docs/examples/settings.ini).
ALL_INDICATORS_INI = "".join(f"[{code}]\n" for code in CODES)


class SettingsError(ValueError):
    pass


_ESCAPES = {"\\": "\\", "0": "\0", "a": "\a", "b": "\b", "t": "\t", "r": "\r", "n": "\n"}


def _unescape(text: str) -> str:
    out = []
    i = 0
    while i < len(text):
        char = text[i]
        if char != "\\" or i + 1 >= len(text):
            out.append(char)
            i += 1
            continue
        code = text[i + 1]
        if code == "x":
            digits = text[i + 2:i + 6]
            if len(digits) != 4 or not re.fullmatch(r"[0-9A-Fa-f]{4}", digits):
                raise SettingsError(f"invalid \\x escape in {text!r}")
            out.append(chr(int(digits, 16)))
            i += 6
            continue
        out.append(_ESCAPES.get(code, code))
        i += 2
    return "".join(out)


def _value(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        return raw[1:-1]
    return _unescape(raw)


def parse_ini(text: str) -> dict[str, dict[str, str]]:
    """Sections (dotted names kept whole) to their keys; "" holds the keys before the first section."""
    tables: dict[str, dict[str, str]] = {"": {}}
    current = ""
    lines = text.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        stripped = line.strip()
        if not stripped or stripped[0] in ";#":
            continue
        if stripped.startswith("["):
            if not stripped.endswith("]"):
                raise SettingsError(f"line {i}: a section header must end with ']'")
            current = stripped[1:-1].strip()
            tables[current] = {}  # a repeated section replaces the earlier one
            continue
        # A value continues on the next line only when this one ends with a backslash.
        while line.endswith("\\") and not line.endswith("\\\\") and i < len(lines):
            line = line[:-1] + lines[i]
            i += 1
        positions = [p for p in (line.find("="), line.find(":")) if p >= 0]
        if not positions:
            raise SettingsError(f"line {i}: expected 'key = value', got {line.strip()!r}")
        split = min(positions)
        key = line[:split].strip()
        if not key:
            raise SettingsError(f"line {i}: a key is missing before '{line[split]}'")
        tables[current][key] = _value(line[split + 1:])
    return tables


_RUST_FLOAT = re.compile(r"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)", re.IGNORECASE)
_TRUE, _FALSE = ("true", "on", "yes"), ("false", "off", "no")


def convert(value: str, kind: str, where: str):
    lowered = value.lower()
    if kind in (FLOAT, INTEGER, NATURAL):
        if lowered in _TRUE:
            return 1.0 if kind == FLOAT else 1
        if lowered in _FALSE:
            return 0.0 if kind == FLOAT else 0
    if kind == FLOAT:
        if _RUST_FLOAT.fullmatch(value):
            return float(value)
        raise SettingsError(f"{where}: {value!r} is not a number")
    if kind == INTEGER:
        if re.fullmatch(r"[+-]?\d+", value) and -2**63 <= int(value) < 2**63:
            return int(value)
        raise SettingsError(f"{where}: {value!r} is not an integer")
    if kind == NATURAL:
        if re.fullmatch(r"\+?\d+", value) and int(value) < 2**64:
            return int(value)
        raise SettingsError(f"{where}: {value!r} is not a natural number")
    if kind == BOOL:
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise SettingsError(f"{where}: {value!r} is not true or false")
    if kind == PIPES:
        return pipes(value)
    return value


def pipes(value: str | None) -> frozenset[str]:
    """`a|b|` is {a, b}: split on |, pieces not trimmed, one trailing | ignored, "" is empty."""
    if not value:
        return frozenset()
    pieces = value.split("|")
    if pieces[-1] == "":
        pieces.pop()
    return frozenset(pieces)


@dataclass(frozen=True)
class Settings:
    """Which indicators run (a section present) and their options, defaults applied."""

    sections: dict = field(default_factory=dict)  # code -> {key: typed value}
    currency: str | None = None
    price_comparison: frozenset = frozenset()
    no_price_comparison: frozenset = frozenset()
    excluded_method_details: frozenset = frozenset()
    r003_method_details: dict = field(default_factory=dict)

    def enabled(self, code: str) -> bool:
        return code in self.sections

    def option(self, code: str, key: str, default=None):
        return self.sections.get(code, {}).get(key, default)

    @classmethod
    def from_tables(cls, tables: dict[str, dict[str, str]]) -> "Settings":
        top = {}
        for key, value in tables.get("", {}).items():
            if key not in TOP_KEYS:
                raise SettingsError(f"unknown top-level option {key!r}")
            top[key] = convert(value, TOP_KEYS[key], key)
        sections: dict[str, dict] = {}
        exclusions: frozenset = frozenset()
        method_details: dict[str, int] = {}
        for name, keys in tables.items():
            if name == "" or name in PREPARE_SECTIONS or name == "codelists":
                continue
            if name == R003_METHOD_DETAILS:
                method_details = {key: convert(value, INTEGER, f"[{name}] {key}") for key, value in keys.items()}
                sections.setdefault("R003", {})
                continue
            if name not in SECTION_KEYS:
                raise SettingsError(f"unknown section [{name}]")
            typed = {}
            for key, value in keys.items():
                if key not in SECTION_KEYS[name]:
                    raise SettingsError(f"unknown option {key!r} in [{name}]")
                typed[key] = convert(value, SECTION_KEYS[name][key], f"[{name}] {key}")
            if name == "exclusions":
                exclusions = typed.get("procurement_method_details", frozenset())
            elif name != "output":
                sections[name] = {**sections.get(name, {}), **typed}
        return cls(
            sections=sections,
            currency=top.get("currency"),
            price_comparison=top.get("price_comparison_procurement_methods", frozenset()),
            no_price_comparison=top.get("no_price_comparison_procurement_methods", frozenset()),
            excluded_method_details=exclusions,
            r003_method_details=method_details,
        )

    @classmethod
    def from_ini(cls, text: str) -> "Settings":
        return cls.from_tables(parse_ini(text))


def to_ini(tables: dict[str, dict[str, str]]) -> str:
    """The INI text of raw tables, readable back by parse_ini (and by Cardinal)."""
    lines = [f"{key} = {value}" for key, value in tables.get("", {}).items()]
    for name, keys in tables.items():
        if name == "":
            continue
        lines.append(f"[{name}]")
        lines.extend(f"{key} = {value}" for key, value in keys.items())
    return "\n".join(lines) + "\n"
