"""Tenant pages of procurement data: the tenders with their red flags in words, the upload of an OCDS file
and its report, the tenant's red-flag settings. Thin views: parse, one operation, commit once, render."""
import io
import json
import re

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import OperationError
from ..extensions import db
from ..orgs import passport
from ..tenancy import roles
from ..web.forms import attach_error, read_upload
from ..web.tenant import current_roles, member_required
from . import operations, queries, reasons
from .forms import MAX_UPLOAD_BYTES, ImportForm, SettingsForm
from .models import BUYER, PROCURING_ENTITY, SUPPLIER, TENDERER

bp = Blueprint("procurement", __name__, url_prefix="/t/<tenant_slug>/tenders")

passport.register_section("procurement/_passport.html", queries.organisation_flags)

IMPORTERS = (roles.ADMIN, roles.OFFICER)


@bp.app_template_global("redflag_reason")
def redflag_reason(code: str, value=None, tender_value=None) -> str:
    return reasons.reason(code, value, tender_value)


@bp.app_template_global("redflag_title")
def redflag_title(code: str) -> str:
    return str(reasons.TITLES.get(code, code))


@bp.app_template_global("problem_place")
def problem_place(where: str) -> str:
    """Where a problem is ("line 12", "releases[3]", "file") in the reader's language; the OCDS paths stay as
    published."""
    head, _sep, rest = where.partition(", ")
    match = re.fullmatch(r"line (\d+)", head)
    if match:
        head = _("line %(number)s", number=match.group(1))
    elif head == "file":
        head = _("the file")
    return f"{head}, {rest}" if rest else head


@bp.app_template_global("ocds_label")
def ocds_label(code) -> str:
    return reasons.code_label(code)


@bp.app_template_global("party_role_label")
def party_role_label(role: str) -> str:
    labels = {BUYER: _("Buyer"), PROCURING_ENTITY: _("Procuring entity"), TENDERER: _("Bidder"),
              SUPPLIER: _("Supplier")}
    return labels.get(role, role)


def _index(form=None, problems=None, status=200):
    after = request.args.get("after", type=int)
    flagged = request.args.get("flagged") == "1"
    tenders, next_after = queries.tenders_page(after, flagged)
    return render_template("procurement/index.html", tenders=tenders, next_after=next_after, flagged=flagged,
                           form=form or ImportForm(), problems=problems,
                           may_import=bool(current_roles().intersection(IMPORTERS)),
                           imports=queries.recent_imports()), status


@bp.get("/")
@member_required()
def index():
    return _index()


@bp.post("/import")
@member_required(*IMPORTERS)
def upload():
    form = ImportForm()
    if not form.validate_on_submit():
        return _index(form, status=422)
    data, status = read_upload(form.file, MAX_UPLOAD_BYTES, _("Choose an OCDS file to import."),
                               _("The file is larger than 10 MB: import it with flask tenders import."))
    if data is None:
        return _index(form, status=status)
    if not data.strip():
        form.file.errors = [_("The file is empty.")]
        return _index(form, status=422)
    try:
        record = operations.import_file(g.tenant, current_user, form.file.data.filename, io.BytesIO(data))
    except operations.ImportRefused as error:
        db.session.rollback()
        attach_error(form, error)
        return _index(form, problems=error.problems, status=422)
    except OperationError as error:
        db.session.rollback()
        attach_error(form, error)
        return _index(form, status=error.status)
    db.session.commit()
    flash(_("%(file)s is imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.",
            file=record.filename, created=record.created_count, updated=record.updated_count,
            unchanged=record.unchanged_count), "success")
    return redirect(url_for("procurement.import_report", import_id=record.id))


@bp.get("/imports/<int:import_id>")
@member_required()
def import_report(import_id: int):
    record = queries.import_record(import_id)
    if record is None:
        abort(404)
    return render_template("procurement/import.html", record=record, report=json.loads(record.report or "{}"))


@bp.get("/<int:process_id>")
@member_required()
def show(process_id: int):
    process = queries.tender(process_id)
    if process is None:
        abort(404)
    return render_template("procurement/show.html", process=process,
                           party_flags=queries.tender_party_flags(process_id),
                           tender_values={f.code: f.value for f in process.flags})


@bp.route("/settings", methods=["GET", "POST"])
@member_required(roles.ADMIN)
def settings():
    form = SettingsForm()
    if form.validate_on_submit():
        try:
            operations.update_settings(g.tenant, current_user, form.ini.data)
        except OperationError as error:
            db.session.rollback()
            attach_error(form, error)
            return render_template("procurement/settings.html", form=form), error.status
        db.session.commit()
        flash(_("The red-flag settings are saved and every tender's flags recomputed."), "success")
        return redirect(url_for("procurement.index"))
    if form.is_submitted():
        return render_template("procurement/settings.html", form=form), 422
    form.ini.data = queries.settings_ini(g.tenant.id)
    return render_template("procurement/settings.html", form=form)
