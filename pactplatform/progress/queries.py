"""Reads of progress: an action's goals with their indicators, latest values and progress, its small wins,
and what the public page and the API show of them."""
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..actions.models import CollectiveAction
from ..extensions import db
from . import arithmetic
from .models import ActionCoordinator, Goal, Indicator, ProgressUpdate, SmallWin


@dataclass(frozen=True)
class IndicatorProgress:
    indicator: Indicator
    latest: ProgressUpdate | None
    percent: Decimal
    met: bool

    @property
    def points(self) -> list[tuple[ProgressUpdate, Decimal]]:
        """Every update with the progress it stood for, oldest first (the trend and its table)."""
        i = self.indicator
        return [(u, arithmetic.progress_percent(i.baseline, i.target, u.value)) for u in i.updates]


def progress_of(indicator: Indicator) -> IndicatorProgress:
    latest = indicator.latest
    value = latest.value if latest else None
    return IndicatorProgress(indicator, latest, arithmetic.progress_percent(indicator.baseline, indicator.target, value),
                             arithmetic.target_met(indicator.direction, indicator.target, value))


def goals_of(action: CollectiveAction) -> list[tuple[Goal, list[IndicatorProgress]]]:
    """Goals in the order they were set, each with its indicators' progress; loaded in a fixed number of queries."""
    goals = db.session.scalars(
        select(Goal).where(Goal.action_id == action.id).order_by(Goal.id)
        .options(selectinload(Goal.indicators).selectinload(Indicator.updates),
                 selectinload(Goal.indicators).selectinload(Indicator.organisation))
    ).all()
    return [(goal, [progress_of(i) for i in goal.indicators]) for goal in goals]


def indicator_of(action: CollectiveAction, indicator_id: int) -> Indicator | None:
    return db.session.scalar(select(Indicator).where(Indicator.id == indicator_id, Indicator.action_id == action.id))


def update_of(action: CollectiveAction, update_id: int) -> ProgressUpdate | None:
    return db.session.scalar(select(ProgressUpdate).join(Indicator).where(
        ProgressUpdate.id == update_id, Indicator.action_id == action.id))


def small_wins(action: CollectiveAction) -> list[SmallWin]:
    """Newest first, as a feed reads."""
    return list(db.session.scalars(
        select(SmallWin).where(SmallWin.action_id == action.id)
        .order_by(SmallWin.achieved_on.desc(), SmallWin.id.desc())
        .options(selectinload(SmallWin.indicator), selectinload(SmallWin.organisation))))


def coordinators_of(action: CollectiveAction) -> list[ActionCoordinator]:
    return list(db.session.scalars(
        select(ActionCoordinator).where(ActionCoordinator.action_id == action.id,
                                        ActionCoordinator.removed_at.is_(None))
        .order_by(ActionCoordinator.id).options(selectinload(ActionCoordinator.organisation))))
