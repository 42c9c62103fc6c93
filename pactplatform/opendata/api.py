"""Public JSON of the bulk exports (no login): the twin of /exports/."""
from flask import url_for

from ..web.api import api_blueprint
from . import exports
from .api_schemas import ExportList

bp = api_blueprint("opendata_api", __name__, url_prefix="/api/v1", tag="Open data")


def export_json(export, info, stale: bool) -> dict:
    return {
        "name": export.name, "title": str(export.title), "description": str(export.description),
        "format": export.format, "media_type": export.media_type,
        "licence": {"id": export.licence[0], "url": export.licence[1]},
        "url": url_for("opendata.download", name=export.name),
        "size": info.size if info else None, "records": info.records if info else None,
        "sha256": info.sha256 if info else None, "generated_at": info.generated_at if info else None,
        "stale": stale,
    }


@bp.get("/exports")
@bp.output(ExportList)
@bp.doc(summary="List the bulk export files", description="Every open-data file (FollowTheMoney, CSV, JSON Lines) "
        "with its licence, size, record count and last change. Sizes are those of the last file made; a file is "
        "regenerated when downloaded after the record changed.")
def list_exports():
    return {"items": [export_json(*row) for row in exports.listing()]}
