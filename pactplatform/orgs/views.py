from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import OperationError
from ..extensions import db
from ..tenancy.forms import ConfirmForm
from ..web.forms import attach_error, rerender
from . import identifiers, operations, passport, queries
from .forms import OrganisationForm, RepresentativeForm

bp = Blueprint("orgs", __name__, url_prefix="/orgs")


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = operations.register_organisation(
                current_user, form.name.data, form.kind.data, form.nib.data, form.npwp.data,
                form.address.data or "", form.sector.data or "",
            )
        except OperationError as error:
            db.session.rollback()
            return rerender("orgs/new.html", form, error)
        db.session.commit()
        flash(_("%(name)s is registered; you are its representative.", name=organisation.name), "success")
        return redirect(url_for("orgs.show", org_id=organisation.id))
    if form.is_submitted():
        return rerender("orgs/new.html", form)
    return render_template("orgs/new.html", form=form)


def _page(organisation, form=None, status=200):
    insider = queries.is_representative(organisation, current_user)
    return (
        render_template(
            "orgs/show.html",
            organisation=organisation,
            insider=insider,
            nib=organisation.nib if insider else identifiers.mask(organisation.nib),
            npwp=identifiers.format_npwp(organisation.npwp) if insider else identifiers.masked_npwp(organisation.npwp),
            form=form or RepresentativeForm(),
            confirm=ConfirmForm(),
            passport_sections=passport.sections_for(organisation),
        ),
        status,
    )


def _load(org_id: int):
    organisation = queries.organisation(org_id)
    if organisation is None:
        abort(404)
    return organisation


@bp.get("/<int:org_id>")
def show(org_id: int):
    return _page(_load(org_id))


@bp.post("/<int:org_id>/representatives")
@login_required
def add_representative(org_id: int):
    organisation = _load(org_id)
    if not queries.is_representative(organisation, current_user):
        abort(403)
    form = RepresentativeForm()
    if not form.validate_on_submit():
        return _page(organisation, form, 422)
    try:
        representative = operations.add_representative(organisation, current_user, form.email.data, form.title.data or "")
    except OperationError as error:
        db.session.rollback()
        attach_error(form, error)
        return _page(organisation, form, error.status)
    db.session.commit()
    flash(_("%(name)s now represents %(org)s.", name=representative.user.name, org=organisation.name), "success")
    return redirect(url_for("orgs.show", org_id=org_id))


@bp.post("/<int:org_id>/representatives/<int:representative_id>/remove")
@login_required
def remove_representative(org_id: int, representative_id: int):
    organisation = _load(org_id)
    if not queries.is_representative(organisation, current_user):
        abort(403)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        operations.remove_representative(organisation, current_user, representative_id)
    except OperationError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("orgs.show", org_id=org_id))
    db.session.commit()
    flash(_("The representative is removed."), "success")
    return redirect(url_for("orgs.show", org_id=org_id))
