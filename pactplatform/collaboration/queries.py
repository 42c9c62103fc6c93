"""Reads of the collaboration layer (within the current tenant). Survey results come only as aggregates, and
only for a round with at least ANONYMITY_THRESHOLD answers; nothing here returns an answer set or pairs one
with an organisation."""
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from .elements import ANONYMITY_THRESHOLD, ELEMENTS, PARTS
from .models import (
    OPEN, Charter, FollowUp, Meeting, MeetingAttendance, SurveyAnswerSet, SurveyParticipation, SurveyRound,
)

TWO_PLACES = Decimal("0.01")


def charters(action) -> list[Charter]:
    """Newest first: the first is in force, the rest superseded."""
    return list(db.session.scalars(select(Charter).where(Charter.action_id == action.id)
                                   .options(selectinload(Charter.signatures)).order_by(Charter.number.desc())))


def charter(action, charter_id: int) -> Charter | None:
    return db.session.scalar(select(Charter).where(Charter.id == charter_id, Charter.action_id == action.id))


def meetings(action) -> list[Meeting]:
    return list(db.session.scalars(
        select(Meeting).where(Meeting.action_id == action.id)
        .options(selectinload(Meeting.attendance).selectinload(MeetingAttendance.organisation),
                 selectinload(Meeting.decisions).selectinload(FollowUp.organisation))
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())))


def meeting(action, meeting_id: int) -> Meeting | None:
    return db.session.scalar(select(Meeting).where(Meeting.id == meeting_id, Meeting.action_id == action.id))


def follow_up(action, follow_up_id: int) -> FollowUp | None:
    return db.session.scalar(select(FollowUp).where(FollowUp.id == follow_up_id, FollowUp.action_id == action.id))


def open_follow_ups_by_organisation(action) -> list[tuple[object, list[FollowUp]]]:
    """Open follow-ups grouped by the organisation answerable, earliest due first."""
    rows = db.session.scalars(select(FollowUp).where(FollowUp.action_id == action.id, FollowUp.status == OPEN)
                              .options(selectinload(FollowUp.organisation))
                              .order_by(FollowUp.due_on, FollowUp.id))
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(row.organisation, []).append(row)
    return sorted(grouped.items(), key=lambda item: item[0].name)


def rounds(action) -> list[SurveyRound]:
    return list(db.session.scalars(select(SurveyRound).where(SurveyRound.action_id == action.id)
                                   .order_by(SurveyRound.number)))


def survey_round(action, round_id: int) -> SurveyRound | None:
    return db.session.scalar(select(SurveyRound).where(SurveyRound.id == round_id, SurveyRound.action_id == action.id))


def answered_organisation_ids(survey_round: SurveyRound) -> set[int]:
    """Whether an organisation has answered — the one thing known of it, so that none answers twice."""
    return set(db.session.scalars(select(SurveyParticipation.organisation_id)
                                  .where(SurveyParticipation.round_id == survey_round.id)))


@dataclass
class Results:
    round: SurveyRound
    count: int
    elements: dict[str, Decimal] = field(default_factory=dict)  # element -> mean, only when shown
    parts: dict[str, Decimal] = field(default_factory=dict)     # part -> mean of its answers

    @property
    def shown(self) -> bool:
        return self.count >= ANONYMITY_THRESHOLD

    @property
    def weakest(self) -> str | None:
        if not self.shown:
            return None
        return min(ELEMENTS, key=lambda element: (self.elements[element], ELEMENTS.index(element)))


def _mean(total, count: int) -> Decimal:
    return (Decimal(int(total)) / Decimal(count)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def results(survey_round: SurveyRound) -> Results:
    """The count always; the means per element and per part only from ANONYMITY_THRESHOLD answers on (the
    database sums; no answer set leaves it)."""
    columns = [getattr(SurveyAnswerSet, element) for element in ELEMENTS]
    row = db.session.execute(select(func.count(), *[func.sum(column) for column in columns])
                             .where(SurveyAnswerSet.round_id == survey_round.id)).one()
    count, sums = row[0], dict(zip(ELEMENTS, row[1:]))
    outcome = Results(survey_round, count)
    if outcome.shown:
        outcome.elements = {element: _mean(sums[element], count) for element in ELEMENTS}
        outcome.parts = {part: _mean(sum(sums[e] for e in elements), count * len(elements))
                         for part, elements in PARTS.items()}
    return outcome


def history(action) -> list[Results]:
    return [results(each) for each in rounds(action)]


def weakest_element(action) -> tuple[Results, str] | None:
    """The weakest element of the latest round whose results are shown."""
    shown = [each for each in history(action) if each.shown]
    if not shown:
        return None
    return shown[-1], shown[-1].weakest


def organisation_open_follow_ups(organisation_id: int) -> list[tuple[FollowUp, object, object]]:
    """An organisation's open follow-ups in every tenant, with their action and tenant, for its own representatives'
    view of its page (a deliberate cross-tenant read of what this organisation answers for)."""
    from ..actions.models import CollectiveAction
    from ..tenancy.models import Tenant

    return list(db.session.execute(
        select(FollowUp, CollectiveAction, Tenant)
        .join(CollectiveAction, CollectiveAction.id == FollowUp.action_id)
        .join(Tenant, Tenant.id == FollowUp.tenant_id)
        .where(FollowUp.organisation_id == organisation_id, FollowUp.status == OPEN)
        .order_by(FollowUp.due_on, FollowUp.id).execution_options(all_tenants=True)))
