"""CSV and JSON Lines of a register's current filter, streamed row by row (the unfiltered download is the
register's bulk export). Streamed, so its ETag cannot be a hash of the body: it is the caller's version of the
data (registry/caching.log_version: it moves whenever a published record changes) plus the filter."""
import csv
import hashlib
import io
import json

from flask import Response, request, stream_with_context

from . import caching


FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/jsonl; charset=utf-8"}


def lines(fmt: str, columns: list[str], rows):
    """The file line by line as (text, is_record): CSV's header is not a record. A download streams these; the
    unfiltered register is also a bulk export of the open-data page (registry/exports.py), from the same rows."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)

        def take() -> str:
            text = buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            return text

        writer.writerow(columns)
        yield take(), False
        for row in rows:
            writer.writerow(["" if row[c] is None else row[c] for c in columns])
            yield take(), True
    else:
        for row in rows:
            yield json.dumps(row, ensure_ascii=False, default=str) + "\n", True


def _chunks(pairs, size: int = 8192):
    pending, length = [], 0
    for text, _record in pairs:
        pending.append(text)
        length += len(text)
        if length > size:
            yield "".join(pending)
            pending, length = [], 0
    yield "".join(pending)


def stream(name: str, fmt: str, columns: list[str], rows, version: str, from_log: bool = False,
           depends_on_date: bool = False) -> Response:
    """`rows` is an iterable of dicts (a generator: nothing is read unless the download is sent). from_log: the
    version is the transparency log's, so its head's time is the download's Last-Modified (web/caching.py);
    a conditional request that matches is answered 304 there, before the body is read."""
    tag = hashlib.sha256(f"{version}|{name}|{fmt}|{request.query_string.decode()}".encode()).hexdigest()
    response = Response(stream_with_context(_chunks(lines(fmt, columns, rows))), mimetype=FORMATS[fmt].split(";")[0])
    response.headers["Content-Type"] = FORMATS[fmt]
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    if from_log:
        return caching.from_log(response, tag, depends_on_date)
    response.set_etag(tag)
    return response
