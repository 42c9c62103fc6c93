from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from ..errors import OperationError
from ..extensions import db
from ..web.forms import attach_error, rerender
from ..web.tenant import member_required
from . import operations, queries, roles
from .forms import ConfirmForm, InviteForm, RolesForm, TenantForm

bp = Blueprint("tenancy", __name__)


@bp.route("/tenants/new", methods=["GET", "POST"])
@login_required
def new_tenant():
    form = TenantForm()
    if form.validate_on_submit():
        try:
            tenant = operations.create_tenant(
                current_user, form.name.data, form.slug.data, form.description.data or "", form.default_locale.data
            )
        except OperationError as error:
            db.session.rollback()
            return rerender("tenancy/new.html", form, error)
        db.session.commit()
        flash(_("The tenant %(name)s is created; you are its administrator.", name=tenant.name), "success")
        return redirect(url_for("tenancy.dashboard", tenant_slug=tenant.slug))
    if form.is_submitted():
        return rerender("tenancy/new.html", form)
    return render_template("tenancy/new.html", form=form)


@bp.get("/t/<tenant_slug>/")
@member_required()
def dashboard():
    return render_template("tenancy/dashboard.html", role_counts=queries.count_by_role(), role_labels=roles.LABELS)


def _members_page(form: InviteForm, status: int = 200):
    return (
        render_template(
            "tenancy/members.html", form=form, members=queries.members(), invitations=queries.pending_invitations(),
            role_labels=roles.LABELS, confirm=ConfirmForm(),
        ),
        status,
    )


@bp.get("/t/<tenant_slug>/members")
@member_required(roles.ADMIN)
def members():
    return _members_page(InviteForm())


@bp.post("/t/<tenant_slug>/members")
@member_required(roles.ADMIN)
def invite_member():
    form = InviteForm()
    if not form.validate_on_submit():
        return _members_page(form, 422)
    try:
        invitation = operations.invite_member(g.tenant, current_user, form.email.data, form.roles.data)
        db.session.commit()
    except OperationError as error:
        db.session.rollback()
        attach_error(form, error)
        return _members_page(form, error.status)
    except IntegrityError:  # the same address invited at the same moment by another administrator
        db.session.rollback()
        form.email.errors = [_("This address was just invited by someone else.")]
        return _members_page(form, 409)
    flash(_("An invitation is sent to %(email)s. They become a member when they accept it.", email=invitation.email),
          "success")
    return redirect(url_for("tenancy.members"))


@bp.post("/t/<tenant_slug>/invitations/<int:invitation_id>/withdraw")
@member_required(roles.ADMIN)
def withdraw_invitation(invitation_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        invitation = operations.withdraw_invitation(g.tenant, current_user, invitation_id)
    except OperationError:
        db.session.rollback()
        abort(404)
    db.session.commit()
    flash(_("The invitation to %(email)s is withdrawn.", email=invitation.email), "success")
    return redirect(url_for("tenancy.members"))


def _my_invitation(invitation_id: int):
    invitation = queries.invitation_for(current_user, invitation_id)
    if invitation is None or not ConfirmForm().validate_on_submit():
        abort(404 if invitation is None else 400)
    return invitation


@bp.post("/invitations/<int:invitation_id>/accept")
@login_required
def accept_invitation(invitation_id: int):
    invitation = _my_invitation(invitation_id)
    tenant = invitation.tenant
    try:
        operations.accept_invitation(invitation, current_user)
        db.session.commit()
    except (OperationError, IntegrityError) as error:
        db.session.rollback()
        flash(str(error) if isinstance(error, OperationError) else _("This invitation was already answered."), "error")
        return redirect(url_for("registry.home"))
    flash(_("You are now a member of %(name)s.", name=tenant.name), "success")
    return redirect(url_for("tenancy.dashboard", tenant_slug=tenant.slug))


@bp.post("/invitations/<int:invitation_id>/decline")
@login_required
def decline_invitation(invitation_id: int):
    invitation = _my_invitation(invitation_id)
    name = invitation.tenant.name
    operations.decline_invitation(invitation, current_user)
    db.session.commit()
    flash(_("You declined the invitation to %(name)s.", name=name), "info")
    return redirect(url_for("registry.home"))


@bp.route("/t/<tenant_slug>/members/<int:user_id>", methods=["GET", "POST"])
@member_required(roles.ADMIN)
def edit_member(user_id: int):
    user = queries.member_user(user_id)
    if user is None:
        abort(404)
    form = RolesForm(data=None if request.method == "POST" else {"roles": queries.roles_of(user_id)})
    if form.validate_on_submit():
        try:
            operations.set_roles(g.tenant, current_user, user_id, form.roles.data)
        except OperationError as error:
            db.session.rollback()
            return rerender("tenancy/member.html", form, error, member=user)
        db.session.commit()
        flash(_("The roles of %(name)s are saved.", name=user.name), "success")
        return redirect(url_for("tenancy.members"))
    if form.is_submitted():
        return rerender("tenancy/member.html", form, member=user)
    return render_template("tenancy/member.html", form=form, member=user, confirm=ConfirmForm())


@bp.post("/t/<tenant_slug>/members/<int:user_id>/remove")
@member_required(roles.ADMIN)
def remove_member(user_id: int):
    user = queries.member_user(user_id)
    if user is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        operations.remove_member(g.tenant, current_user, user_id)
    except OperationError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("tenancy.edit_member", user_id=user_id))
    db.session.commit()
    flash(_("%(name)s is no longer a member.", name=user.name), "success")
    return redirect(url_for("tenancy.members"))
