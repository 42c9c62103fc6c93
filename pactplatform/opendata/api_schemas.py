"""What /api/v1/exports answers, declared once (web/api.py)."""
from marshmallow import Schema, fields

from ..ledger.api_schemas import UtcDateTime
from ..web.api import Integer


class Licence(Schema):
    id = fields.String(required=True, metadata={"description": "SPDX identifier, e.g. CC-BY-4.0."})
    url = fields.String(required=True)


class ExportItem(Schema):
    name = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    format = fields.String(required=True, metadata={"description": "ftm (FollowTheMoney entities as JSON Lines), "
                                                                   "csv or jsonl."})
    media_type = fields.String(required=True)
    licence = fields.Nested(Licence, required=True)
    url = fields.String(required=True, metadata={"description": "Where to download the file (regenerated first "
                                                                "if the record changed; ETag and Last-Modified)."})
    size = Integer(required=True, allow_none=True, metadata={"description": "Bytes of the last file made; null "
                                                                            "before the first download."})
    records = Integer(required=True, allow_none=True)
    sha256 = fields.String(required=True, allow_none=True, metadata={"description": "Of the last file; its ETag."})
    generated_at = UtcDateTime(required=True, allow_none=True)
    stale = fields.Boolean(required=True, metadata={"description": "The record changed since the last file was "
                                                                   "made: the next download regenerates it."})


class ExportList(Schema):
    items = fields.List(fields.Nested(ExportItem), required=True)
