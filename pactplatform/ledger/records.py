"""Which records are logged, and how each one's content is computed.

Domains call register() at import time (next to their models). A registered model's every row is
expected to have a log entry: `ledger verify` reports rows without one as inserted behind the
platform's back.
"""
import hashlib
from dataclasses import dataclass
from typing import Any, Callable

from . import canonical

REMOVED = {"removed": True}


@dataclass(frozen=True)
class RecordType:
    name: str
    model: Any
    content: Callable[[Any], dict]


_by_name: dict[str, RecordType] = {}
_by_model: dict[Any, RecordType] = {}


def register(subject_type: str, model, content: Callable[[Any], dict]) -> None:
    existing = _by_name.get(subject_type)
    if existing is not None and existing.model is not model:
        raise ValueError(f"subject type {subject_type!r} is already registered for {existing.model!r}")
    record_type = RecordType(subject_type, model, content)
    _by_name[subject_type] = record_type
    _by_model[model] = record_type


def unregister(subject_type: str) -> None:
    """For tests that register throwaway types."""
    record_type = _by_name.pop(subject_type, None)
    if record_type is not None:
        _by_model.pop(record_type.model, None)


def by_name(subject_type: str) -> RecordType:
    return _by_name[subject_type]


def for_instance(subject) -> RecordType:
    for cls in type(subject).__mro__:
        if cls in _by_model:
            return _by_model[cls]
    raise LookupError(f"{type(subject).__name__} is not registered with the ledger")


def all_types() -> list[RecordType]:
    return list(_by_name.values())


def content_sha256(content: dict) -> str:
    return hashlib.sha256(canonical.encode(content)).hexdigest()


iso_utc = canonical.iso_utc
