"""What the public log API takes and answers, declared once (web/api.py)."""
from marshmallow import Schema, fields
from marshmallow.validate import Range

from ..web.api import MAX_INT64, Integer, QuerySchema
from .canonical import iso_utc
from .queries import MAX_PAGE

BASE64 = "base64 (RFC 4648, with padding)"


class UtcDateTime(fields.DateTime):
    """A stored UTC time as ISO 8601 with a Z, as the log and the signed payloads write it."""

    def _serialize(self, value, attr, obj, **kwargs):
        return iso_utc(value)


class EntriesQuery(QuerySchema):
    start = Integer(required=True, validate=Range(min=0, max=MAX_INT64),
                    metadata={"description": "Index of the first entry (0-based)."})
    end = Integer(validate=Range(min=0, max=MAX_INT64), metadata={
        "description": f"One past the last entry wanted; by default start + {MAX_PAGE}."})


class InclusionQuery(QuerySchema):
    index = Integer(required=True, validate=Range(min=0, max=MAX_INT64),
                    metadata={"description": "Index of the entry (0-based)."})
    tree_size = Integer(validate=Range(min=1, max=MAX_INT64),
                        metadata={"description": "Size of the tree to prove inclusion in; by default the current size."})


class ConsistencyQuery(QuerySchema):
    first = Integer(required=True, validate=Range(min=1, max=MAX_INT64),
                    metadata={"description": "Size of the older tree."})
    second = Integer(validate=Range(min=1, max=MAX_INT64),
                     metadata={"description": "Size of the newer tree; by default the current size."})


class TreeHead(Schema):
    tree_size = Integer(required=True)
    timestamp = Integer(required=True, metadata={"description": "Milliseconds since the Unix epoch."})
    root_hash = fields.String(required=True, metadata={"description": f"RFC 9162 root hash, {BASE64}."})
    signature = fields.String(required=True, metadata={
        "description": "ECDSA-SHA256 (base64 DER) over the canonical JSON (sorted keys, no whitespace) of "
                       "tree_size, timestamp and root_hash, verifiable with /api/v1/log/key.pem."})


class Entry(Schema):
    index = Integer(required=True)
    entry = fields.String(required=True, metadata={"description": "The exact logged string (canonical JSON)."})


class Entries(Schema):
    entries = fields.List(fields.Nested(Entry), required=True)


class InclusionProof(Schema):
    index = Integer(required=True)
    tree_size = Integer(required=True)
    audit_path = fields.List(fields.String(), required=True, metadata={"description": f"Node hashes, {BASE64}."})


class ConsistencyProof(Schema):
    first = Integer(required=True)
    second = Integer(required=True)
    proof = fields.List(fields.String(), required=True, metadata={"description": f"Node hashes, {BASE64}."})
