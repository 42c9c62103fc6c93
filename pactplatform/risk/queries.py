"""Reads of the risk domain. Within a tenant's request the scoping hook limits them to that tenant; the
`tenant_id` arguments make the version in force explicit for callers outside a request (CLI, demo)."""
import json
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..monitoring import clock
from .models import MethodologyDraft, MethodologyVersion


def draft() -> MethodologyDraft | None:
    return db.session.scalar(select(MethodologyDraft))


def versions(tenant_id: int) -> list[MethodologyVersion]:
    return list(db.session.scalars(
        select(MethodologyVersion).where(MethodologyVersion.tenant_id == tenant_id)
        .order_by(MethodologyVersion.number.desc())))


def latest_version(tenant_id: int) -> MethodologyVersion | None:
    return db.session.scalar(
        select(MethodologyVersion).where(MethodologyVersion.tenant_id == tenant_id)
        .order_by(MethodologyVersion.number.desc()).limit(1))


def current_version(tenant_id: int, on: date | None = None) -> MethodologyVersion | None:
    """The version in force on a day (today by default): the newest one already effective."""
    on = on or clock.today()
    return db.session.scalar(
        select(MethodologyVersion)
        .where(MethodologyVersion.tenant_id == tenant_id, MethodologyVersion.effective_from <= on)
        .order_by(MethodologyVersion.number.desc()).limit(1))


def version(tenant_id: int, number: int) -> MethodologyVersion | None:
    return db.session.scalar(select(MethodologyVersion).where(
        MethodologyVersion.tenant_id == tenant_id, MethodologyVersion.number == number))


def config_of(version_: MethodologyVersion | MethodologyDraft) -> dict:
    return json.loads(version_.config)
