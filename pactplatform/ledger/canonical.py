"""Canonical JSON: the exact bytes that are hashed, logged and signed.

Pure (no Flask), shared by the platform and the standalone verifier.
"""
import json
from datetime import datetime, timezone
from typing import Any


def _reject_floats(value: Any) -> None:
    # Floats have no single canonical spelling across languages; a record that needs one
    # must log it as a string or an integer of minor units.
    if isinstance(value, float):
        raise TypeError("floats are not allowed in canonical JSON")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError("canonical JSON keys must be strings")
            _reject_floats(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _reject_floats(item)


def dumps(value: Any) -> str:
    _reject_floats(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def encode(value: Any) -> bytes:
    return dumps(value).encode("utf-8")


def iso_utc(moment: datetime | None) -> str | None:
    """UTC ISO 8601 with a Z; naive datetimes are taken as UTC (how the platform stores them)."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    spec = "microseconds" if moment.microsecond else "seconds"
    return moment.isoformat(timespec=spec) + "Z"
