"""Every write on certification. Each takes the tenant (or a record in it), the actor and the data;
validates everything before writing anything; flushes; writes the transparency-log entries of what it
changed; never commits (DESIGN.md §2).

Who may do what (CERTIFICATION.md, "States and rules"):

| move | who |
|---|---|
| create a scheme from a template, edit its draft, publish, start a new version | tenant admin |
| declare (starts the clock; signed) | a representative of the organisation (firm or public work unit) |
| self-assess (answers, evidence), submit, answer a change request | a representative of the applicant |
| assign auditors | tenant admin; never someone who represents the applicant |
| sign the no-conflict statement, score, write findings, request changes, recommend (signed) | an assigned auditor |
| decide: grant with a level or refuse with reasons (signed; granting issues the certificate) | tenant admin, not one of its auditors |
| suspend, lift, withdraw a certificate (signed decrees) | tenant admin |
"""
import calendar
import json
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..accounts.models import User
from ..actions import operations as action_operations
from ..actions.models import CollectiveAction, Signature
from ..errors import Conflict, Forbidden, OperationError
from ..extensions import db
from ..ledger import canonical
from ..ledger import records as ledger_records
from ..ledger.operations import append as log_event
from ..monitoring import clock
from ..monitoring import operations as evidence_store
from ..orgs.models import Organisation
from ..signing import operations as signing
from ..tenancy import queries as tenancy_queries
from ..tenancy import roles as tenant_roles
from ..tenancy.models import Tenant
from ..validation import required_text
from . import schemes as scheme_data
from . import scoring
from .models import (
    APPLICANT, AUDITOR, CHANGES_REQUESTED, DECLARED, DECREE_KINDS, DRAFT, GRANTED, LAPSED, LIFT, OPEN_STATUSES,
    PUBLISHED, RECOMMENDED, REFUSED, SELF_ASSESSED, SUBMITTED, SUSPEND, UNDER_AUDIT, WITHDRAWN,
    Answer, Application, ApplicationEvent, AuditorAssignment, BenefitSetting, Certificate, CertificateDecree,
    EvidenceLink, Scheme, SchemeVersion,
)
from .status import open_suspension, status_of

KIND_ORGANISATION = {scheme_data.COALITION: "firm", scheme_data.ZONA_INTEGRITAS: "public_body"}
MAX_NOTE = 5000


# --- helpers -----------------------------------------------------------------------------------------

def _roles(actor: User) -> set[str]:
    return set(tenancy_queries.roles_of(actor.id))


def _require(actor: User, role: str) -> None:
    if role not in _roles(actor):
        raise Forbidden(_l("Your role in this tenant does not allow this."))


def _unlock(actor: User, passphrase: str):
    key = signing.key_for(actor)
    if key is None:
        raise OperationError(_l("Set up your signing key first."), field="passphrase")
    return key, signing.unlock(key, passphrase)


def _signed(actor: User, passphrase: str, what: str, content: dict, moment: datetime,
            unlocked=None) -> tuple[str, bytes, str, object]:
    """(payload, signature, certificate PEM, private key): canonical JSON signed with the actor's key."""
    key, private_key = unlocked or _unlock(actor, passphrase)
    payload = canonical.dumps({what: {**content, "signer": {"id": actor.id, "name": actor.name},
                                      "time": canonical.iso_utc(moment)}})
    return payload, signing.sign_payload(private_key, payload.encode("utf-8")), key.certificate_pem, private_key


def _event(application: Application, actor: User | None, event: str, to_status: str, moment: datetime,
           reason: str = "", signed: tuple | None = None, first: bool = False) -> ApplicationEvent:
    record = ApplicationEvent(
        tenant_id=application.tenant_id, application=application, event=event,
        from_status=None if first else application.status, to_status=to_status, actor_id=actor.id if actor else None, at=moment,
        reason=reason, payload=signed[0] if signed else None, signature=signed[1] if signed else None,
        certificate_pem=signed[2] if signed else None)
    application.status = to_status
    application.updated_at = moment
    db.session.add(record)
    db.session.flush()
    log_event(f"certification_application.{event}", application, tenant_id=application.tenant_id)
    log_event("certification_event.created", record, tenant_id=application.tenant_id)
    return record


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def effective_status(application: Application, today: date | None = None) -> str:
    """Stored status, except that a declaration not submitted by its deadline has lapsed (read time)."""
    today = today or clock.today()
    if application.status in (DECLARED, SELF_ASSESSED) and today > application.deadline:
        return LAPSED
    return application.status


def _parse_definition(text: str) -> dict:
    try:
        # Numbers with a fraction are read as strings: canonical JSON (and scores) never hold a float.
        definition = json.loads(text or "", parse_float=str)
    except (ValueError, RecursionError):
        raise OperationError(_l("The definition is not valid JSON."), field="definition") from None
    if not isinstance(definition, dict):
        raise OperationError(_l("The definition must be a JSON object."), field="definition")
    return definition


def _store_definition(version: SchemeVersion, definition: dict) -> None:
    version.definition_json = json.dumps(definition, ensure_ascii=False, indent=1, sort_keys=False)
    version.sha256 = ledger_records.content_sha256(definition)


# --- schemes -------------------------------------------------------------------------------------------

def create_scheme(tenant: Tenant, actor: User, template: str, name: str | None = None,
                  action_id: int | None = None, now: datetime | None = None) -> Scheme:
    """One click: the template becomes the scheme's first version, a draft the admin may adjust and publish."""
    _require(actor, tenant_roles.ADMIN)
    if template not in scheme_data.TEMPLATES:
        raise OperationError(_l("Choose one of the templates."), field="template")
    definition = scheme_data.load_template(template)
    name = required_text(name or definition["name"].get("id"), "name", 300)
    if action_id is not None:
        action = db.session.get(CollectiveAction, action_id)
        if action is None or action.tenant_id != tenant.id or not action.policy.certification:
            raise OperationError(_l("Choose a certified coalition of this tenant."), field="action_id")
    moment = clock.moment(now)
    scheme = Scheme(tenant_id=tenant.id, name=name, kind=definition["kind"], template=template, action_id=action_id,
                    created_by_id=actor.id, created_at=moment)
    db.session.add(scheme)
    db.session.flush()
    log_event("certification_scheme.created", scheme, tenant_id=tenant.id)
    version = SchemeVersion(tenant_id=tenant.id, scheme=scheme, number=1, status=DRAFT, created_by_id=actor.id,
                            created_at=moment, note="")
    _store_definition(version, definition)
    db.session.add(version)
    db.session.flush()
    log_event("certification_scheme_version.drafted", version, tenant_id=tenant.id)
    return scheme


def save_draft(scheme: Scheme, actor: User, text: str, note: str = "", now: datetime | None = None) -> SchemeVersion:
    """Replace the draft's definition (JSON). A published version is never changed: start a new draft."""
    _require(actor, tenant_roles.ADMIN)
    version = scheme.draft
    if version is None:
        raise Conflict(_l("This scheme has no draft; start a new version first."))
    definition = _parse_definition(text)
    if definition.get("kind") != scheme.kind:
        raise OperationError(_l("A version keeps its scheme's kind."), field="definition")
    _store_definition(version, definition)
    version.note = (note or "").strip()[:MAX_NOTE]
    db.session.flush()
    log_event("certification_scheme_version.edited", version, tenant_id=scheme.tenant_id)
    return version


def publish(scheme: Scheme, actor: User, now: datetime | None = None) -> SchemeVersion:
    _require(actor, tenant_roles.ADMIN)
    version = scheme.draft
    if version is None:
        raise Conflict(_l("This scheme has no draft to publish."))
    problems = scheme_data.validate(version.definition)
    if problems:
        raise OperationError(_l("The draft cannot be published: %(problems)s",
                                problems=" ".join(str(p) for p in problems)), field="definition")
    moment = clock.moment(now)
    version.status = PUBLISHED
    version.published_by_id = actor.id
    version.published_at = moment
    db.session.flush()
    log_event("certification_scheme_version.published", version, tenant_id=scheme.tenant_id)
    return version


def new_version(scheme: Scheme, actor: User, now: datetime | None = None) -> SchemeVersion:
    """A change to a published scheme is a new version: a draft copied from the latest published one."""
    _require(actor, tenant_roles.ADMIN)
    if scheme.draft is not None:
        raise Conflict(_l("This scheme already has a draft."))
    latest = scheme.published
    moment = clock.moment(now)
    version = SchemeVersion(tenant_id=scheme.tenant_id, scheme=scheme, number=len(scheme.versions) + 1,
                            status=DRAFT, created_by_id=actor.id, created_at=moment, note="")
    _store_definition(version, latest.definition if latest else scheme_data.load_template(scheme.template))
    db.session.add(version)
    db.session.flush()
    log_event("certification_scheme_version.drafted", version, tenant_id=scheme.tenant_id)
    db.session.expire(scheme, ["versions"])
    return version


# --- declaration ---------------------------------------------------------------------------------------

def _deadline(definition: dict, today: date) -> date:
    if definition.get("declaration_deadline_months"):
        return add_months(today, definition["declaration_deadline_months"])
    month, day = (int(x) for x in definition.get("proposal_deadline", "05-31").split("-"))
    this_year = date(today.year, month, day)
    return this_year if this_year >= today else date(today.year + 1, month, day)


def _renewable(certificate: Certificate, definition: dict, today: date) -> bool:
    opens = add_months(certificate.expires_on, -definition["renewal_window_months"])
    return opens <= today < certificate.expires_on


def declare(tenant: Tenant, actor: User, scheme: Scheme, organisation_id: int, passphrase: str,
            small_firm: bool = False, scope: str = "", region: str = "", renews_certificate_id: int | None = None,
            now: datetime | None = None) -> Application:
    """The organisation's representative (the unit head, for a public work unit) signs the declaration of
    intent; for a coalition scheme, joining the coalition is that declaration (and its signature)."""
    _require(actor, tenant_roles.REPRESENTATIVE)
    version = scheme.published
    if version is None:
        raise Conflict(_l("This scheme has no published version yet."))
    organisation = db.session.get(Organisation, organisation_id or 0)
    if organisation is None or not action_operations.represents(actor, organisation.id):
        raise OperationError(_l("Choose an organisation you represent."), field="organisation_id")
    if organisation.kind != KIND_ORGANISATION[scheme.kind]:
        raise OperationError(_l("This scheme certifies firms only.") if scheme.kind == scheme_data.COALITION
                             else _l("This scheme is for public work units only."), field="organisation_id")
    today = clock.today() if now is None else now.date()
    running = db.session.scalars(select(Application).where(
        Application.organisation_id == organisation.id, Application.status.in_(OPEN_STATUSES),
        Application.scheme_version_id.in_([v.id for v in scheme.versions]))).all()
    if any(effective_status(a, today) != LAPSED for a in running):
        raise Conflict(_l("%(name)s already has an application under this scheme.", name=organisation.name),
                       field="organisation_id")
    definition = version.definition
    renews = None
    if renews_certificate_id is not None:
        renews = db.session.get(Certificate, renews_certificate_id)
        if renews is None or renews.organisation_id != organisation.id or renews.scheme_id != scheme.id:
            raise OperationError(_l("Choose a certificate of this organisation under this scheme."),
                                 field="renews_certificate_id")
        if not _renewable(renews, version.definition, today):
            raise Conflict(_l("Renewal opens %(months)d months before the certificate expires.",
                              months=definition["renewal_window_months"]), field="renews_certificate_id")
    scope, region = (scope or "").strip(), (region or "").strip()
    if len(scope) > MAX_NOTE:
        raise OperationError(_l("Use at most %(max)d characters.", max=MAX_NOTE), field="scope")
    if len(region) > 100:
        raise OperationError(_l("Use at most %(max)d characters.", max=100), field="region")
    moment = clock.moment(now)
    join_signature = None
    if scheme.action_id is not None:
        action = db.session.get(CollectiveAction, scheme.action_id)
        join_signature = db.session.scalar(select(Signature).where(
            Signature.action_id == action.id, Signature.organisation_id == organisation.id,
            Signature.withdrawn_at.is_(None)).order_by(Signature.id.desc()))
        if join_signature is None:
            join_signature = action_operations.join(action, actor, organisation.id, passphrase)
        else:
            _unlock(actor, passphrase)  # the passphrase is still the act of intent
    signed = None
    application = Application(
        tenant_id=tenant.id, scheme_version_id=version.id, organisation_id=organisation.id, status=DECLARED,
        small_firm=bool(small_firm) and scheme.kind == scheme_data.COALITION, scope=scope, region=region,
        declared_by_id=actor.id,
        declared_at=moment, deadline=_deadline(definition, today),
        join_signature_id=join_signature.id if join_signature else None,
        renews_certificate_id=renews.id if renews else None, updated_at=moment)
    db.session.add(application)
    db.session.flush()
    if scheme.action_id is None:
        signed = _signed(actor, passphrase, "certification_declaration", {
            "scheme": {"id": scheme.id, "name": scheme.name, "version": version.number, "sha256": version.sha256},
            "organisation": {"id": organisation.id, "name": organisation.name}, "application": application.id,
            "tenant": tenant.id}, moment)
    _event(application, actor, "declared", DECLARED, moment, signed=signed[:3] if signed else None, first=True)
    return application


# --- self-assessment and audit answers -------------------------------------------------------------------

def _is_representative(actor: User, application: Application) -> bool:
    return tenant_roles.REPRESENTATIVE in _roles(actor) and action_operations.represents(actor, application.organisation_id)


def applicable(application: Application) -> list[dict]:
    return [c for _, c in scoring.criteria(application.scheme_version.definition, application.small_firm)]


def _clean_answers(application: Application, answers: dict[str, str], notes: dict[str, str]) -> dict[str, tuple]:
    """Every answer checked before anything is written: code -> (normalised value or None, note)."""
    known = {c["code"]: c for c in applicable(application)}
    cleaned = {}
    for code, raw in answers.items():
        criterion = known.get(code)
        if criterion is None:
            raise OperationError(_l("%(code)s is not a criterion of this application.", code=code))
        raw = "" if raw is None else str(raw).strip()
        note = (notes.get(code) or "").strip()
        if len(note) > MAX_NOTE:
            raise OperationError(_l("Use at most %(max)d characters.", max=MAX_NOTE), field=f"note_{code}")
        if raw == "":
            cleaned[code] = (None, note)
            continue
        try:
            cleaned[code] = (scoring.normalise(criterion, raw), note)
        except scoring.BadAnswer:
            raise OperationError(_answer_message(criterion), field=f"answer_{code}") from None
    return cleaned


def _answer_message(criterion: dict):
    kind, code = criterion["type"], criterion["code"]
    if kind == scoring.PERCENT:
        return _l("The answer to %(code)s must be a percentage from 0 to 100.", code=code)
    if kind == scoring.SCALE:
        return _l("The answer to %(code)s must be a number from %(min)s to %(max)s.", code=code,
                  min=criterion["min"], max=criterion["max"])
    return _l("The answer to %(code)s must be one of: %(choices)s.", code=code,
              choices=", ".join(scoring.CHOICES[kind]))


def _write_answers(application: Application, actor: User, side: str, cleaned: dict[str, tuple],
                   moment: datetime) -> None:
    existing = {a.criterion_code: a for a in application.answers if a.side == side}
    changed = []
    for code, (value, note) in cleaned.items():
        row = existing.get(code)
        if value is None and not note:
            if row is not None:
                log_event("certification_answer.removed", row, tenant_id=application.tenant_id, removed=True)
                db.session.delete(row)
            continue
        if row is not None and row.value == (value or "") and row.note == note:
            continue
        if row is None:
            row = Answer(tenant_id=application.tenant_id, application=application, side=side, criterion_code=code)
            db.session.add(row)
        row.value, row.note, row.answered_by_id, row.answered_at = value or "", note, actor.id, moment
        changed.append(row)
    db.session.flush()  # once for the whole form: then one log entry per answer that changed
    for row in changed:
        log_event(f"certification_answer.{side}", row, tenant_id=application.tenant_id)
    db.session.expire(application, ["answers"])


def _attach_files(application: Application, actor: User, files: dict[str, list[tuple[str, bytes]]],
                  moment: datetime) -> None:
    known = {c["code"] for c in applicable(application)}
    prepared = {}
    for code, items in files.items():
        if code not in known:
            raise OperationError(_l("%(code)s is not a criterion of this application.", code=code))
        checked = evidence_store.prepare_files(items)
        if checked:
            prepared[code] = checked
    for code, checked in prepared.items():
        for item in evidence_store.store_files(application.tenant_id, actor, checked, now=moment):
            link = EvidenceLink(tenant_id=application.tenant_id, application=application, criterion_code=code,
                                evidence_id=item.id)
            db.session.add(link)
            db.session.flush()
            log_event("certification_evidence.added", link, tenant_id=application.tenant_id)
    db.session.expire(application, ["evidence_links"])


def self_assess(application: Application, actor: User, answers: dict[str, str], notes: dict[str, str] | None = None,
                files: dict[str, list[tuple[str, bytes]]] | None = None, now: datetime | None = None) -> Application:
    """The applicant's answers and evidence; the score is computed live from them. Declared becomes
    self-assessed once every criterion that applies has an answer."""
    if not _is_representative(actor, application):
        raise Forbidden(_l("Only a representative of the applicant can answer the self-assessment."))
    today = clock.today() if now is None else now.date()
    status = effective_status(application, today)
    if status not in (DECLARED, SELF_ASSESSED, CHANGES_REQUESTED):
        raise Conflict(_l("The self-assessment cannot be changed while the application is %(status)s.",
                          status=_status_label(status)))
    cleaned = _clean_answers(application, answers, notes or {})
    moment = clock.moment(now)
    _attach_files(application, actor, files or {}, moment)
    _write_answers(application, actor, APPLICANT, cleaned, moment)
    if application.status == DECLARED and not scoring.score(
            application.scheme_version.definition, application.answers_of(APPLICANT), application.small_firm).missing:
        _event(application, actor, "self_assessed", SELF_ASSESSED, moment)
    return application


def _status_label(status: str) -> str:
    from .models import APPLICATION_STATUS_LABELS

    return str(APPLICATION_STATUS_LABELS[status])


def submit(application: Application, actor: User, now: datetime | None = None) -> Application:
    """Send the self-assessment to audit (or back to the auditors after a change request)."""
    if not _is_representative(actor, application):
        raise Forbidden(_l("Only a representative of the applicant can submit."))
    today = clock.today() if now is None else now.date()
    status = effective_status(application, today)
    if status == LAPSED:
        raise Conflict(_l("The declaration lapsed on %(day)s: nothing was submitted by its deadline.",
                          day=application.deadline.isoformat()))
    if status not in (DECLARED, SELF_ASSESSED, CHANGES_REQUESTED):
        raise Conflict(_l("Only a self-assessed application can be submitted."))
    result = scoring.score(application.scheme_version.definition, application.answers_of(APPLICANT),
                           application.small_firm)
    if result.missing_mandatory:
        raise OperationError(_l("Answer every mandatory criterion first: %(codes)s.",
                                codes=", ".join(result.missing_mandatory)))
    if result.missing:
        raise OperationError(_l("Answer every criterion first: %(codes)s.", codes=", ".join(result.missing)))
    moment = clock.moment(now)
    if status == CHANGES_REQUESTED:
        application.changes_due_on = None
        return _event(application, actor, "resubmitted", UNDER_AUDIT, moment).application
    if status == DECLARED:
        _event(application, actor, "self_assessed", SELF_ASSESSED, moment)
    _event(application, actor, "submitted", SUBMITTED, moment)
    return application


# --- audit ------------------------------------------------------------------------------------------------

def _assignment(application: Application, user: User) -> AuditorAssignment | None:
    return next((a for a in application.auditors if a.user_id == user.id), None)


def _conflicted(user: User, application: Application) -> bool:
    """The applicant's own people (its representatives) cannot audit it."""
    return action_operations.represents(user, application.organisation_id)


def assign_auditor(tenant: Tenant, actor: User, application: Application, user_id: int,
                   now: datetime | None = None) -> AuditorAssignment:
    _require(actor, tenant_roles.ADMIN)
    user = tenancy_queries.member_user(user_id or 0)
    if user is None or tenant_roles.AUDITOR not in _roles(user):
        raise OperationError(_l("Choose a member with the auditor role."), field="user_id")
    if _conflicted(user, application):
        raise Conflict(_l("%(name)s represents the applicant and cannot audit it.", name=user.name), field="user_id")
    if _assignment(application, user) is not None:
        raise Conflict(_l("%(name)s is already assigned.", name=user.name), field="user_id")
    if application.status not in (SUBMITTED, UNDER_AUDIT, CHANGES_REQUESTED):
        raise Conflict(_l("Auditors are assigned once the application is submitted."))
    moment = clock.moment(now)
    assignment = AuditorAssignment(tenant_id=tenant.id, application=application, user_id=user.id,
                                   assigned_by_id=actor.id, assigned_at=moment)
    db.session.add(assignment)
    db.session.flush()
    log_event("certification_auditor.assigned", assignment, tenant_id=tenant.id)
    if application.status == SUBMITTED:
        _event(application, actor, "audit_started", UNDER_AUDIT, moment, reason=user.name)
    db.session.expire(application, ["auditors"])
    return assignment


def sign_no_conflict(application: Application, actor: User, passphrase: str,
                     now: datetime | None = None) -> AuditorAssignment:
    assignment = _assignment(application, actor)
    if assignment is None or tenant_roles.AUDITOR not in _roles(actor):
        raise Forbidden(_l("Only an auditor assigned to this application can do this."))
    if _conflicted(actor, application):
        raise Conflict(_l("You represent the applicant: you have a conflict of interest and cannot audit it."))
    if assignment.coi_signed_at is not None:
        raise Conflict(_l("You already signed your statement for this application."))
    moment = clock.moment(now)
    payload, signature, pem, _ = _signed(actor, passphrase, "no_conflict_of_interest", {
        "statement": "I have no conflict of interest with the applicant of this application.",
        "application": application.id, "organisation": {"id": application.organisation_id,
                                                        "name": application.organisation.name},
        "tenant": application.tenant_id}, moment)
    assignment.coi_signed_at, assignment.coi_payload = moment, payload
    assignment.coi_signature, assignment.coi_certificate_pem = signature, pem
    db.session.flush()
    log_event("certification_auditor.no_conflict_signed", assignment, tenant_id=application.tenant_id)
    return assignment


def _auditor_ready(application: Application, actor: User) -> AuditorAssignment:
    assignment = _assignment(application, actor)
    if assignment is None or tenant_roles.AUDITOR not in _roles(actor):
        raise Forbidden(_l("Only an auditor assigned to this application can do this."))
    if _conflicted(actor, application):
        raise Conflict(_l("You represent the applicant: you have a conflict of interest and cannot audit it."))
    if assignment.coi_signed_at is None:
        raise Conflict(_l("Sign your no-conflict-of-interest statement first."))
    return assignment


def audit(application: Application, actor: User, answers: dict[str, str], findings: dict[str, str] | None = None,
          now: datetime | None = None) -> Application:
    """The auditor's score and findings per criterion (these decide, not the applicant's)."""
    _auditor_ready(application, actor)
    if application.status != UNDER_AUDIT:
        raise Conflict(_l("Scores can be entered only while the application is under audit."))
    cleaned = _clean_answers(application, answers, findings or {})
    _write_answers(application, actor, AUDITOR, cleaned, clock.moment(now))
    return application


def request_changes(application: Application, actor: User, reason: str, due_on: date | None,
                    now: datetime | None = None) -> Application:
    _auditor_ready(application, actor)
    if application.status != UNDER_AUDIT:
        raise Conflict(_l("Changes can be requested only while the application is under audit."))
    reason = required_text(reason, "reason")
    today = clock.today() if now is None else now.date()
    if not isinstance(due_on, date) or due_on <= today:
        raise OperationError(_l("Give a deadline after today."), field="due_on")
    application.changes_due_on = due_on
    _event(application, actor, "changes_requested", CHANGES_REQUESTED, clock.moment(now), reason=reason)
    return application


def held_levels(application: Application, today: date) -> set[str]:
    """Levels the applicant holds now under this scheme (a valid certificate): WBBM needs a prior WBK."""
    scheme_id = application.scheme_version.scheme_id
    held = db.session.scalars(select(Certificate).where(
        Certificate.organisation_id == application.organisation_id, Certificate.scheme_id == scheme_id)).all()
    return {c.level for c in held if status_of(c, today).code not in (WITHDRAWN,) and today < c.expires_on}


def audit_result(application: Application, today: date | None = None) -> scoring.Result:
    today = today or clock.today()
    return scoring.score(application.scheme_version.definition, application.answers_of(AUDITOR),
                         application.small_firm, held_levels(application, today))


def recommend(application: Application, actor: User, reason: str, passphrase: str,
              now: datetime | None = None) -> ApplicationEvent:
    """The auditor signs the recommendation: the level the audit score earns, or refusal when none."""
    _auditor_ready(application, actor)
    if application.status != UNDER_AUDIT:
        raise Conflict(_l("Only an application under audit can be recommended."))
    today = clock.today() if now is None else now.date()
    result = audit_result(application, today)
    if result.missing:
        raise OperationError(_l("Score every criterion first: %(codes)s.", codes=", ".join(result.missing)))
    reason = required_text(reason, "reason")
    moment = clock.moment(now)
    payload, signature, pem, _ = _signed(actor, passphrase, "certification_recommendation", {
        "application": application.id, "organisation": {"id": application.organisation_id,
                                                        "name": application.organisation.name},
        "scheme_version": {"id": application.scheme_version_id, "sha256": application.scheme_version.sha256},
        "answers": application.answers_of(AUDITOR), "total": str(scoring.shown(result.total)),
        "level": result.level, "reason": reason, "tenant": application.tenant_id}, moment)
    return _event(application, actor, "recommended", RECOMMENDED, moment, reason=reason,
                  signed=(payload, signature, pem))


# --- decision and certificates ----------------------------------------------------------------------------

def _next_number(tenant_id: int, prefix: str, year: int) -> str:
    stem = f"{prefix}/{year}/"
    count = db.session.scalar(select(func.count(Certificate.id)).where(
        Certificate.tenant_id == tenant_id, Certificate.number.startswith(stem, autoescape=True)))
    return f"{stem}{count + 1:06d}"


def decide(tenant: Tenant, actor: User, application: Application, grant: bool, level: str | None, reasons: str,
           passphrase: str, now: datetime | None = None) -> ApplicationEvent:
    """The committee's signed decision; granting issues the certificate (and its signed PDF)."""
    _require(actor, tenant_roles.ADMIN)
    if application.status != RECOMMENDED:
        raise Conflict(_l("Only a recommended application can be decided."))
    if _assignment(application, actor) is not None or _conflicted(actor, application):
        raise Conflict(_l("An auditor of this application or a representative of the applicant cannot decide it."))
    today = clock.today() if now is None else now.date()
    result = audit_result(application, today)
    reasons = (reasons or "").strip()
    if len(reasons) > MAX_NOTE:
        raise OperationError(_l("Use at most %(max)d characters.", max=MAX_NOTE), field="reasons")
    definition = application.scheme_version.definition
    if grant:
        if level not in {lv["code"] for lv in definition["levels"]}:
            raise OperationError(_l("Choose the level to grant."), field="level")
        if result.failures.get(level):
            raise OperationError(_l("The audit score does not earn this level."), field="level")
    elif not reasons:
        raise OperationError(_l("A refusal needs its reasons."), field="reasons")
    moment = clock.moment(now)
    unlocked = _unlock(actor, passphrase)
    payload, signature, pem, private_key = _signed(actor, passphrase, "certification_decision", {
        "application": application.id, "organisation": {"id": application.organisation_id,
                                                        "name": application.organisation.name},
        "scheme_version": {"id": application.scheme_version_id, "sha256": application.scheme_version.sha256},
        "decision": GRANTED if grant else REFUSED, "level": level if grant else None,
        "total": str(scoring.shown(result.total)), "reasons": reasons, "tenant": application.tenant_id},
        moment, unlocked=unlocked)
    if grant:
        application.level = level
    event = _event(application, actor, GRANTED if grant else REFUSED, GRANTED if grant else REFUSED, moment,
                   reason=reasons, signed=(payload, signature, pem))
    if grant:
        _issue(tenant, actor, application, event, level, today, unlocked)
    return event


def _issue(tenant: Tenant, actor: User, application: Application, event: ApplicationEvent, level: str, today: date,
           unlocked) -> Certificate:
    from . import pdf as certificate_pdf

    version = application.scheme_version
    definition = version.definition
    level_data = next(lv for lv in definition["levels"] if lv["code"] == level)
    prefix = level_data.get("number_prefix") or definition.get("number_prefix") or "CERT"
    certificate = Certificate(
        tenant_id=tenant.id, number=_next_number(tenant.id, prefix, today.year), application_id=application.id,
        organisation_id=application.organisation_id, scheme_id=version.scheme_id, scheme_version_id=version.id,
        level=level, scope=application.scope, region=application.region, issued_on=today,
        expires_on=add_months(today, definition["validity_months"]),
        renews_id=application.renews_certificate_id, decided_by_id=actor.id, decision_event_id=event.id)
    db.session.add(certificate)
    db.session.flush()
    key, private_key = unlocked
    certificate.pdf = certificate_pdf.signed_pdf(certificate, tenant, actor, key.certificate_pem, private_key)
    import hashlib

    certificate.pdf_sha256 = hashlib.sha256(certificate.pdf).hexdigest()
    db.session.flush()
    log_event("certificate.issued", certificate, tenant_id=tenant.id)
    return certificate


def decree(tenant: Tenant, actor: User, certificate: Certificate, kind: str, reason: str, passphrase: str,
           until: date | None = None, now: datetime | None = None) -> CertificateDecree:
    """Suspend (until a date, or until lifted), lift a suspension, or withdraw: a signed, logged decree."""
    _require(actor, tenant_roles.ADMIN)
    if kind not in DECREE_KINDS:
        raise OperationError(_l("Unknown decree."), field="kind")
    today = clock.today() if now is None else now.date()
    current = status_of(certificate, today)
    if current.code in (WITHDRAWN,) or today >= certificate.expires_on:
        raise Conflict(_l("A withdrawn or expired certificate takes no more decrees."))
    if kind == SUSPEND and open_suspension(certificate, today) is not None:
        raise Conflict(_l("This certificate is already suspended by a decree; lift it first."))
    if kind == LIFT and open_suspension(certificate, today) is None:
        raise Conflict(_l("There is no open suspension decree to lift."))
    if kind == SUSPEND and until is not None and until <= today:
        raise OperationError(_l("Give an end date after today, or none to suspend until lifted."), field="until")
    if kind != SUSPEND:
        until = None
    reason = required_text(reason, "reason")
    moment = clock.moment(now)
    payload, signature, pem, _ = _signed(actor, passphrase, "certificate_decree", {
        "certificate": {"id": certificate.id, "number": certificate.number}, "kind": kind, "reason": reason,
        "effective_on": today.isoformat(), "until": until.isoformat() if until else None,
        "tenant": certificate.tenant_id}, moment)
    record = CertificateDecree(tenant_id=certificate.tenant_id, certificate=certificate, kind=kind, reason=reason,
                               effective_on=today, until=until, actor_id=actor.id, at=moment, payload=payload,
                               signature=signature, certificate_pem=pem)
    db.session.add(record)
    db.session.flush()
    log_event(f"certificate_decree.{kind}", record, tenant_id=certificate.tenant_id)
    db.session.expire(certificate, ["decrees"])
    return record


def check_signed(payload: str | None, signature: bytes | None, certificate_pem: str | None) -> dict:
    """Re-check a stored signature from its public parts, as an outsider would."""
    if not payload or signature is None or not certificate_pem:
        return {"signature_valid": False, "certificate_trusted": False, "ok": False}
    checks = {"signature_valid": signing.verify_payload(certificate_pem, payload.encode("utf-8"), signature),
              "certificate_trusted": signing.verify_chain(certificate_pem)}
    checks["ok"] = all(checks.values())
    return checks


# --- benefits -----------------------------------------------------------------------------------------------

BENEFITS = ("waive_justification", "badge")


def set_benefits(tenant: Tenant, actor: User, rules: list[dict], now: datetime | None = None) -> BenefitSetting:
    """rules: [{"scheme_id": …, "min_level": level code, "benefits": [...]}]; a level counts if it is that one
    or listed above it in the scheme."""
    _require(actor, tenant_roles.ADMIN)
    cleaned = []
    for rule in rules:
        scheme = db.session.get(Scheme, rule.get("scheme_id") or 0)
        if scheme is None or scheme.tenant_id != tenant.id or scheme.published is None:
            raise OperationError(_l("Choose a published scheme of this tenant."), field="scheme_id")
        levels = [lv["code"] for lv in scheme.published.definition["levels"]]
        if rule.get("min_level") not in levels:
            raise OperationError(_l("Choose a level of the scheme."), field="min_level")
        benefits = sorted(set(rule.get("benefits") or []))
        if not benefits or set(benefits) - set(BENEFITS):
            raise OperationError(_l("Choose at least one benefit."), field="benefits")
        cleaned.append({"scheme_id": scheme.id, "min_level": rule["min_level"], "benefits": benefits})
    setting = db.session.scalar(select(BenefitSetting))
    if setting is None:
        setting = BenefitSetting(tenant_id=tenant.id)
        db.session.add(setting)
    setting.rules_json = json.dumps(cleaned, sort_keys=True)
    setting.updated_by_id = actor.id
    setting.updated_at = clock.moment(now)
    db.session.flush()
    log_event("certification_benefits.changed", setting, tenant_id=tenant.id)
    return setting
