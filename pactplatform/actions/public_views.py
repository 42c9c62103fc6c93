"""Public pages of collective actions (no login): the action, its versions, verification."""
from flask import Blueprint, abort, render_template, request

from ..errors import OperationError
from ..orgs import passport
from ..signing.limits import pdf_checks
from ..signing.pdf_check import MAX_PDF_BYTES
from ..ledger import queries as ledger_queries
from ..web import downloads, keyset
from ..web.forms import attach_error
from . import gates, policies, queries, verification
from .forms import UploadForm
from .models import STATUSES
from .text import diff_lines, render_markdown

bp = Blueprint("public_actions", __name__)

passport.register_section("actions/_passport.html", queries.signatures_of_organisation_id)


@bp.app_template_global("party_role_label")
def party_role_label(role: str) -> str:
    return str(policies.PARTY_ROLE_LABELS.get(role, role))


def _public(action_id: int):
    action = queries.public_action(action_id)
    if action is None:
        abort(404)
    return action


def _filter():
    kind = request.args.get("kind") if request.args.get("kind") in policies.POLICIES else None
    status = request.args.get("status") if request.args.get("status") in STATUSES else None
    return kind, status, request.args.get("q", "")[:200].strip()


@bp.get("/actions/")
def index():
    kind, status, q = _filter()
    try:
        actions, after = queries.public_actions_page(kind, status, q, request.args.get("after"), 20)
    except keyset.BadCursor:
        abort(400)
    return render_template("actions/public_index.html", actions=actions, after=after, kind=kind, q=q,
                           status=status, policies=policies.POLICIES,
                           signatories=queries.signatory_counts([a.id for a in actions], public=True))


DOWNLOAD_COLUMNS = ["id", "title", "kind", "status", "tenant", "signatories", "starts_on", "ends_on", "url"]


def download_rows(kind: str | None = None, status: str | None = None, q: str = ""):
    """Each action of the filter with its number of signatories, newest first, a keyset batch at a time."""
    for batch in queries.all_public_actions(kind, status, q):
        counts = queries.signatory_counts([a.id for a in batch], public=True)
        tenants = queries.tenants_by_id(a.tenant_id for a in batch)
        for a in batch:
            yield {"id": a.id, "title": a.title, "kind": a.kind, "status": a.status,
                   "tenant": tenants[a.tenant_id].name, "signatories": counts.get(a.id, 0),
                   "starts_on": a.starts_on, "ends_on": a.ends_on, "url": f"/actions/{a.id}"}


@bp.get("/actions/export.<any(csv, jsonl):fmt>")
def download(fmt: str):
    """The current filter as CSV or JSON Lines."""
    return downloads.stream("actions", fmt, DOWNLOAD_COLUMNS, download_rows(*_filter()),
                            str(ledger_queries.tree_size()), from_log=True)


@bp.get("/actions/<int:action_id>")
def show(action_id: int):
    """The version in force (never an unsigned edit), a pending amendment beside it, and who may not sign
    and why (public reasons only, e.g. a sanction in force)."""
    action = _public(action_id)
    in_force, amendment = queries.version_in_force(action), queries.pending_amendment(action)
    shown = in_force or action.current_version
    decisions = gates.evaluate_many(action, [p.organisation_id for p in action.parties], gates.SIGN)
    return render_template(
        "actions/public_show.html", action=action, tenant=None, action_tenant=queries.tenant_of(action),
        policy=action.policy, role_labels=policies.PARTY_ROLE_LABELS, shown_version=shown, in_force=in_force,
        amendment=amendment, amendment_diff=diff_lines(in_force.body, amendment.body, context=2) if amendment else None,
        body_html=render_markdown(shown.body), decisions={i: d.public() for i, d in decisions.items()},
    )


@bp.get("/actions/<int:action_id>/versions/<int:number>")
def version(action_id: int, number: int):
    from .views import _version_page

    return _version_page(_public(action_id), number, public=True)


@bp.route("/verify/actions/<int:action_id>", methods=["GET", "POST"])
@pdf_checks
def verify_action(action_id: int):
    action = _public(action_id)
    form = UploadForm()
    result, status = None, 200
    if form.validate_on_submit():
        upload = form.document.data
        try:
            result = verification.check_upload(action, upload.read(MAX_PDF_BYTES + 1) if upload else None)
        except OperationError as error:
            attach_error(form, error)
            status = error.status
    return render_template(
        "actions/verify.html", action=action, checks={s.id: verification.check_signature(s) for s in action.signatures},
        role_labels=policies.PARTY_ROLE_LABELS, form=form, result=result,
    ), status


@bp.get("/verify/signatures/<int:signature_id>")
def signature(signature_id: int):
    record = queries.public_signature(signature_id)
    if record is None:
        abort(404)
    return render_template(
        "actions/signature.html", signature=record, action=record.action, checks=verification.check_signature(record),
        role_labels=policies.PARTY_ROLE_LABELS, subject=verification.certificate_subject(record.certificate_pem),
    )
