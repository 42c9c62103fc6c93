"""Writes of the risk domain. Never commit: the caller's one transaction holds the change and its log entry."""
import json
from datetime import date, datetime

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
from . import methodology, queries
from .models import MethodologyDraft, MethodologyVersion


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
