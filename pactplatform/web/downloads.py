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


def _csv_lines(columns, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row[c] is None else row[c] for c in columns])
        if buffer.tell() > 8192:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _jsonl_lines(rows):
    for row in rows:
        yield json.dumps(row, ensure_ascii=False, default=str) + "\n"


def stream(name: str, fmt: str, columns: list[str], rows, version: str, from_log: bool = False,
           depends_on_date: bool = False) -> Response:
    """`rows` is an iterable of dicts (a generator: nothing is read unless the download is sent). from_log: the
    version is the transparency log's, so its head's time is the download's Last-Modified (web/caching.py);
    a conditional request that matches is answered 304 there, before the body is read."""
    tag = hashlib.sha256(f"{version}|{name}|{fmt}|{request.query_string.decode()}".encode()).hexdigest()
    body = _csv_lines(columns, rows) if fmt == "csv" else _jsonl_lines(rows)
    response = Response(stream_with_context(body), mimetype=FORMATS[fmt].split(";")[0])
    response.headers["Content-Type"] = FORMATS[fmt]
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    if from_log:
        return caching.from_log(response, tag, depends_on_date)
    response.set_etag(tag)
    return response
