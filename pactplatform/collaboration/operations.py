"""Every write of the collaboration layer. Each takes the actor and the data; validates; flushes; writes the
transparency-log entry where the change matters to trust; never commits (DESIGN.md §2).

Logged: charter decisions and their signatures, meeting decisions (and their status). Never logged: the
survey's participations and answers — the public log would tell when an organisation answered."""
import hashlib
import json
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import User
from ..actions.models import CollectiveAction
# The action row's write lock serialises writes that number rows, check for duplicates or grow a signed PDF.
from ..actions.operations import _lock
from ..errors import Conflict, Forbidden, NotFound, OperationError, Problems
from ..extensions import db
from ..ledger.canonical import encode, iso_utc
from ..ledger.operations import append as log_event
from ..monitoring import clock
from ..orgs.models import Organisation
from ..tenancy.models import Tenant
from ..validation import checked_text, required_text
from . import access, statements
from .elements import ELEMENTS, SCORES
from .models import (
    FOLLOW_UP_STATUSES, OPEN, Charter, CharterSignature, FollowUp, Meeting, MeetingAttendance,
    SurveyAnswerSet, SurveyParticipation, SurveyRound, SurveyTemplateVersion,
)

CADENCE_MAX_LENGTH = 200
RULES_MAX_LENGTH = 10000
COORDINATORS_MAX_LENGTH = 5000
AREA_MAX_LENGTH = 200
AGENDA_MAX_LENGTH = 5000
MINUTES_MAX_LENGTH = 50000
DECISION_MAX_LENGTH = 1000
STATEMENT_MAX_LENGTH = 500


def _require_coordinator(actor: User, action: CollectiveAction) -> None:
    if not access.can_coordinate(actor, action):
        raise Forbidden(_l("Only the action's coordinators can do this."))


# --- charter decisions ----------------------------------------------------------------------------------------

def parse_coordinators(text: str, members: list[Organisation], problems: Problems) -> list[dict]:
    """One coordinator a line, "area or region: organisation", the organisation one of the action's members."""
    by_name = {organisation.name.casefold(): organisation for organisation in members}
    coordinators, refused = [], False
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        area, colon, name = line.rpartition(":")
        area, name = area.strip(), name.strip()
        if not colon or not area or not name:
            problems.add(_l("Line %(number)d: write the area or region, a colon, then the member organisation.",
                            number=number), field="coordinators")
            refused = True
            continue
        if len(area) > AREA_MAX_LENGTH:
            problems.add(_l("Line %(number)d: the area is longer than %(max)d characters.", number=number,
                            max=AREA_MAX_LENGTH), field="coordinators")
            refused = True
            continue
        organisation = by_name.get(name.casefold())
        if organisation is None:
            problems.add(_l("Line %(number)d: %(name)s is not a member organisation of this action.",
                            number=number, name=name), field="coordinators")
            refused = True
            continue
        coordinators.append({"area": area, "organisation_id": organisation.id, "organisation": organisation.name})
    if not coordinators and not refused:
        problems.add(_l("Name at least one coordinator."), field="coordinators")
    return coordinators


def charter_body(action: CollectiveAction, number: int, coordinators: list[dict], cadence: str, ground_rules: str,
                 reporting_duty: str, locale: str) -> str:
    with force_locale(locale):
        lines = [f"# {_('Charter decision %(number)s', number=number)}: {action.title}", "",
                 f"## {_('Coordinators')}", ""]
        lines += [f"- {c['area']}: {c['organisation']}" for c in coordinators]
        lines += ["", f"## {_('Meeting cadence')}", "", cadence, "", f"## {_('Ground rules')}", "", ground_rules, "",
                  f"## {_('Reporting duty')}", "", reporting_duty]
    return "\n".join(lines).rstrip() + "\n"


def current_charter(action: CollectiveAction) -> Charter | None:
    return db.session.scalar(select(Charter).where(Charter.action_id == action.id)
                             .order_by(Charter.number.desc()).limit(1))


def adopt_charter(action: CollectiveAction, actor: User, coordinators: str, cadence: str, ground_rules: str,
                  reporting_duty: str) -> Charter:
    """A new charter decision; it supersedes the one in force (which keeps its signatures)."""
    _require_coordinator(actor, action)
    problems = Problems()
    cleaned = {}
    for field, value, limit, multiline in (("cadence", cadence, CADENCE_MAX_LENGTH, False),
                                           ("ground_rules", ground_rules, RULES_MAX_LENGTH, True),
                                           ("reporting_duty", reporting_duty, RULES_MAX_LENGTH, True)):
        try:
            cleaned[field] = required_text(value, field, limit, multiline=multiline)
        except OperationError as error:
            problems.items.extend(error.field_errors)
    try:
        coordinators = checked_text(coordinators, "coordinators", COORDINATORS_MAX_LENGTH)
    except OperationError as error:
        problems.items.extend(error.field_errors)
        coordinators = ""
    chosen = parse_coordinators(coordinators, access.member_organisations(action), problems)
    problems.raise_any()
    _lock(action)
    previous = current_charter(action)
    number = previous.number + 1 if previous else 1
    tenant = db.session.get(Tenant, action.tenant_id)
    body = charter_body(action, number, chosen, cleaned["cadence"], cleaned["ground_rules"],
                        cleaned["reporting_duty"], tenant.default_locale)
    if previous is not None and previous.body.split("\n", 1)[1:] == body.split("\n", 1)[1:]:
        raise OperationError(_l("This decision says what the one in force says."), field="ground_rules")
    charter = Charter(
        tenant_id=action.tenant_id, action_id=action.id, number=number,
        coordinators_json=json.dumps(chosen, ensure_ascii=False, sort_keys=True), cadence=cleaned["cadence"],
        ground_rules=cleaned["ground_rules"], reporting_duty=cleaned["reporting_duty"], body=body,
        sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(), created_by_id=actor.id, created_at=clock.moment(),
    )
    db.session.add(charter)
    db.session.flush()
    log_event("charter.adopted", charter, tenant_id=action.tenant_id)
    return charter


def charter_payload(action: CollectiveAction, charter: Charter, signer: User, moment) -> str:
    return encode({"charter": {
        "action": {"id": action.id, "tenant": action.tenant_id},
        "number": charter.number, "sha256": charter.sha256,
        "signer": {"id": signer.id, "name": signer.name},
        "time": iso_utc(moment),
    }}).decode("utf-8")


def sign_charter(action: CollectiveAction, charter: Charter, actor: User, passphrase: str) -> CharterSignature:
    """A coordinator signs the decision in force: the canonical payload with their key, and a PAdES signature in
    the charter's PDF (the same signing as an action's text)."""
    from ..signing import operations as signing
    from . import pdf

    _require_coordinator(actor, action)
    if charter.action_id != action.id:
        raise NotFound(_l("Unknown charter decision."))
    _lock(action)
    current = current_charter(action)
    if current is None or current.id != charter.id:
        raise Conflict(_l("A later charter decision supersedes this one: sign that one."))
    if any(s.signer_id == actor.id for s in charter.signatures):
        raise Conflict(_l("You have already signed this charter decision."))
    key = signing.key_for(actor)
    if key is None:
        raise OperationError(_l("Set up your signing key first."), field="passphrase")
    private_key = signing.unlock(key, passphrase)
    moment = clock.moment()
    payload = charter_payload(action, charter, actor, moment)
    signature = CharterSignature(
        tenant_id=action.tenant_id, charter=charter, signer_id=actor.id, signed_at=moment, payload=payload,
        signature=signing.sign_payload(private_key, payload.encode("utf-8")), certificate_pem=key.certificate_pem,
    )
    db.session.add(signature)
    db.session.flush()
    log_event("charter.signed", signature, tenant_id=action.tenant_id)
    pdf.add_signature(action, charter, signature, private_key)
    return signature


def check_charter_signature(signature: CharterSignature) -> dict:
    """Re-check a coordinator's signature from its public parts, as an outsider would."""
    from ..signing import operations as signing

    content = json.loads(signature.payload)["charter"]
    checks = {
        "signature_valid": signing.verify_payload(signature.certificate_pem, signature.payload.encode("utf-8"),
                                                  signature.signature),
        "certificate_trusted": signing.verify_chain(signature.certificate_pem),
        "payload_matches": content["sha256"] == signature.charter.sha256
                           and content["number"] == signature.charter.number
                           and content["signer"]["id"] == signature.signer_id,
    }
    checks["ok"] = all(checks.values())
    return checks


# --- meetings, decisions, follow-ups --------------------------------------------------------------------------

def record_meeting(action: CollectiveAction, actor: User, held_on: date | None, agenda: str, minutes: str,
                   attendee_ids: list[int]) -> Meeting:
    _require_coordinator(actor, action)
    problems = Problems()
    if held_on is None:
        problems.add(_l("Give the date of the meeting."), field="held_on")
    elif held_on > clock.today():
        problems.add(_l("A meeting is recorded once it has taken place: the date is in the future."),
                     field="held_on")
    cleaned = {}
    for field, value, limit, needed in (("agenda", agenda, AGENDA_MAX_LENGTH, True),
                                        ("minutes", minutes, MINUTES_MAX_LENGTH, False)):
        try:
            cleaned[field] = (required_text if needed else checked_text)(value, field, limit)
        except OperationError as error:
            problems.items.extend(error.field_errors)
    members = access.member_organisation_ids(action)
    attendees = sorted(set(attendee_ids or []))
    if any(organisation_id not in members for organisation_id in attendees):
        problems.add(_l("Only member organisations of this action can be listed as present."), field="attendees")
    problems.raise_any()
    meeting = Meeting(tenant_id=action.tenant_id, action_id=action.id, held_on=held_on, agenda=cleaned["agenda"],
                      minutes=cleaned["minutes"], created_by_id=actor.id, created_at=clock.moment())
    for organisation_id in attendees:
        meeting.attendance.append(MeetingAttendance(tenant_id=action.tenant_id, organisation_id=organisation_id))
    db.session.add(meeting)
    db.session.flush()
    return meeting


def record_decision(action: CollectiveAction, meeting: Meeting, actor: User, text: str, organisation_id: int | None,
                    due_on: date | None) -> FollowUp:
    """One decision of a meeting, which becomes a follow-up item of the organisation answerable for it."""
    _require_coordinator(actor, action)
    if meeting.action_id != action.id:
        raise NotFound(_l("Unknown meeting."))
    problems = Problems()
    try:
        text = required_text(text, "text", DECISION_MAX_LENGTH)
    except OperationError as error:
        problems.items.extend(error.field_errors)
    if organisation_id not in access.member_organisation_ids(action):
        problems.add(_l("Choose the member organisation that answers for it."), field="organisation_id")
    if due_on is None:
        problems.add(_l("Give the date by which it is due."), field="due_on")
    elif due_on < meeting.held_on:
        problems.add(_l("The due date is before the meeting."), field="due_on")
    problems.raise_any()
    follow_up = FollowUp(tenant_id=action.tenant_id, action_id=action.id, meeting=meeting, text=text,
                         organisation_id=organisation_id, due_on=due_on, status=OPEN, created_by_id=actor.id,
                         created_at=clock.moment())
    db.session.add(follow_up)
    db.session.flush()
    log_event("meeting_decision.recorded", follow_up, tenant_id=action.tenant_id)
    return follow_up


def set_follow_up_status(action: CollectiveAction, follow_up: FollowUp, actor: User, status: str) -> FollowUp:
    """Done or dropped (or open again): by a coordinator, or a representative of the answerable organisation."""
    if follow_up.action_id != action.id:
        raise NotFound(_l("Unknown follow-up."))
    answerable = any(o.id == follow_up.organisation_id for o in access.represented_members(actor, action))
    if not (answerable or access.can_coordinate(actor, action)):
        raise Forbidden(_l("Only a coordinator or the answerable organisation can change this follow-up."))
    if status not in FOLLOW_UP_STATUSES:
        raise OperationError(_l("Choose one of the listed options."), field="status")
    if status == follow_up.status:
        raise Conflict(_l("The follow-up already has this status."), field="status")
    follow_up.status = status
    follow_up.status_changed_by_id = actor.id
    follow_up.status_changed_at = clock.moment()
    db.session.flush()
    log_event("meeting_decision.status_changed", follow_up, tenant_id=action.tenant_id)
    return follow_up


# --- the collaboration-health survey --------------------------------------------------------------------------

def save_statements(tenant: Tenant, actor: User, texts: dict[str, dict[str, str]]) -> SurveyTemplateVersion:
    """A new version of the tenant's wording of the twelve statements (both languages, every element)."""
    if not set(access.COORDINATOR_ROLES) & _roles(tenant, actor):
        raise Forbidden(_l("Only the tenant's administrators and officers can change the statements."))
    problems = Problems()
    cleaned: dict[str, dict[str, str]] = {}
    for element in ELEMENTS:
        cleaned[element] = {}
        for language in statements.LANGUAGES:
            field = f"{element}_{language}"
            try:
                cleaned[element][language] = required_text((texts.get(element) or {}).get(language), field,
                                                           STATEMENT_MAX_LENGTH, multiline=False)
            except OperationError as error:
                problems.items.extend(error.field_errors)
    problems.raise_any()
    if cleaned == statements.current():
        raise OperationError(_l("The statements are unchanged."))
    latest = statements.latest_version()
    version = SurveyTemplateVersion(
        tenant_id=tenant.id, number=latest.number + 1 if latest else 1,
        statements_json=json.dumps(cleaned, ensure_ascii=False, sort_keys=True), created_by_id=actor.id,
        created_at=clock.moment())
    db.session.add(version)
    db.session.flush()
    return version


def _roles(tenant: Tenant, actor: User) -> set[str]:
    from ..tenancy.models import Membership

    return set(db.session.scalars(select(Membership.role).where(
        Membership.tenant_id == tenant.id, Membership.user_id == actor.id)))


def open_round(action: CollectiveAction, actor: User) -> SurveyRound:
    _require_coordinator(actor, action)
    _lock(action)
    rounds = list(db.session.scalars(select(SurveyRound).where(SurveyRound.action_id == action.id)
                                     .order_by(SurveyRound.number)))
    if any(r.is_open for r in rounds):
        raise Conflict(_l("A round is already open: close it first."))
    survey_round = SurveyRound(
        tenant_id=action.tenant_id, action_id=action.id, number=rounds[-1].number + 1 if rounds else 1,
        statements_json=json.dumps(statements.current(), ensure_ascii=False, sort_keys=True),
        opened_by_id=actor.id, opened_at=clock.moment())
    db.session.add(survey_round)
    db.session.flush()
    return survey_round


def close_round(action: CollectiveAction, survey_round: SurveyRound, actor: User) -> SurveyRound:
    _require_coordinator(actor, action)
    if survey_round.action_id != action.id:
        raise NotFound(_l("Unknown survey round."))
    if not survey_round.is_open:
        raise Conflict(_l("This round is already closed."))
    survey_round.closed_at = clock.moment()
    survey_round.closed_by_id = actor.id
    db.session.flush()
    return survey_round


def answer_round(action: CollectiveAction, survey_round: SurveyRound, actor: User, organisation_id: int | None,
                 scores: dict[str, int | None]) -> None:
    """A member organisation's answers, once per round. Two rows in one transaction: that it answered (with the
    organisation) and what it answered (without). Returns nothing that would link them."""
    if survey_round.action_id != action.id:
        raise NotFound(_l("Unknown survey round."))
    if not survey_round.is_open:
        raise Conflict(_l("This round is closed."))
    mine = {o.id: o for o in access.represented_members(actor, action)}
    if not mine:
        raise Forbidden(_l("Only representatives of the action's member organisations answer the survey."))
    problems = Problems()
    if organisation_id not in mine:
        problems.add(_l("Choose one of the member organisations you represent."), field="organisation_id")
    for element in ELEMENTS:
        if scores.get(element) not in SCORES:
            problems.add(_l("Choose a score from 1 to 5."), field=element)
    problems.raise_any()
    _lock(action)
    answered = db.session.scalar(select(SurveyParticipation.id).where(
        SurveyParticipation.round_id == survey_round.id, SurveyParticipation.organisation_id == organisation_id))
    if answered is not None:
        raise Conflict(_l("%(name)s has already answered this round.", name=mine[organisation_id].name),
                       field="organisation_id")
    db.session.add(SurveyParticipation(tenant_id=action.tenant_id, round_id=survey_round.id,
                                       organisation_id=organisation_id))
    db.session.add(SurveyAnswerSet(tenant_id=action.tenant_id, round_id=survey_round.id,
                                   **{element: scores[element] for element in ELEMENTS}))
    db.session.flush()

