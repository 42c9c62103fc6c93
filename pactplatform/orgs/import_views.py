"""The admin upload of organisations (a CSV, orgs/importer.py) and its report. Organisations are global,
but the upload is a tenant admin's: a tenant admin runs the tenant's register of suppliers and bodies."""
from flask import Blueprint, g, render_template
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import OperationError
from ..extensions import db
from ..tenancy import roles
from ..web.forms import attach_error, read_upload
from ..web.tenant import member_required
from . import importer
from .forms import MAX_IMPORT_BYTES, ImportForm

bp = Blueprint("orgs_import", __name__, url_prefix="/t/<tenant_slug>/organisations")


def _page(form, report=None, status=200):
    return render_template("orgs/import.html", form=form, report=report, tenant=g.tenant), status


@bp.get("/import")
@member_required(roles.ADMIN)
def form():
    return _page(ImportForm())


@bp.post("/import")
@member_required(roles.ADMIN)
def upload():
    form = ImportForm()
    if not form.validate_on_submit():
        return _page(form, status=422)
    data, status = read_upload(form.file, MAX_IMPORT_BYTES, _("Choose a CSV file to import."),
                               _("The file is larger than 5 MB: import it with flask orgs import."))
    if data is None:
        return _page(form, status=status)
    report = importer.Report()
    try:
        importer.import_organisations(current_user, importer.read_rows(importer.decode(data), report), report)
    except OperationError as error:
        db.session.rollback()
        attach_error(form, error)
        return _page(form, status=error.status)
    db.session.commit()
    return _page(ImportForm(), report)
