"""Indonesian business identifiers: NIB (Nomor Induk Berusaha) and NPWP (tax number).

NIB: 13 digits (OSS RBA). NPWP: the 15-digit form `99.999.999.9-999.999`, or the 16-digit form
used since 2024 (the NIK for individuals, a 16-digit number for entities). Stored as digits only;
shown formatted; masked in public the way the national blacklist masks them.
"""
import re

NIB_LENGTH = 13
NPWP_LENGTHS = (15, 16)
_SEPARATORS = re.compile(r"[\s.\-]")


def digits(value: str) -> str:
    return _SEPARATORS.sub("", value or "")


def is_valid_nib(value: str) -> bool:
    cleaned = digits(value)
    return cleaned.isdigit() and len(cleaned) == NIB_LENGTH


def is_valid_npwp(value: str) -> bool:
    cleaned = digits(value)
    return cleaned.isdigit() and len(cleaned) in NPWP_LENGTHS


def format_npwp(value: str) -> str:
    if len(value) == 15:
        return f"{value[0:2]}.{value[2:5]}.{value[5:8]}.{value[8]}-{value[9:12]}.{value[12:15]}"
    return value


def mask(value: str | None, keep_start: int = 2, keep_end: int = 3) -> str:
    """Hide the middle digits: enough to tell two firms apart, not enough to reuse the number."""
    if not value:
        return ""
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + "*" * max(hidden, 0) + value[len(value) - keep_end:]


def masked_npwp(value: str | None) -> str:
    return format_npwp(mask(value)) if value else ""
