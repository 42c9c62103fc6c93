"""Tenant pages of collective actions: create, edit the text, add parties and monitors, move the
lifecycle, sign. Each view parses input, calls one operation, commits once, renders."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError, OperationalError

from ..errors import Conflict, OperationError
from ..extensions import db
from ..orgs.models import PUBLIC_BODY
from ..signing.limits import passphrase_attempts
from ..tenancy import roles
from ..tenancy.forms import ConfirmForm
from ..web.forms import attach_error, choices
from ..web.tenant import current_roles, member_required
from . import gates, operations, policies, queries
from .forms import (
    ActionForm, DocumentForm, JoinForm, JustificationForm, MonitorForm, PartyForm, RemovePartyForm, SignForm,
    StatusForm, SubcontractorForm, WithdrawForm,
)
from .text import diff_lines, render_markdown

bp = Blueprint("actions", __name__, url_prefix="/t/<tenant_slug>/actions")

MANAGERS = (roles.ADMIN, roles.OFFICER)


def _action(action_id: int):
    action = queries.tenant_action(action_id, current_user, current_roles())
    if action is None:
        abort(404)
    return action


def _tender_choices(form: ActionForm) -> None:
    form.tender_procuring_entity_id.choices = choices(
        (o.id, o.name) for o in queries.organisations() if o.kind == PUBLIC_BODY
    )


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


def attempt(operation):
    """Run one operation; return (result, None) or (None, the error), the session rolled back on error.

    A unique constraint that fires despite the operation's lock (a race it did not foresee) is a conflict
    with a message, never a 500."""
    try:
        return operation(), None
    except OperationError as error:
        db.session.rollback()
        return None, error
    except IntegrityError:
        db.session.rollback()
        return None, Conflict(_l("Someone else changed this action at the same moment. Nothing was saved; "
                                 "reload the page and try again."))
    except OperationalError as error:
        # SQLite only: the write lock was not free within the busy timeout. Anything else is a real fault.
        if "database is locked" not in str(error.orig):
            raise
        db.session.rollback()
        return None, Conflict(_l("The platform is busy with other changes to this action. Nothing was saved; "
                                 "try again in a moment."))


@bp.get("/")
@member_required()
def index():
    actions = queries.tenant_actions(current_user, current_roles())
    return render_template("actions/index.html", actions=actions, policies=policies.POLICIES,
                           signatories=queries.signatory_counts([a.id for a in actions]),
                           can_manage=bool(current_roles() & set(MANAGERS)))


@bp.route("/new", methods=["GET", "POST"])
@member_required(*MANAGERS)
def new():
    kind = request.args.get("kind", "")
    if kind not in policies.POLICIES:
        return render_template("actions/choose_kind.html", policies=policies.POLICIES)
    policy = policies.policy_for(kind)
    form = ActionForm(has_tender=policy.has_tender)
    _tender_choices(form)
    if form.validate_on_submit():
        action, error = attempt(lambda: operations.create_action(
            g.tenant, current_user, kind, form.title.data, form.summary.data, _sections(form, policy),
            form.starts_on.data, form.ends_on.data, _tender_data(form) if policy.has_tender else None,
        ))
        if error is not None:
            attach_error(form, error)
            return render_template("actions/new.html", form=form, policy=policy), error.status
        db.session.commit()
        flash(_("The draft is created. Review its text, add the parties, then open it for signing."), "success")
        return redirect(url_for("actions.show", action_id=action.id))
    status = 422 if form.is_submitted() else 200
    return render_template("actions/new.html", form=form, policy=policy), status


PLACEHOLDER = ("", _l("Choose an organisation"))


def _option(organisation, decision) -> tuple:
    label = organisation.name
    if decision is not None and decision.warnings:
        label += " ⚠ " + ", ".join(o.basis.label for o in decision.warnings if o.basis) or label
    return organisation.id, label


def _party_choices(action, party_form, sub_form) -> dict:
    """Who can still be added: not a party yet (every role of a pact conflicts with a subcontractor, and one
    organisation holds a role once), and not refused by the gates. Nothing is preselected."""
    candidates = queries.party_candidates(action)
    adding = gates.evaluate_many(action, [o.id for o in candidates], gates.ADD_PARTY)
    admissible = [o for o in candidates if adding[o.id].allowed]
    party_form.organisation_id.choices = choices([PLACEHOLDER] + [_option(o, adding[o.id]) for o in admissible])
    if policies.SUBCONTRACTOR in action.policy.party_roles:
        # A subcontractor signs the pact: a firm the gates would refuse at signing is no choice either.
        signing = gates.evaluate_many(action, [o.id for o in admissible], gates.SIGN)
        sub_form.organisation_id.choices = choices([PLACEHOLDER] + [
            _option(o, adding[o.id]) for o in admissible if signing[o.id].allowed])
    return {o.id: adding[o.id] for o in admissible if adding[o.id].warnings}


def _justification_choices(action, form, decisions) -> None:
    pending = [p.organisation for p in action.parties if decisions[p.organisation_id].pending]
    others = []
    if action.policy.self_joining:
        taken = {p.organisation_id for p in action.parties}
        others = [o for o in queries.organisations() if o.id not in taken]
    form.organisation_id.choices = choices([PLACEHOLDER] + [(o.id, o.name) for o in pending + others])


def _page(action, status=200, **forms):
    mine = current_roles()
    can_manage = bool(mine & set(MANAGERS))
    party_form = forms.get("party_form") or PartyForm()
    party_form.role.choices = choices(
        (r, policies.PARTY_ROLE_LABELS[r]) for r in action.policy.party_roles if r != policies.SUBCONTRACTOR
    )
    sub_form = forms.get("sub_form") or SubcontractorForm()
    my_parties = queries.my_parties(current_user, action)
    adding_warnings = {}
    if action.status in ("draft", "open") and (can_manage or any(p.role == policies.BIDDER for p in my_parties)):
        adding_warnings = _party_choices(action, party_form, sub_form)
    monitor_form = forms.get("monitor_form") or MonitorForm()
    monitor_form.user_id.choices = choices((u.id, u.name) for u in queries.members_with_role(roles.MONITOR))
    current = action.current_version
    document_form = forms.get("document_form") or DocumentForm(body=current.body, base_version=current.number)
    # Eligibility of every party for signing, and of the user's own organisations for joining.
    decisions = gates.evaluate_many(action, [p.organisation_id for p in action.parties], gates.SIGN)
    joinable = []
    if action.policy.self_joining and roles.REPRESENTATIVE in mine:
        organisations = queries.my_organisations(current_user)
        joining = gates.evaluate_many(action, [o.id for o in organisations], gates.JOIN)
        joinable = [(o, joining[o.id]) for o in organisations]
    justification_form = forms.get("justification_form") or JustificationForm()
    _justification_choices(action, justification_form, decisions)
    in_force, amendment = queries.version_in_force(action), queries.pending_amendment(action)
    shown = in_force or current
    return render_template(
        "actions/show.html", action=action, policy=action.policy, role_labels=policies.PARTY_ROLE_LABELS,
        body_html=render_markdown(shown.body), shown_version=shown, in_force=in_force, amendment=amendment,
        amendment_diff=diff_lines(in_force.body, amendment.body, context=2) if amendment else None,
        can_manage=can_manage, is_admin=roles.ADMIN in mine, decisions=decisions, joinable=joinable,
        adding_warnings=adding_warnings, removable={p.id for p in action.parties
                                                    if not p.signatures and operations.may_remove(action, current_user, p)},
        my_parties=my_parties, party_form=party_form, monitor_form=monitor_form,
        sub_form=sub_form, document_form=document_form, status_form=forms.get("status_form") or StatusForm(),
        remove_form=forms.get("remove_form") or RemovePartyForm(), justification_form=justification_form,
        withdraw_form=forms.get("withdraw_form") or WithdrawForm(),
        # Forms shown once per row: only the row that was submitted shows what was typed and its messages.
        blank_remove_form=RemovePartyForm(formdata=None), blank_withdraw_form=WithdrawForm(formdata=None),
        justification_checks={j.id: operations.check_justification(j) for j in action.justifications},
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
    result, error = attempt(operation)
    if error is not None:
        attach_error(form, error)
        return _page(_action(action.id), error.status, **{form_name: form})
    db.session.commit()
    flash(success, "success")
    admission = getattr(result, "admission", None)
    for warning in admission.warnings if admission else ():
        flash(str(warning.reason), "warning")
    return redirect(url_for("actions.show", action_id=action.id))


@bp.post("/<int:action_id>/document")
@member_required(*MANAGERS)
def revise(action_id: int):
    action = _action(action_id)
    form = DocumentForm()
    return _run(action, "document_form", form,
                lambda: operations.revise_document(action, current_user, form.body.data, form.note.data or "",
                                                   form.base_version.data),
                _("A new version of the text is saved."))


@bp.post("/<int:action_id>/parties")
@member_required(*MANAGERS)
def add_party(action_id: int):
    action = _action(action_id)
    form = PartyForm()
    form.role.choices = choices((r, r) for r in action.policy.party_roles)
    form.organisation_id.choices = []
    return _run(action, "party_form", form,
                lambda: operations.add_party(action, current_user, form.organisation_id.data, form.role.data),
                _("The party is added."))


@bp.post("/<int:action_id>/parties/<int:party_id>/remove")
@member_required(*MANAGERS, roles.REPRESENTATIVE)
def remove_party(action_id: int, party_id: int):
    action = _action(action_id)
    if not any(p.id == party_id for p in action.parties):
        abort(404)
    form = RemovePartyForm()
    return _run(action, "remove_form", form,
                lambda: operations.remove_party(action, current_user, party_id, form.reason.data),
                _("The party is removed; the removal and its reason are on record."))


@bp.post("/<int:action_id>/justifications")
@member_required(*MANAGERS)
@passphrase_attempts
def justify(action_id: int):
    action = _action(action_id)
    form = JustificationForm()
    form.organisation_id.choices = []
    if not form.validate_on_submit():
        return _page(action, 422, justification_form=form)
    recorded, error = attempt(lambda: operations.record_justification(
        action, current_user, form.organisation_id.data, form.text.data, form.passphrase.data))
    if error is not None:
        attach_error(form, error)
        return _page(_action(action.id), 401 if error.field == "passphrase" else error.status,
                     justification_form=form)
    db.session.commit()
    flash(_("The justification is recorded, signed and logged."), "success")
    return redirect(url_for("actions.show", action_id=action.id))


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
    return _run(action, "status_form", form,
                lambda: operations.change_status(action, current_user, form.target.data, form.reason.data or ""),
                _("The status is changed."))


def _refusal_status(error: OperationError) -> int:
    """A refusal to sign: 409 when it is already done, 404 when there is nothing to sign, else 403."""
    return error.status if error.status in (404, 409) else 403


def _signing_status(error: OperationError) -> int:
    """A failed signature: 401 for a wrong passphrase, 403 when the gates refuse, else the error's own."""
    if error.field == "passphrase":
        return 401
    return 403 if isinstance(error, operations.Ineligible) else error.status


@bp.route("/<int:action_id>/sign/<int:party_id>", methods=["GET", "POST"])
@member_required(roles.REPRESENTATIVE, roles.OFFICER)
@passphrase_attempts
def sign(action_id: int, party_id: int):
    action = _action(action_id)
    party = next((p for p in action.parties if p.id == party_id), None)
    if party is None:
        abort(404)
    form = SignForm()
    decision, refusal = attempt(lambda: operations.check_can_sign(action, current_user, party))
    if refusal is not None:
        action = _action(action_id)
        party = next(p for p in action.parties if p.id == party_id)
        return _sign_page(action, party, form, refusal, None), _refusal_status(refusal)
    if form.validate_on_submit():
        signature, error = attempt(lambda: operations.sign(action, current_user, party, form.passphrase.data,
                                                           form.version.data))
        if error is not None:
            attach_error(form, error)
            action = _action(action_id)
            party = next((p for p in action.parties if p.id == party_id), None)
            if party is None:
                abort(404)
            return _sign_page(action, party, form, None, None), _signing_status(error)
        db.session.commit()
        flash(_("Signed. Anyone can now verify this signature."), "success")
        return redirect(url_for("public_actions.signature", signature_id=signature.id))
    return _sign_page(action, party, form, None, decision), 422 if form.is_submitted() else 200


def _sign_page(action, party, form, refusal, decision):
    from ..signing import operations as signing

    version = action.current_version
    if not form.is_submitted():
        form.version.data = version.number
    return render_template(
        "actions/sign.html", action=action, party=party, form=form, refusal=refusal, decision=decision,
        version=version, body_html=render_markdown(version.body),
        role_labels=policies.PARTY_ROLE_LABELS, has_key=signing.key_for(current_user) is not None,
    )


@bp.route("/<int:action_id>/join", methods=["GET", "POST"])
@member_required(roles.REPRESENTATIVE)
@passphrase_attempts
def join(action_id: int):
    from ..signing import operations as signing

    action = _action(action_id)
    form = JoinForm()
    organisations = queries.my_organisations(current_user)
    decisions = gates.evaluate_many(action, [o.id for o in organisations], gates.JOIN)
    # Only organisations the gates let join are offered; the others are listed with the reason.
    form.organisation_id.choices = choices((o.id, o.name) for o in organisations if decisions[o.id].allowed)
    status = 200
    if form.validate_on_submit():
        signature, error = attempt(lambda: operations.join(action, current_user, form.organisation_id.data,
                                                           form.passphrase.data, form.version.data))
        if error is None:
            db.session.commit()
            flash(_("Signed. Anyone can now verify this signature."), "success")
            return redirect(url_for("public_actions.signature", signature_id=signature.id))
        attach_error(form, error)
        status = _signing_status(error)
        action = _action(action_id)
    elif form.is_submitted():
        status = 403 if not form.organisation_id.choices else 422
    version = action.current_version
    if not form.is_submitted():
        form.version.data = version.number
    return render_template(
        "actions/join.html", action=action, form=form, version=version, body_html=render_markdown(version.body),
        has_key=signing.key_for(current_user) is not None, organisations=organisations, decisions=decisions,
    ), status


@bp.post("/<int:action_id>/signatures/<int:signature_id>/withdraw")
@member_required(roles.REPRESENTATIVE)
def withdraw(action_id: int, signature_id: int):
    action = _action(action_id)
    signature = next((s for s in action.signatures if s.id == signature_id), None)
    if signature is None:
        abort(404)
    form = WithdrawForm()
    return _run(action, "withdraw_form", form,
                lambda: operations.withdraw(action, current_user, signature, form.reason.data),
                _("The endorsement is withdrawn, publicly and dated."))


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
    upgraded, error = attempt(lambda: operations.upgrade(action, current_user,
                                                          _tender_data(form) if needs_tender else None))
    if error is not None:
        attach_error(form, error)
        action = _action(action_id)
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
