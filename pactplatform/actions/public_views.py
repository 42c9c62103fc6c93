"""Public pages of collective actions (no login): the action, its versions, verification."""
from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _

from ..orgs import passport
from ..web.forms import page_number
from . import policies, queries, verification
from .forms import UploadForm
from .models import STATUSES
from .text import render_markdown

bp = Blueprint("public_actions", __name__)

passport.register_section("actions/_passport.html", queries.signatures_of_organisation_id)


@bp.app_template_global("party_role_label")
def party_role_label(role: str) -> str:
    return str(policies.PARTY_ROLE_LABELS.get(role, role))

MAX_UPLOAD = 10 * 1024 * 1024


def _public(action_id: int):
    action = queries.public_action(action_id)
    if action is None:
        abort(404)
    return action


@bp.get("/actions/")
def index():
    kind = request.args.get("kind") if request.args.get("kind") in policies.POLICIES else None
    status = request.args.get("status") if request.args.get("status") in STATUSES else None
    page = page_number()
    actions, total = queries.public_actions(kind, status, page, 20)
    return render_template("actions/public_index.html", actions=actions, total=total, page=page, kind=kind,
                           status=status, policies=policies.POLICIES)


@bp.get("/actions/<int:action_id>")
def show(action_id: int):
    action = _public(action_id)
    return render_template(
        "actions/public_show.html", action=action, tenant=None, action_tenant=queries.tenant_of(action),
        policy=action.policy, role_labels=policies.PARTY_ROLE_LABELS,
        body_html=render_markdown(action.current_version.body),
    )


@bp.get("/actions/<int:action_id>/versions/<int:number>")
def version(action_id: int, number: int):
    from .views import _version_page

    return _version_page(_public(action_id), number, public=True)


@bp.route("/verify/actions/<int:action_id>", methods=["GET", "POST"])
def verify_action(action_id: int):
    action = _public(action_id)
    form = UploadForm()
    results, error, status = None, None, 200
    if form.validate_on_submit():
        upload = request.files.get("document")
        data = upload.read(MAX_UPLOAD + 1) if upload else b""
        if not data:
            error, status = _("Choose the PDF file to check."), 422
        elif len(data) > MAX_UPLOAD or not data.startswith(b"%PDF-"):
            error, status = _("This is not a PDF of at most 10 MB."), 422
        else:
            try:
                results = _match(action, verification.check_pdf(data))
            except Exception:  # a malformed PDF is the uploader's problem, not a server error
                error, status = _("This PDF could not be read."), 422
    return render_template(
        "actions/verify.html", action=action, checks={s.id: verification.check_signature(s) for s in action.signatures},
        role_labels=policies.PARTY_ROLE_LABELS, form=form, results=results, error=error,
    ), status


def _match(action, embedded: list[dict]) -> list[dict]:
    """Pair each embedded signature with the platform's record of it, by certificate."""
    by_certificate = {}
    for signature in action.signatures:
        by_certificate.setdefault(signature.certificate_pem.strip(), signature)
    for result in embedded:
        result["record"] = by_certificate.get(result["certificate_pem"].strip())
    return embedded


@bp.get("/verify/signatures/<int:signature_id>")
def signature(signature_id: int):
    record = queries.public_signature(signature_id)
    if record is None:
        abort(404)
    return render_template(
        "actions/signature.html", signature=record, action=record.action, checks=verification.check_signature(record),
        role_labels=policies.PARTY_ROLE_LABELS, subject=verification.certificate_subject(record.certificate_pem),
    )
