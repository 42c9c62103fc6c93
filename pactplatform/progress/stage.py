"""Each organisation's stage of anti-corruption work (issue 14), derived from facts the platform holds.

What counts, decided here and shown on the passport beside the stage:
- a risk assessment: the organisation's risk questionnaire (risk/models.py QuestionnaireAnswers: the
  self-assessment its IKOrg and IEPK indices are computed from) recorded within the last 12 months, in any
  tenant. A risk score alone does not count: platform events recompute scores without anyone assessing.
- a signed anti-corruption declaration or policy: a signature in effect (not withdrawn) on a published
  action whose kind declares one (policy.declares_policy: a declaration, a principle-based initiative's code,
  an integrity pact, each party's signed statement). Joining a coalition is membership, not an own policy.
- a public report or shared practice: a progress update it posted as the answerable organisation, a small
  win it answered for, or a monitoring report written by one of its representatives, on a published action.
- active membership: a signature in effect on an open or active action whose kind is collective
  (policy.collective: an initiative, an integrity pact, a coalition).
- a sanction in force: any tenant's sanction whose effective status today is "in force".

The rules are stage_of(); everything else gathers the facts.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..actions.models import ACTIVE, DRAFT, OPEN, CollectiveAction, Signature
from ..actions.policies import POLICIES
from ..extensions import db
from ..monitoring import clock
from ..monitoring.models import MonitoringReport
from ..orgs.models import Representative
from ..risk.models import QuestionnaireAnswers
from ..sanctions.models import Sanction
from ..sanctions.status import IN_FORCE, status_clause
from .models import Indicator, ProgressUpdate, SmallWin

INTERNAL, EXTERNAL, COLLECTIVE = "internal", "external", "collective"
STAGE_LABELS = {INTERNAL: _l("Internal"), EXTERNAL: _l("External"), COLLECTIVE: _l("Collective action")}
PUBLIC = {"all_tenants": True}
# The passport names the latest few facts of each criterion: the stage needs one, and a firm with 10,000
# signatures would otherwise render 10,000 titles (the registry benchmark's slowest passport).
FACTS_SHOWN = 10


@dataclass(frozen=True)
class Fact:
    label: str
    on: date | None = None


@dataclass(frozen=True)
class Facts:
    risk_assessments: list[Fact] = field(default_factory=list)
    policies: list[Fact] = field(default_factory=list)
    public_results: list[Fact] = field(default_factory=list)
    memberships: list[Fact] = field(default_factory=list)
    sanctions_in_force: list[Fact] = field(default_factory=list)


def stage_of(facts: Facts) -> str | None:
    """internal: a risk assessment within 12 months and a signed declaration or policy; external: plus a public
    report or shared practice; collective: plus active membership and no sanction in force. None: not yet."""
    if not (facts.risk_assessments and facts.policies):
        return None
    if not facts.public_results:
        return INTERNAL
    if facts.memberships and not facts.sanctions_in_force:
        return COLLECTIVE
    return EXTERNAL


def twelve_months_before(today: date) -> date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today - timedelta(days=365)


def facts_of(organisation_id: int, today: date | None = None) -> Facts:
    today = today or clock.today()
    since = twelve_months_before(today)
    assessments = db.session.scalars(
        select(QuestionnaireAnswers.recorded_at).where(QuestionnaireAnswers.organisation_id == organisation_id)
        .order_by(QuestionnaireAnswers.recorded_at.desc()).limit(1).execution_options(**PUBLIC)).all()
    risk = [Fact(str(_l("Risk self-assessment recorded")), at.date()) for at in assessments if at.date() >= since][:1]

    def signed(kinds, *conditions) -> list:
        """(title, latest signature) per (kind, title) signed in effect, latest first, FACTS_SHOWN of them."""
        latest = func.max(Signature.signed_at)
        return db.session.execute(
            select(CollectiveAction.title, latest)
            .join(Signature, Signature.action_id == CollectiveAction.id)
            .where(Signature.organisation_id == organisation_id, Signature.withdrawn_at.is_(None),
                   CollectiveAction.status != DRAFT, CollectiveAction.kind.in_(kinds), *conditions)
            .group_by(CollectiveAction.kind, CollectiveAction.title)
            .order_by(latest.desc(), func.max(Signature.id).desc()).limit(FACTS_SHOWN).execution_options(**PUBLIC)).all()

    policies = [Fact(str(_l("Signed: %(title)s", title=title)), at.date()) for title, at in
                signed([kind for kind, policy in POLICIES.items() if policy.declares_policy])]
    memberships = [Fact(str(_l("Member: %(title)s", title=title)), at.date()) for title, at in
                   signed([kind for kind, policy in POLICIES.items() if policy.collective],
                          CollectiveAction.status.in_((OPEN, ACTIVE)))]

    published = CollectiveAction.status != DRAFT
    results = [Fact(str(_l("Progress reported: %(name)s", name=name)), on) for name, on in db.session.execute(
        select(Indicator.name_id, ProgressUpdate.recorded_on).join(ProgressUpdate.indicator)
        .join(CollectiveAction, CollectiveAction.id == Indicator.action_id)
        .where(ProgressUpdate.organisation_id == organisation_id, published)
        .order_by(ProgressUpdate.recorded_on.desc()).limit(1).execution_options(**PUBLIC))]
    results += [Fact(str(_l("Small win: %(title)s", title=title or name or "")), on) for title, name, on in db.session.execute(
        select(SmallWin.title, Indicator.name_id, SmallWin.achieved_on)
        .outerjoin(Indicator, Indicator.id == SmallWin.indicator_id)
        .join(CollectiveAction, CollectiveAction.id == SmallWin.action_id)
        .where(SmallWin.organisation_id == organisation_id, published)
        .order_by(SmallWin.achieved_on.desc()).limit(FACTS_SHOWN).execution_options(**PUBLIC))]
    results += [Fact(str(_l("Monitoring report: %(title)s", title=title)), at.date()) for title, at in db.session.execute(
        select(MonitoringReport.title, MonitoringReport.published_at)
        .join(Representative, Representative.user_id == MonitoringReport.author_id)
        .where(Representative.organisation_id == organisation_id)
        .order_by(MonitoringReport.published_at.desc()).limit(FACTS_SHOWN).execution_options(**PUBLIC))]

    sanctions = [Fact(str(_l("Sanction in force: %(number)s", number=number)), start) for number, start in db.session.execute(
        select(Sanction.decree_number, Sanction.starts_on)
        .where(Sanction.organisation_id == organisation_id, status_clause(IN_FORCE, today))
        .execution_options(**PUBLIC))]
    return Facts(risk, policies, results, memberships, sanctions)


def passport_stage(organisation) -> dict:
    """What the passport shows: the stage and every criterion with the facts behind it."""
    facts = facts_of(organisation.id)
    stage = stage_of(facts)
    return {"stage": stage, "label": STAGE_LABELS.get(stage), "facts": facts}
