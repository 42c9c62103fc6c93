"""The exporter: named export files, written to `instance/exports/` when stale, served with an ETag.

Every change that reaches the public record is written to the transparency log, so a file made at the
log's current head (size and root) is current: comparing the head is the whole staleness check, one
indexed read. An export whose rows also depend on the date (what is "in force" today) is stale on the
next day too. Files are written to a temporary name and renamed, so a reader never sees half a file and
two workers regenerating at once both leave a whole one.

Other domains add their exports with `register_export(...)` at start-up, like passport sections.
"""
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

from flask import current_app
from flask_babel import LazyString

from ..ledger import queries as ledger_queries
from ..monitoring import clock

# Open-data formats: media type and file extension.
FORMATS = {
    "jsonl": ("application/x-ndjson", "jsonl"),
    "csv": ("text/csv", "csv"),
    "ftm": ("application/x-ndjson", "ftm.json"),
}
CC_BY_4 = ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/")


@dataclass(frozen=True)
class Export:
    """One bulk file. `lines` yields the file's text line by line (each ending in a newline) and counts
    its records by yielding them: a header line is a (line, False) pair, a record a (line, True) pair."""

    name: str
    title: LazyString | str
    description: LazyString | str
    format: str
    lines: Callable[[], Iterable[tuple[str, bool]]]
    licence: tuple[str, str] = CC_BY_4
    depends_on_date: bool = False

    @property
    def media_type(self) -> str:
        return FORMATS[self.format][0]

    @property
    def filename(self) -> str:
        return f"{self.name}.{FORMATS[self.format][1]}"


@dataclass(frozen=True)
class FileInfo:
    """What the sidecar `<file>.meta.json` records about a written file."""

    sha256: str
    size: int
    records: int
    generated_at: datetime
    log_size: int
    log_root: str
    as_of: str

    def to_json(self) -> dict:
        return {**self.__dict__, "generated_at": self.generated_at.isoformat()}

    @classmethod
    def from_json(cls, data: dict) -> "FileInfo":
        return cls(**{**data, "generated_at": datetime.fromisoformat(data["generated_at"])})


_exports: dict[str, Export] = {}


def register_export(export: Export) -> Export:
    if export.format not in FORMATS:
        raise ValueError(f"unknown export format {export.format!r}")
    existing = _exports.get(export.name)
    if existing is not None and existing != export:
        raise ValueError(f"an export named {export.name!r} is already registered")
    _exports[export.name] = export
    return export


def unregister_export(name: str) -> None:
    """For tests that register throwaway exports."""
    _exports.pop(name, None)


def all_exports() -> list[Export]:
    return list(_exports.values())


def get(name: str) -> Export | None:
    return _exports.get(name)


def directory() -> Path:
    path = Path(current_app.instance_path) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of(export: Export) -> Path:
    return directory() / export.filename


def _meta_path(export: Export) -> Path:
    return directory() / (export.filename + ".meta.json")


def stored_info(export: Export) -> FileInfo | None:
    try:
        info = FileInfo.from_json(json.loads(_meta_path(export).read_text("utf-8")))
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return info if path_of(export).exists() else None


def _log_head() -> tuple[int, str]:
    size, root = ledger_queries.current_head()
    return size, root.hex()


def is_stale(export: Export, info: FileInfo | None) -> bool:
    if info is None:
        return True
    if (info.log_size, info.log_root) != _log_head():
        return True
    return export.depends_on_date and info.as_of != clock.today().isoformat()


def _write_atomically(target: Path, chunks: Iterable[bytes]) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def generate(export: Export) -> FileInfo:
    """Write the file now (whether stale or not) and its sidecar; return what was written."""
    log_size, log_root = _log_head()
    as_of = clock.today().isoformat()
    digest = hashlib.sha256()
    counts = {"records": 0, "size": 0}

    def encoded():
        for line, is_record in export.lines():
            data = line.encode("utf-8")
            digest.update(data)
            counts["size"] += len(data)
            counts["records"] += is_record
            yield data

    _write_atomically(path_of(export), encoded())
    info = FileInfo(sha256=digest.hexdigest(), size=counts["size"], records=counts["records"],
                    generated_at=datetime.now(timezone.utc).replace(microsecond=0), log_size=log_size,
                    log_root=log_root, as_of=as_of)
    _write_atomically(_meta_path(export), [json.dumps(info.to_json()).encode("utf-8")])
    return info


def fresh(export: Export) -> FileInfo:
    """The file's info, regenerating it first if the record moved since it was made."""
    info = stored_info(export)
    if is_stale(export, info):
        info = generate(export)
    return info


def listing() -> list[tuple[Export, FileInfo | None, bool]]:
    """Every export with its last file's info (None if never made) and whether it is stale. Reads only
    the sidecars: a listing never regenerates (a download does)."""
    rows = []
    for export in all_exports():
        info = stored_info(export)
        rows.append((export, info, is_stale(export, info)))
    return rows
