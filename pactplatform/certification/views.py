"""Tenant pages of certification: schemes (templates, drafts, publishing), applications (declaration,
self-assessment with evidence, audit, decision) and certificates (decrees), and the benefits setting.
Thin views: parse, one operation, commit once, render or redirect."""
from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..actions import queries as action_queries
from ..actions.policies import CERTIFIED_COALITION
from ..errors import OperationError
from ..extensions import db
from ..monitoring import clock
from ..monitoring import evidence as evidence_checks
from ..orgs import passport
from ..signing import operations as signing
from ..signing.limits import passphrase_attempts
from ..tenancy import roles
from ..web.forms import attach_error, choices
from ..web.tenant import current_roles, member_required
from . import benefits  # noqa: F401  (registers the certification benefits gate)
from . import operations, queries, scoring
from .forms import (
    AnswersForm, AssignForm, BenefitsForm, ChangesForm, DeclareForm, DecideForm, DecreeForm, DraftForm, NewSchemeForm,
    PlainForm, RecommendForm, SignOnlyForm,
)
from .models import (
    APPLICANT, APPLICATION_STATUS_LABELS, AUDITOR, CERTIFICATE_STATUS_LABELS, RECOMMENDED, Certificate, localised,
)
from .schemes import KIND_LABELS
from .status import status_of

bp = Blueprint("certification", __name__, url_prefix="/t/<tenant_slug>/certification")

passport.register_section("certification/_passport.html", queries.organisation_certificates)


def _fail_status(error: OperationError) -> int:
    return 401 if error.field == "passphrase" else error.status


def _labels() -> dict:
    return {"application_labels": APPLICATION_STATUS_LABELS, "certificate_labels": CERTIFICATE_STATUS_LABELS,
            "kind_labels": KIND_LABELS, "localised": localised, "shown": scoring.shown}


@bp.get("/")
@member_required()
def index():
    mine = current_roles()
    return render_template(
        "certification/index.html", schemes=queries.schemes(), applications=queries.visible_applications(current_user),
        certificates=queries.tenant_certificates() if roles.ADMIN in mine else [], is_admin=roles.ADMIN in mine,
        new_form=_new_scheme_form(), today=clock.today(), effective=operations.effective_status, **_labels())


def _new_scheme_form(form=None):
    form = form or NewSchemeForm()
    coalitions = [a for a in action_queries.tenant_actions(current_user, current_roles())
                  if a.kind == CERTIFIED_COALITION]
    form.action_id.choices = choices([("", _("None"))] + [(a.id, a.title) for a in coalitions])
    return form


@bp.post("/schemes")
@member_required(roles.ADMIN)
def create_scheme():
    form = _new_scheme_form()
    if not form.validate_on_submit():
        return index_with(form, 422)
    try:
        scheme = operations.create_scheme(g.tenant, current_user, form.template.data, form.name.data,
                                          form.action_id.data)
    except OperationError as error:
        db.session.rollback()
        attach_error(form, error)
        return index_with(form, error.status)
    db.session.commit()
    flash(_("The scheme is created as a draft: adjust it if needed, then publish it."), "success")
    return redirect(url_for("certification.scheme", scheme_id=scheme.id))


def index_with(form, status):
    mine = current_roles()
    return render_template(
        "certification/index.html", schemes=queries.schemes(), applications=queries.visible_applications(current_user),
        certificates=queries.tenant_certificates() if roles.ADMIN in mine else [], is_admin=roles.ADMIN in mine,
        new_form=form, today=clock.today(), effective=operations.effective_status, **_labels()), status


def _scheme(scheme_id: int):
    found = queries.scheme(scheme_id)
    if found is None:
        abort(404)
    return found


def _scheme_page(scheme, status=200, draft_form=None):
    draft = scheme.draft
    if draft_form is None and draft is not None:
        draft_form = DraftForm(data={"definition": draft.definition_json, "note": draft.note})
    mine = current_roles()
    return render_template("certification/scheme.html", scheme=scheme, draft_form=draft_form, plain=PlainForm(),
                           is_admin=roles.ADMIN in mine, can_declare=roles.REPRESENTATIVE in mine,
                           **_labels()), status


@bp.get("/schemes/<int:scheme_id>")
@member_required()
def scheme(scheme_id: int):
    return _scheme_page(_scheme(scheme_id))


def _scheme_run(scheme, operation, success, form=None, form_name="draft_form"):
    try:
        operation()
    except OperationError as error:
        db.session.rollback()
        form = form or DraftForm()
        attach_error(form, error)
        return _scheme_page(_scheme(scheme.id), error.status, draft_form=form)
    db.session.commit()
    flash(success, "success")
    return redirect(url_for("certification.scheme", scheme_id=scheme.id))


@bp.post("/schemes/<int:scheme_id>/draft")
@member_required(roles.ADMIN)
def save_draft(scheme_id: int):
    scheme = _scheme(scheme_id)
    form = DraftForm()
    if not form.validate_on_submit():
        return _scheme_page(scheme, 422, draft_form=form)
    return _scheme_run(scheme, lambda: operations.save_draft(scheme, current_user, form.definition.data,
                                                             form.note.data), _("The draft is saved."), form)


@bp.post("/schemes/<int:scheme_id>/publish")
@member_required(roles.ADMIN)
def publish(scheme_id: int):
    scheme = _scheme(scheme_id)
    if not PlainForm().validate_on_submit():
        return _scheme_page(scheme, 422)
    return _scheme_run(scheme, lambda: operations.publish(scheme, current_user),
                       _("The version is published; it can no longer change."))


@bp.post("/schemes/<int:scheme_id>/versions")
@member_required(roles.ADMIN)
def new_version(scheme_id: int):
    scheme = _scheme(scheme_id)
    if not PlainForm().validate_on_submit():
        return _scheme_page(scheme, 422)
    return _scheme_run(scheme, lambda: operations.new_version(scheme, current_user),
                       _("A new draft version is open."))


# --- declaration -----------------------------------------------------------------------------------------

def _declare_form(scheme, form=None):
    form = form or DeclareForm()
    organisations = action_queries.my_organisations(current_user)
    form.organisation_id.choices = choices([("", "—")] + [(o.id, o.name) for o in organisations])
    mine = queries.organisation_ids_certificates([o.id for o in organisations], scheme.id)
    form.renews_certificate_id.choices = choices([("", _("None (a first certification)"))]
                                                 + [(c.id, c.number) for c in mine])
    return form


@bp.route("/schemes/<int:scheme_id>/declare", methods=["GET", "POST"])
@member_required(roles.REPRESENTATIVE)
@passphrase_attempts
def declare(scheme_id: int):
    scheme = _scheme(scheme_id)
    if scheme.published is None:
        abort(404)
    form = _declare_form(scheme)
    context = {"scheme": scheme, "has_key": signing.key_for(current_user) is not None, **_labels()}
    if form.validate_on_submit():
        try:
            application = operations.declare(
                g.tenant, current_user, scheme, form.organisation_id.data, form.passphrase.data,
                small_firm=form.small_firm.data, scope=form.scope.data, region=form.region.data,
                renews_certificate_id=form.renews_certificate_id.data)
        except OperationError as error:
            db.session.rollback()
            attach_error(form, error)
            return render_template("certification/declare.html", form=form, **context), _fail_status(error)
        db.session.commit()
        flash(_("Your declaration of intent is signed. Answer the self-assessment before %(day)s.",
                day=application.deadline.isoformat()), "success")
        return redirect(url_for("certification.application", application_id=application.id))
    status = 422 if form.is_submitted() else 200
    return render_template("certification/declare.html", form=form, **context), status


# --- applications ------------------------------------------------------------------------------------------

def _application(application_id: int):
    found = queries.visible_application(current_user, application_id)
    if found is None:
        abort(404)
    return found


def _application_page(application, status=200, errors: dict | None = None, posted: dict | None = None, **forms):
    mine = current_roles()
    today = clock.today()
    definition = application.scheme_version.definition
    applicant_result = scoring.score(definition, application.answers_of(APPLICANT), application.small_firm,
                                     operations.held_levels(application, today))
    audit_result = operations.audit_result(application, today)
    assignment = next((a for a in application.auditors if a.user_id == current_user.id), None)
    decide_form = forms.get("decide_form") or DecideForm()
    decide_form.level.choices = choices([(lv["code"], localised(lv["label"])) for lv in definition["levels"]])
    assign_form = forms.get("assign_form") or AssignForm()
    assign_form.user_id.choices = choices([("", "—")] + [(u.id, u.name) for u in queries.auditors()])
    certificate = db.session.scalar(db.select(Certificate).where(Certificate.application_id == application.id))
    return render_template(
        "certification/application.html", application=application, definition=definition,
        current=operations.effective_status(application, today), today=today,
        applicant_result=applicant_result, audit_result=audit_result,
        applicant_answers=application.answers_of(APPLICANT), audit_answers=application.answers_of(AUDITOR),
        applicant_notes=application.notes_of(APPLICANT), audit_notes=application.notes_of(AUDITOR),
        evidence_by_code=_evidence_by_code(application), errors=errors or {}, posted=posted or {},
        is_admin=roles.ADMIN in mine, is_applicant=operations._is_representative(current_user, application),
        assignment=assignment, certificate=certificate,
        answers_form=forms.get("answers_form") or AnswersForm(), plain=PlainForm(), assign_form=assign_form,
        coi_form=forms.get("coi_form") or SignOnlyForm(), changes_form=forms.get("changes_form") or ChangesForm(),
        recommend_form=forms.get("recommend_form") or RecommendForm(), decide_form=decide_form,
        has_key=signing.key_for(current_user) is not None, check_signed=operations.check_signed,
        choices=scoring.CHOICES, **_labels()), status


def _evidence_by_code(application) -> dict:
    found: dict = {}
    for link in application.evidence_links:
        found.setdefault(link.criterion_code, []).append(link)
    return found


@bp.get("/applications/<int:application_id>")
@member_required()
def application(application_id: int):
    return _application_page(_application(application_id))


def _posted_answers(application) -> tuple[dict, dict, dict]:
    answers, notes, files = {}, {}, {}
    for criterion in operations.applicable(application):
        code = criterion["code"]
        answers[code] = request.form.get(f"answer_{code}", "")[:64]
        notes[code] = request.form.get(f"note_{code}", "")
        uploads = []
        for upload in request.files.getlist(f"evidence_{code}"):
            if upload and (upload.filename or upload.content_length):
                uploads.append((upload.filename or "", upload.stream.read(evidence_checks.MAX_EVIDENCE_BYTES + 1)))
        if uploads:
            files[code] = uploads
    return answers, notes, files


def _answers_run(application, operation, success):
    form = AnswersForm()
    answers, notes, files = _posted_answers(application)
    posted = {"answers": answers, "notes": notes}
    if not form.validate_on_submit():
        return _application_page(application, 422, posted=posted, answers_form=form)
    try:
        operation(answers, notes, files)
    except OperationError as error:
        db.session.rollback()
        errors = {error.field: str(error.message)} if error.field else {}
        if not error.field:
            form.form_errors.append(str(error.message))
        return _application_page(_application(application.id), error.status, errors=errors, posted=posted,
                                 answers_form=form)
    db.session.commit()
    flash(success, "success")
    return redirect(url_for("certification.application", application_id=application.id))


@bp.post("/applications/<int:application_id>/self-assessment")
@member_required(roles.REPRESENTATIVE)
def self_assess(application_id: int):
    application = _application(application_id)
    return _answers_run(application, lambda a, n, f: operations.self_assess(application, current_user, a, n, f),
                        _("Your answers are saved."))


@bp.post("/applications/<int:application_id>/audit")
@member_required(roles.AUDITOR)
def audit(application_id: int):
    application = _application(application_id)
    return _answers_run(application, lambda a, n, f: operations.audit(application, current_user, a, n),
                        _("Your scores and findings are saved."))


def _run(application, form_name, form, operation, success):
    if not form.validate_on_submit():
        return _application_page(application, 422, **{form_name: form})
    try:
        operation()
    except OperationError as error:
        db.session.rollback()
        attach_error(form, error)
        return _application_page(_application(application.id), _fail_status(error), **{form_name: form})
    db.session.commit()
    flash(success, "success")
    return redirect(url_for("certification.application", application_id=application.id))


@bp.post("/applications/<int:application_id>/submit")
@member_required(roles.REPRESENTATIVE)
def submit(application_id: int):
    application = _application(application_id)
    return _run(application, "answers_form", AnswersForm(), lambda: operations.submit(application, current_user),
                _("The application is submitted for audit."))


@bp.post("/applications/<int:application_id>/auditors")
@member_required(roles.ADMIN)
def assign(application_id: int):
    application = _application(application_id)
    form = AssignForm()
    form.user_id.choices = choices([(u.id, u.name) for u in queries.auditors()])
    return _run(application, "assign_form", form,
                lambda: operations.assign_auditor(g.tenant, current_user, application, form.user_id.data),
                _("The auditor is assigned."))


@bp.post("/applications/<int:application_id>/no-conflict")
@member_required(roles.AUDITOR)
@passphrase_attempts
def no_conflict(application_id: int):
    application = _application(application_id)
    form = SignOnlyForm()
    return _run(application, "coi_form", form,
                lambda: operations.sign_no_conflict(application, current_user, form.passphrase.data),
                _("Your no-conflict-of-interest statement is signed."))


@bp.post("/applications/<int:application_id>/changes")
@member_required(roles.AUDITOR)
def request_changes(application_id: int):
    application = _application(application_id)
    form = ChangesForm()
    return _run(application, "changes_form", form,
                lambda: operations.request_changes(application, current_user, form.reason.data, form.due_on.data),
                _("The changes are requested from the applicant."))


@bp.post("/applications/<int:application_id>/recommend")
@member_required(roles.AUDITOR)
@passphrase_attempts
def recommend(application_id: int):
    application = _application(application_id)
    form = RecommendForm()
    return _run(application, "recommend_form", form,
                lambda: operations.recommend(application, current_user, form.recommendation.data, form.passphrase.data),
                _("Your recommendation is signed."))


@bp.post("/applications/<int:application_id>/decide")
@member_required(roles.ADMIN)
@passphrase_attempts
def decide(application_id: int):
    application = _application(application_id)
    form = DecideForm()
    if application.status != RECOMMENDED and form.validate_on_submit():
        form.form_errors.append(_("Only a recommended application can be decided."))
        return _application_page(application, 409, decide_form=form)
    return _run(application, "decide_form", form,
                lambda: operations.decide(g.tenant, current_user, application, form.outcome.data == "grant",
                                          form.level.data, form.reasons.data, form.passphrase.data),
                _("The decision is signed."))


@bp.get("/applications/<int:application_id>/evidence/<int:link_id>")
@member_required()
def evidence(application_id: int, link_id: int):
    application = _application(application_id)
    link = queries.evidence_of(application, link_id)
    if link is None:
        abort(404)
    item = link.evidence
    response = Response(item.content, mimetype=item.content_type)
    from urllib.parse import quote

    fallback = item.filename.encode("ascii", "ignore").decode("ascii").replace('"', "") or "evidence"
    response.headers["Content-Disposition"] = (f"attachment; filename=\"{fallback}\"; "
                                               f"filename*=UTF-8''{quote(item.filename)}")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- certificates -------------------------------------------------------------------------------------------

def _certificate(certificate_id: int):
    found = db.session.get(Certificate, certificate_id)
    if found is None or found.tenant_id != g.tenant.id:
        abort(404)
    return found


def _certificate_page(certificate, status=200, form=None):
    return render_template("certification/certificate.html", certificate=certificate,
                           current=status_of(certificate, clock.today()), form=form or DecreeForm(),
                           check_signed=operations.check_signed, **_labels()), status


@bp.get("/certificates/<int:certificate_id>")
@member_required(roles.ADMIN)
def certificate(certificate_id: int):
    return _certificate_page(_certificate(certificate_id))


@bp.post("/certificates/<int:certificate_id>/decree")
@member_required(roles.ADMIN)
@passphrase_attempts
def decree(certificate_id: int):
    certificate = _certificate(certificate_id)
    form = DecreeForm()
    if not form.validate_on_submit():
        return _certificate_page(certificate, 422, form)
    try:
        operations.decree(g.tenant, current_user, certificate, form.kind.data, form.reason.data, form.passphrase.data,
                          until=form.until.data)
    except OperationError as error:
        db.session.rollback()
        attach_error(form, error)
        return _certificate_page(_certificate(certificate_id), _fail_status(error), form)
    db.session.commit()
    flash(_("The decree is signed and logged."), "success")
    return redirect(url_for("certification.certificate", certificate_id=certificate_id))


# --- benefits -------------------------------------------------------------------------------------------------

def _benefits_page(form=None, status=200):
    setting = queries.benefit_setting()
    published = queries.published_schemes()
    form = form or BenefitsForm()
    form.scheme_id.choices = choices([("", "—")] + [(s.id, s.name) for s in published])
    form.min_level.choices = choices([(lv["code"], f"{s.name}: {localised(lv['label'])}") for s in published
                                      for lv in s.published.definition["levels"]])
    return render_template("certification/benefits.html", form=form, plain=PlainForm(),
                           rules=setting.rules if setting else [], schemes={s.id: s for s in published},
                           **_labels()), status


@bp.get("/benefits")
@member_required(roles.ADMIN)
def benefits_settings():
    return _benefits_page()


def _save_benefits(rules: list[dict], form, success: str):
    try:
        operations.set_benefits(g.tenant, current_user, rules)
    except OperationError as error:
        db.session.rollback()
        attach_error(form, error)
        return _benefits_page(form if isinstance(form, BenefitsForm) else None, error.status)
    db.session.commit()
    flash(success, "success")
    return redirect(url_for("certification.benefits_settings"))


@bp.post("/benefits")
@member_required(roles.ADMIN)
def add_benefit():
    form = BenefitsForm()
    _benefits_page(form)  # fills the choices
    if not form.validate_on_submit():
        return _benefits_page(form, 422)
    setting = queries.benefit_setting()
    chosen = [name for name in ("waive_justification", "badge") if getattr(form, name).data]
    rule = {"scheme_id": form.scheme_id.data, "min_level": form.min_level.data, "benefits": chosen}
    return _save_benefits((setting.rules if setting else []) + [rule], form, _("The benefit is saved."))


@bp.post("/benefits/<int:index>/remove")
@member_required(roles.ADMIN)
def remove_benefit(index: int):
    form = PlainForm()
    setting = queries.benefit_setting()
    rules = setting.rules if setting else []
    if not form.validate_on_submit() or index >= len(rules):
        abort(404 if form.validate_on_submit() else 400)
    return _save_benefits(rules[:index] + rules[index + 1:], form, _("The benefit is removed."))
