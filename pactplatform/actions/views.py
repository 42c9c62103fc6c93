"""Tenant pages of collective actions: create, edit the text, add parties and monitors, move the
lifecycle, sign. Each view parses input, calls one operation, commits once, renders."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import OperationError
from ..extensions import db
from ..orgs.models import PUBLIC_BODY
from ..signing.limits import passphrase_attempts
from ..tenancy import roles
from ..tenancy.forms import ConfirmForm
from ..web.forms import attach_error
from ..web.tenant import current_roles, member_required
from . import operations, policies, queries
from .forms import (
    ActionForm, DocumentForm, JoinForm, MonitorForm, PartyForm, SignForm, StatusForm, SubcontractorForm, WithdrawForm,
)
from .models import STATUSES
from .text import diff_lines, render_markdown

bp = Blueprint("actions", __name__, url_prefix="/t/<tenant_slug>/actions")

MANAGERS = (roles.ADMIN, roles.OFFICER)


def _action(action_id: int):
    action = queries.tenant_action(action_id, current_user, current_roles())
    if action is None:
        abort(404)
    return action


def _tender_choices(form: ActionForm) -> None:
    form.tender_procuring_entity_id.choices = [
        (o.id, o.name) for o in queries.organisations() if o.kind == PUBLIC_BODY
    ]


def _tender_data(form: ActionForm) -> dict:
    return {
        "code": form.tender_code.data, "title": form.tender_title.data,
        "procuring_entity_id": form.tender_procuring_entity_id.data,
        "budget_ceiling": form.tender_budget_ceiling.data or None,
        "owner_estimate": form.tender_owner_estimate.data or None,
        "year": form.tender_year.data, "stage": form.tender_stage.data,
    }


def _sections(form: ActionForm, policy) -> dict[str, list[str]]:
    return {s: (getattr(form, f"section_{s}").data or "").splitlines() for s in policy.sections}


@bp.get("/")
@member_required()
def index():
    return render_template("actions/index.html", actions=queries.tenant_actions(current_user, current_roles()), policies=policies.POLICIES,
                           can_manage=bool(current_roles() & set(MANAGERS)))


@bp.route("/new", methods=["GET", "POST"])
@member_required(*MANAGERS)
def new():
    kind = request.args.get("kind", "")
    if kind not in policies.POLICIES:
        return render_template("actions/choose_kind.html", policies=policies.POLICIES)
    policy = policies.policy_for(kind)
    form = ActionForm()
    _tender_choices(form)
    if form.validate_on_submit():
        try:
            action = operations.create_action(
                g.tenant, current_user, kind, form.title.data, form.summary.data, _sections(form, policy),
                form.starts_on.data, form.ends_on.data, _tender_data(form) if policy.has_tender else None,
            )
        except OperationError as error:
            db.session.rollback()
            attach_error(form, error)
            return render_template("actions/new.html", form=form, policy=policy), error.status
        db.session.commit()
        flash(_("The draft is created. Review its text, add the parties, then open it for signing."), "success")
        return redirect(url_for("actions.show", action_id=action.id))
    status = 422 if form.is_submitted() else 200
    return render_template("actions/new.html", form=form, policy=policy), status


def _page(action, status=200, **forms):
    party_form = forms.get("party_form") or PartyForm()
    party_form.organisation_id.choices = [(o.id, o.name) for o in queries.organisations()]
    party_form.role.choices = [
        (r, policies.PARTY_ROLE_LABELS[r]) for r in action.policy.party_roles if r != policies.SUBCONTRACTOR
    ]
    monitor_form = forms.get("monitor_form") or MonitorForm()
    monitor_form.user_id.choices = [(u.id, u.name) for u in queries.members_with_role(roles.MONITOR)]
    sub_form = forms.get("sub_form") or SubcontractorForm()
    sub_form.organisation_id.choices = party_form.organisation_id.choices
    document_form = forms.get("document_form") or DocumentForm(body=action.current_version.body)
    return render_template(
        "actions/show.html", action=action, policy=action.policy, role_labels=policies.PARTY_ROLE_LABELS,
        body_html=render_markdown(action.current_version.body),
        can_manage=bool(current_roles() & set(MANAGERS)), is_admin=roles.ADMIN in current_roles(),
        my_parties=queries.my_parties(current_user, action), party_form=party_form, monitor_form=monitor_form,
        sub_form=sub_form, document_form=document_form, status_form=forms.get("status_form") or StatusForm(),
        confirm=ConfirmForm(),
    ), status


@bp.get("/<int:action_id>")
@member_required()
def show(action_id: int):
    return _page(_action(action_id))


def _run(action, form_name: str, form, operation, success: str):
    """Validate a form posted from the action page, run one operation, commit or re-render with the error."""
    if not form.validate_on_submit():
        return _page(action, 422, **{form_name: form})
    try:
        operation()
    except OperationError as error:
        db.session.rollback()
        attach_error(form, error)
        return _page(_action(action.id), error.status, **{form_name: form})
    db.session.commit()
    flash(success, "success")
    return redirect(url_for("actions.show", action_id=action.id))


@bp.post("/<int:action_id>/document")
@member_required(*MANAGERS)
def revise(action_id: int):
    action = _action(action_id)
    form = DocumentForm()
    return _run(action, "document_form", form,
                lambda: operations.revise_document(action, current_user, form.body.data, form.note.data or ""),
                _("A new version of the text is saved."))


@bp.post("/<int:action_id>/parties")
@member_required(*MANAGERS)
def add_party(action_id: int):
    action = _action(action_id)
    form = PartyForm()
    form.role.choices = [(r, r) for r in action.policy.party_roles]
    form.organisation_id.choices = []
    return _run(action, "party_form", form,
                lambda: operations.add_party(action, current_user, form.organisation_id.data, form.role.data),
                _("The party is added."))


@bp.post("/<int:action_id>/parties/<int:party_id>/subcontractors")
@member_required(roles.REPRESENTATIVE)
def add_subcontractor(action_id: int, party_id: int):
    action = _action(action_id)
    bidder = next((p for p in action.parties if p.id == party_id), None)
    if bidder is None:
        abort(404)
    form = SubcontractorForm()
    return _run(action, "sub_form", form,
                lambda: operations.add_subcontractor(action, current_user, bidder, form.organisation_id.data),
                _("The subcontractor is added; it signs the pact too."))


@bp.post("/<int:action_id>/monitors")
@member_required(roles.ADMIN)
def assign_monitor(action_id: int):
    action = _action(action_id)
    form = MonitorForm()
    return _run(action, "monitor_form", form,
                lambda: operations.assign_monitor(action, current_user, form.user_id.data),
                _("The monitor is assigned."))


@bp.post("/<int:action_id>/status")
@member_required(*MANAGERS)
def change_status(action_id: int):
    action = _action(action_id)
    form = StatusForm()
    if form.target.data not in STATUSES:
        abort(400)
    return _run(action, "status_form", form,
                lambda: operations.change_status(action, current_user, form.target.data, form.reason.data or ""),
                _("The status is changed."))


@bp.route("/<int:action_id>/sign/<int:party_id>", methods=["GET", "POST"])
@member_required(roles.REPRESENTATIVE, roles.OFFICER)
@passphrase_attempts
def sign(action_id: int, party_id: int):
    action = _action(action_id)
    party = next((p for p in action.parties if p.id == party_id), None)
    if party is None:
        abort(404)
    form = SignForm()
    refusal = None
    try:
        operations.check_can_sign(action, current_user, party)
    except OperationError as error:
        refusal = error
    if refusal is None and form.validate_on_submit():
        try:
            signature = operations.sign(action, current_user, party, form.passphrase.data)
        except OperationError as error:
            db.session.rollback()
            attach_error(form, error)
            return _sign_page(action, party, form, None), 401 if error.field == "passphrase" else error.status
        db.session.commit()
        flash(_("Signed. Anyone can now verify this signature."), "success")
        return redirect(url_for("public_actions.signature", signature_id=signature.id))
    forbidden = refusal is not None and (request.method == "POST" or refusal.status == 403)
    status = 403 if forbidden else (422 if form.is_submitted() else 200)
    return _sign_page(action, party, form, refusal), status


def _sign_page(action, party, form, refusal):
    from ..signing import operations as signing

    return render_template(
        "actions/sign.html", action=action, party=party, form=form, refusal=refusal,
        version=action.current_version, body_html=render_markdown(action.current_version.body),
        role_labels=policies.PARTY_ROLE_LABELS, has_key=signing.key_for(current_user) is not None,
    )


@bp.route("/<int:action_id>/join", methods=["GET", "POST"])
@member_required(roles.REPRESENTATIVE)
@passphrase_attempts
def join(action_id: int):
    from ..signing import operations as signing

    action = _action(action_id)
    form = JoinForm()
    form.organisation_id.choices = [(o.id, o.name) for o in queries.my_organisations(current_user)]
    status = 200
    if form.validate_on_submit():
        try:
            signature = operations.join(action, current_user, form.organisation_id.data, form.passphrase.data)
        except OperationError as error:
            db.session.rollback()
            attach_error(form, error)
            status = 401 if error.field == "passphrase" else error.status
        else:
            db.session.commit()
            flash(_("Signed. Anyone can now verify this signature."), "success")
            return redirect(url_for("public_actions.signature", signature_id=signature.id))
    elif form.is_submitted():
        status = 422
    return render_template(
        "actions/join.html", action=action, form=form, version=action.current_version,
        body_html=render_markdown(action.current_version.body), has_key=signing.key_for(current_user) is not None,
    ), status


@bp.post("/<int:action_id>/signatures/<int:signature_id>/withdraw")
@member_required(roles.REPRESENTATIVE)
def withdraw(action_id: int, signature_id: int):
    action = _action(action_id)
    signature = next((s for s in action.signatures if s.id == signature_id), None)
    if signature is None:
        abort(404)
    form = WithdrawForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for withdrawing."), "error")
        return redirect(url_for("actions.show", action_id=action.id))
    try:
        operations.withdraw(action, current_user, signature, form.reason.data)
    except OperationError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("actions.show", action_id=action.id))
    db.session.commit()
    flash(_("The endorsement is withdrawn, publicly and dated."), "success")
    return redirect(url_for("actions.show", action_id=action.id))


@bp.post("/<int:action_id>/upgrade")
@member_required(*MANAGERS)
def upgrade(action_id: int):
    action = _action(action_id)
    form = ActionForm()
    _tender_choices(form)
    target = action.policy.upgrade_to
    needs_tender = target is not None and policies.policy_for(target).has_tender
    if not form.is_submitted() or (needs_tender and not form.validate()):
        return render_template("actions/upgrade.html", action=action, form=form, needs_tender=needs_tender,
                               target=policies.POLICIES.get(target)), 422 if form.is_submitted() else 200
    try:
        upgraded = operations.upgrade(action, current_user, _tender_data(form) if needs_tender else None)
    except OperationError as error:
        db.session.rollback()
        attach_error(form, error)
        return render_template("actions/upgrade.html", action=action, form=form, needs_tender=needs_tender,
                               target=policies.POLICIES.get(target)), error.status
    db.session.commit()
    flash(_("The upgraded action is created as a draft; the earlier signatories are invited to sign its text."), "success")
    return redirect(url_for("actions.show", action_id=upgraded.id))


@bp.get("/<int:action_id>/upgrade")
@member_required(*MANAGERS)
def upgrade_form(action_id: int):
    action = _action(action_id)
    target = action.policy.upgrade_to
    if target is None:
        abort(404)
    form = ActionForm()
    _tender_choices(form)
    return render_template("actions/upgrade.html", action=action, form=form,
                           needs_tender=policies.policy_for(target).has_tender, target=policies.POLICIES[target])


@bp.get("/<int:action_id>/versions/<int:number>")
@member_required()
def version(action_id: int, number: int):
    action = _action(action_id)
    return _version_page(action, number, public=False)


def _version_page(action, number, public):
    versions = {v.number: v for v in action.versions}
    if number not in versions:
        abort(404)
    current, previous = versions[number], versions.get(number - 1)
    return render_template(
        "actions/version.html", action=action, version=current, previous=previous,
        body_html=render_markdown(current.body), diff=diff_lines(previous.body, current.body) if previous else None,
        public=public, role_labels=policies.PARTY_ROLE_LABELS,
    )
