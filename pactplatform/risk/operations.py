"""Writes of the risk domain. Never commit: the caller's one transaction holds the change and its log entry."""
import json
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..accounts.models import User
from ..errors import OperationError
from ..extensions import db
from ..ledger.operations import append as log_event
from ..monitoring import clock
from ..procurement import operations as procurement
from ..procurement import queries as procurement_queries
from ..tenancy import queries as tenancy_queries
from ..tenancy import roles as tenant_roles
from ..tenancy.models import Tenant
from ..validation import required_text
from ..orgs.models import Organisation
from . import inputs, methodology, queries, scoring
from .models import AUDIT_FINDING, EVENT_KINDS, MethodologyDraft, MethodologyVersion, QuestionnaireAnswers, RiskEvent, RiskScore


class InvalidMethodology(OperationError):
    """The draft breaks rules of RISK_MODEL.md §4; `problems` names each one's field."""

    def __init__(self, problems: list[methodology.Problem]):
        super().__init__(_l("The methodology cannot be published: %(n)d problems are named below, each next to "
                            "its field.", n=len(problems)))
        self.problems = problems


def _require_admin(actor: User) -> None:
    if tenant_roles.ADMIN not in tenancy_queries.roles_of(actor.id):
        raise OperationError(_l("Your role in this tenant does not allow this."))


def start_draft(tenant: Tenant, actor: User, preset: str | None = None, now: datetime | None = None) -> MethodologyDraft:
    """A draft to edit: from a preset when one is named, else from the version in force (or the default
    preset when there is none yet). Replaces an earlier draft."""
    _require_admin(actor)
    current = queries.current_version(tenant.id)
    if preset:
        if preset not in methodology.preset_names():
            raise OperationError(_l("Choose one of the presets."), field="preset")
        config = methodology.preset(preset)
    elif current is not None:
        config = json.loads(current.config)
    else:
        config = methodology.preset(methodology.DEFAULT_PRESET)
    if current is None:
        # The first version carries the red-flag settings the tenant already uses, not the preset's defaults.
        config["redflag_settings"] = procurement_queries.settings_ini(tenant.id)
    draft = queries.draft()
    if draft is None:
        draft = MethodologyDraft(tenant_id=tenant.id)
        db.session.add(draft)
    draft.config = methodology.dumps(config)
    draft.based_on_id = current.id if current is not None else None
    draft.updated_by_id = actor.id
    draft.updated_at = clock.moment(now)
    db.session.flush()
    return draft


def save_draft(tenant: Tenant, actor: User, config: dict, now: datetime | None = None) -> list[methodology.Problem]:
    """Keep the admin's edits (even with problems: a draft may be unfinished) and say what stands in the
    way of publishing it."""
    _require_admin(actor)
    if not isinstance(config, dict):
        raise OperationError(_l("A methodology is a table of settings."))
    draft = queries.draft() or start_draft(tenant, actor, now=now)
    draft.config = methodology.dumps(config)
    draft.updated_by_id = actor.id
    draft.updated_at = clock.moment(now)
    db.session.flush()
    return methodology.validate(config)


def publish(tenant: Tenant, actor: User, reason: str | None, effective_from: date | None,
            now: datetime | None = None, config: dict | None = None) -> MethodologyVersion:
    """The draft (with `config`, the admin's last edits, when given) becomes the tenant's next version, for
    good: checked against every rule of §4, with the admin's reason and the day it takes effect, and logged
    in the same transaction."""
    _require_admin(actor)
    draft = queries.draft()
    if draft is None:
        raise OperationError(_l("There is no draft to publish: start one first."))
    if config is not None:
        save_draft(tenant, actor, config, now)
    reason = required_text(reason, "reason", 2000)
    if effective_from is None:
        raise OperationError(_l("Give the date the version takes effect."), field="effective_from")
    today = clock.today()
    if effective_from < today:
        raise OperationError(_l("A version takes effect today or later: scores already computed keep the version "
                                "they used."), field="effective_from")
    latest = queries.latest_version(tenant.id)
    if latest is not None and effective_from < latest.effective_from:
        raise OperationError(_l("Version %(n)d takes effect on %(day)s: a newer version cannot take effect before it.",
                                n=latest.number, day=latest.effective_from.isoformat()), field="effective_from")
    config = json.loads(draft.config)
    problems = methodology.validate(config)
    if problems:
        raise InvalidMethodology(problems)
    number = (db.session.scalar(select(func.max(MethodologyVersion.number))) or 0) + 1
    version = MethodologyVersion(tenant_id=tenant.id, number=number, config=methodology.dumps(config), reason=reason,
                                 effective_from=effective_from, published_by_id=actor.id,
                                 published_at=clock.moment(now))
    db.session.add(version)
    db.session.delete(draft)
    db.session.flush()
    log_event("risk_methodology.published", version, tenant_id=tenant.id)
    ini = config["redflag_settings"].replace("\r\n", "\n").strip() + "\n"
    if effective_from <= today and ini != procurement_queries.settings_ini(tenant.id):
        # The red flags follow the version in force (their own change is logged and recomputes them).
        procurement.update_settings(tenant, actor, config["redflag_settings"])
    return version


# Assessments -----------------------------------------------------------------------------------

ASSESSORS = (tenant_roles.OFFICER, tenant_roles.AUDITOR, tenant_roles.ADMIN)


def _require_assessor(actor: User) -> None:
    if not set(ASSESSORS) & set(tenancy_queries.roles_of(actor.id)):
        raise OperationError(_l("Only the tenant's officers and auditors record risk assessments."))


def _version_in_force(tenant: Tenant) -> MethodologyVersion:
    version = queries.current_version(tenant.id)
    if version is None:
        raise OperationError(_l("This tenant has no risk methodology in force yet: its administrator publishes one "
                                "first."))
    return version


def _placed(scale: dict, value: str | None, code: str | None, field: str) -> tuple[str | None, dict]:
    """The category of a value typed on the scale, or the category chosen; the value wins when both are given."""
    if value not in (None, ""):
        number = methodology.number(value)
        if number is None:
            raise OperationError(_l("Enter a number (digits, with a dot for decimals)."), field=f"{field}_value")
        if number < Decimal(scale["categories"][0]["lo"]):
            raise OperationError(_l("The value is below the scale's minimum, %(minimum)s.",
                                    minimum=scale["categories"][0]["lo"]), field=f"{field}_value")
        return str(number), methodology.category_of(scale, number)
    category = next((c for c in scale["categories"] if c["code"] == code), None)
    if category is None:
        raise OperationError(_l("Give a value or choose a category."), field=f"{field}_code")
    return None, category


def record_event(tenant: Tenant, actor: User, organisation_id: int, *, kind: str, description: str | None,
                 process: str | None, occurred_on: date | None, likelihood_value: str | None = None,
                 likelihood_code: str | None = None, impact_value: str | None = None, impact_code: str | None = None,
                 now: datetime | None = None) -> RiskEvent:
    """A risk event for an organisation, placed on the matrix of the methodology in force. An audit finding and a
    conviction are confirmed facts and also count in IKO (an auditor records findings)."""
    _require_assessor(actor)
    version = _version_in_force(tenant)
    if kind not in EVENT_KINDS:
        raise OperationError(_l("Choose the kind of event."), field="kind")
    if kind == AUDIT_FINDING and tenant_roles.AUDITOR not in tenancy_queries.roles_of(actor.id) \
            and tenant_roles.ADMIN not in tenancy_queries.roles_of(actor.id):
        raise OperationError(_l("Only an auditor records an audit finding."), field="kind")
    if db.session.get(Organisation, organisation_id) is None:
        raise OperationError(_l("Choose one of the listed options."), field="organisation_id")
    description = required_text(description, "description", 5000)
    process = required_text(process, "process_name", 200)
    if occurred_on is None:
        raise OperationError(_l("Give the date of the event."), field="occurred_on")
    if occurred_on > clock.today():
        raise OperationError(_l("The date cannot be in the future."), field="occurred_on")
    config = version.parsed
    l_value, l_category = _placed(config["scales"]["likelihood"], likelihood_value, likelihood_code, "likelihood")
    i_value, i_category = _placed(config["scales"]["impact"], impact_value, impact_code, "impact")
    level = methodology.level_of(config, l_category["code"], i_category["code"])
    event = RiskEvent(tenant_id=tenant.id, organisation_id=organisation_id, kind=kind, description=description,
                      process=process, likelihood_value=l_value, likelihood_code=l_category["code"],
                      impact_value=i_value, impact_code=i_category["code"], impact_rank=i_category["rank"],
                      level_code=level["code"], level_rank=level["rank"], occurred_on=occurred_on,
                      methodology_version_id=version.id, recorded_by_id=actor.id, recorded_at=clock.moment(now))
    db.session.add(event)
    db.session.flush()
    log_event("risk_event.recorded", event, tenant_id=tenant.id)
    return event


def questionnaire_codes(config: dict) -> list[tuple[str, str]]:
    """(code, kind) of what the questionnaire asks: the index model's answered indicators ("likert" 1–5, or
    "unit" 0–1, "linear" in its range) and the KRIs no platform event feeds ("kri")."""
    codes = []
    for name in methodology.INDICES:
        for dimension in config["index_model"][name]["dimensions"]:
            for indicator in dimension["indicators"]:
                codes.append((indicator["code"], indicator["normaliser"]["kind"]))
    fed = ("violation_confirmed", "procurement_redflags")
    codes += [(kri["code"], "kri") for kri in config["kris"] if not set(kri.get("events", ())) & set(fed)]
    return codes


def record_answers(tenant: Tenant, actor: User, organisation_id: int, answers: dict[str, str | None],
                   now: datetime | None = None) -> QuestionnaireAnswers:
    """A full set of questionnaire answers (empty ones are unknown, not zero)."""
    _require_assessor(actor)
    version = _version_in_force(tenant)
    if db.session.get(Organisation, organisation_id) is None:
        raise OperationError(_l("Choose one of the listed options."), field="organisation_id")
    kept: dict[str, str] = {}
    for code, kind in questionnaire_codes(version.parsed):
        raw = (answers.get(code) or "").strip()
        if not raw:
            continue
        number = methodology.number(raw)
        if kind == "likert" and (number is None or not 1 <= number <= 5):
            raise OperationError(_l("Answer from 1 to 5."), field=code)
        if kind == "unit" and (number is None or not 0 <= number <= 1):
            raise OperationError(_l("Give a share from 0 to 1."), field=code)
        if number is None or number < 0:
            raise OperationError(_l("Give a number of zero or more."), field=code)
        kept[code] = str(number)
    record = QuestionnaireAnswers(tenant_id=tenant.id, organisation_id=organisation_id,
                                  answers=json.dumps(kept, sort_keys=True), methodology_version_id=version.id,
                                  recorded_by_id=actor.id, recorded_at=clock.moment(now))
    db.session.add(record)
    db.session.flush()
    log_event("risk_questionnaire.recorded", record, tenant_id=tenant.id)
    return record


# Scores -----------------------------------------------------------------------------------------

def _index_json(result: scoring.IndexResult) -> dict:
    return {"value": None if result.value is None else str(result.value), "dimensions": [
        {"code": d.code, "weight": str(d.weight), "score": None if d.score is None else str(scoring.q2(d.score * 100)),
         "points": str(scoring.q2(result.share(d))), "missing": list(d.missing),
         "indicators": [{"code": i.code, "raw": str(i.raw), "normalised": str(scoring.q2(i.normalised * 100)),
                         "weight": str(i.weight), "source": i.source} for i in d.indicators]}
        for d in result.dimensions]}


def recompute(tenant_id: int, organisation_id: int, trigger: str = "", now: datetime | None = None) -> RiskScore | None:
    """The organisation's scores now, with the methodology version in force; a new row only when something
    changed (so the trend shows changes, and history is never rewritten). None without a methodology."""
    version = queries.current_version(tenant_id)
    if version is None:
        return None
    config = version.parsed
    today = clock.today()
    found = inputs.gather(config, organisation_id, today)
    result = scoring.scores(config["index_model"], found.values, found.events, today)
    kris = {kri["code"]: kri for kri in config["kris"]}
    lights = [{"code": code, "value": value, "light": scoring.kri_light(kris[code], value)}
              for code, value in found.kris.items()]
    explanation = {
        "ikorg": _index_json(result.ikorg), "iepk": _index_json(result.iepk),
        "iko": [{"label": c.event.label, "base": c.event.points, "age_weight": str(c.age_weight),
                 "points": str(scoring.q2(c.points)), "on": c.event.on.isoformat(), "type": c.event.record_type,
                 "id": c.event.record_id} for c in result.iko_contributions],
        "kris": lights, "kri_group": scoring.worst_light(item["light"] for item in lights),
    }
    inputs_text = json.dumps(found.as_json(), sort_keys=True)
    latest = queries.latest_score(organisation_id, tenant_id)
    if latest is not None and latest.methodology_version_id == version.id and latest.inputs == inputs_text \
            and latest.computed_on == today:
        return latest
    score = RiskScore(tenant_id=tenant_id, organisation_id=organisation_id, methodology_version_id=version.id,
                      computed_at=clock.moment(now), computed_on=today, ikorg=result.ikorg.value,
                      iepk=result.iepk.value, iko=result.iko, rr=result.rr, irk=result.irk, band=result.band,
                      inputs=inputs_text, explanation=json.dumps(explanation, sort_keys=True), trigger=trigger[:64])
    db.session.add(score)
    db.session.flush()
    return score
