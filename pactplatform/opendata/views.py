"""The public exports page and the downloads (no login)."""
from flask import Blueprint, abort, current_app, render_template, request, send_file

from . import exports

bp = Blueprint("opendata", __name__, url_prefix="/exports")


@bp.get("/")
def index():
    return render_template("opendata/index.html", rows=exports.listing())


@bp.get("/<string(maxlength=64):name>")
def download(name: str):
    export = exports.get(name)
    if export is None:
        abort(404)
    info = exports.fresh(export)
    # A conditional GET that matches is answered before the file is opened (send_file's own 304 leaves
    # its file to the garbage collector).
    unchanged = current_app.response_class()
    unchanged.set_etag(info.sha256)
    unchanged.last_modified = info.generated_at
    unchanged.make_conditional(request)
    if unchanged.status_code == 304:
        return _revalidate(unchanged)
    mimetype = export.media_type + ("; charset=utf-8" if export.format == "csv" else "")
    return _revalidate(send_file(exports.path_of(export), mimetype=mimetype, as_attachment=True,
                                 download_name=export.filename, etag=info.sha256,
                                 last_modified=info.generated_at, conditional=True, max_age=None))


def _revalidate(response):
    """Public, and always revalidated: the file changes whenever the record does, and a 304 is cheap."""
    response.cache_control.public = True
    response.cache_control.no_cache = True
    return response
