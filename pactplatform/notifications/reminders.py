"""Deadline reminders, computed by the worker from the dates the domains store (nothing is scheduled ahead):
an answer due in 3 days or overdue, an objection window closing in 3 days, a sanction taking force, a
certificate's renewal window opening and its expiry.

A worker that was down catches up: every date from NOTIFICATIONS_LOOKBACK_DAYS ago on is considered on each run.
None is sent twice: each reminder is keyed by (kind, subject, recipient, due date) — outbox.notify(once=True)."""
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from . import kinds, recipients
from .outbox import link_to, notify
from .subscriber import english, sanction_label

SOON_DAYS = 3
ALL = {"all_tenants": True}


def _slug(tenant_id: int) -> str:
    from ..tenancy.models import Tenant

    return db.session.get(Tenant, tenant_id).slug


def _cases(today: date, since: date) -> None:
    from ..monitoring.models import NOTIFIED, ViolationCase

    rows = db.session.scalars(select(ViolationCase).where(
        ViolationCase.status == NOTIFIED, ViolationCase.answer_due_on >= since,
        ViolationCase.answer_due_on <= today + timedelta(days=SOON_DAYS)).execution_options(**ALL))
    for case in rows:
        params = {"organisation": case.organisation.name, "action": case.action.title,
                  "due": case.answer_due_on.isoformat(), "what": "answer"}
        link = link_to("monitoring.show", tenant_slug=_slug(case.tenant_id), case_id=case.id)
        if case.answer_due_on >= today:
            notify(recipients.representatives(case.organisation_id), kinds.DEADLINE_SOON, "violation_case", case.id,
                   tenant_id=case.tenant_id, params=params, link=link, due_on=case.answer_due_on, once=True)
        else:
            people = recipients.representatives(case.organisation_id) + recipients.monitors(case.action_id)
            notify(people, kinds.DEADLINE_OVERDUE, "violation_case", case.id, tenant_id=case.tenant_id,
                   params=params, link=link, due_on=case.answer_due_on, once=True)


def _sanctions(today: date, since: date) -> None:
    from ..sanctions.models import DECIDED, Sanction

    closing = db.session.scalars(select(Sanction).where(
        Sanction.status == DECIDED, Sanction.objection_deadline >= today,
        Sanction.objection_deadline <= today + timedelta(days=SOON_DAYS)).execution_options(**ALL))
    for sanction in closing:
        if sanction.pending_objection is not None:
            continue
        notify(recipients.representatives(sanction.organisation_id), kinds.DEADLINE_SOON, "sanction", sanction.id,
               tenant_id=sanction.tenant_id, due_on=sanction.objection_deadline, once=True,
               params={"decree": sanction.decree_number, "due": sanction.objection_deadline.isoformat(),
                       "what": "objection"},
               link=link_to("sanctions.show", tenant_slug=_slug(sanction.tenant_id), sanction_id=sanction.id))
    in_force = db.session.scalars(select(Sanction).where(
        Sanction.status == DECIDED, Sanction.force_from >= since, Sanction.force_from <= today)
        .execution_options(**ALL))
    for sanction in in_force:
        until = sanction.force_until
        if until is not None and until <= today:
            continue
        notify(recipients.representatives(sanction.organisation_id), kinds.SANCTION_IN_FORCE, "sanction",
               sanction.id, tenant_id=sanction.tenant_id, due_on=sanction.force_from, once=True,
               params={"organisation": sanction.organisation.name, "decree": sanction.decree_number,
                       "sanction": english(sanction_label(sanction.kind)), "due": sanction.force_from.isoformat()},
               link=link_to("sanctions.show", tenant_slug=_slug(sanction.tenant_id), sanction_id=sanction.id))


def _sanctions_ended(today: date, since: date) -> None:
    """A sanction that ran out (its end date, or an early conditional release): public news for followers."""
    from sqlalchemy import or_

    from ..sanctions.models import DECIDED, Sanction

    ended = db.session.scalars(select(Sanction).where(
        Sanction.status == DECIDED, Sanction.force_from.is_not(None),
        or_(Sanction.ends_on.between(since, today), Sanction.released_on.between(since, today)))
        .execution_options(**ALL))
    for sanction in ended:
        until = sanction.force_until
        if until is None or not since <= until <= today or until <= sanction.force_from:
            continue
        notify(recipients.followers(sanction.organisation_id, sanction.action_id, sanction.tenant_id), kinds.FOLLOWED,
               "sanction", sanction.id, tenant_id=sanction.tenant_id, due_on=until, once=True,
               params={"organisation": sanction.organisation.name, "decree": sanction.decree_number,
                       "sanction": english(sanction_label(sanction.kind)), "change": "sanction_expired"},
               link=link_to("blacklist.show", sanction_id=sanction.id))


def _certificates(today: date, since: date) -> None:
    from ..certification.models import WITHDRAW, Certificate
    from ..certification.operations import add_months

    longest_window = 240  # months: schemes.py bounds renewal_window_months
    rows = db.session.scalars(select(Certificate).where(
        Certificate.expires_on >= since, Certificate.expires_on <= add_months(today, longest_window))
        .execution_options(**ALL))
    for certificate in rows:
        if any(d.kind == WITHDRAW and d.effective_on <= today for d in certificate.decrees):
            continue
        reps = recipients.representatives(certificate.organisation_id)
        link = link_to("certification.certificate", tenant_slug=_slug(certificate.tenant_id),
                       certificate_id=certificate.id)
        base = {"organisation": certificate.organisation.name, "number": certificate.number,
                "expires": certificate.expires_on.isoformat()}
        if certificate.expires_on <= today:
            notify(reps, kinds.CERTIFICATE_EXPIRED, "certificate", certificate.id, tenant_id=certificate.tenant_id,
                   due_on=certificate.expires_on, once=True, link=link,
                   params={**base, "due": certificate.expires_on.isoformat()})
            notify(recipients.followers(certificate.organisation_id, None, certificate.tenant_id), kinds.FOLLOWED,
                   "certificate", certificate.id, tenant_id=certificate.tenant_id, due_on=certificate.expires_on,
                   once=True, params={**base, "change": "expired"},
                   link=link_to("public_certificates.verify", number=certificate.number))
            continue
        months = certificate.scheme_version.definition["renewal_window_months"]
        opens = add_months(certificate.expires_on, -months)
        if since <= opens <= today:
            notify(reps, kinds.RENEWAL_OPEN, "certificate", certificate.id, tenant_id=certificate.tenant_id,
                   due_on=opens, once=True, link=link, params={**base, "due": opens.isoformat()})


def compute(today: date) -> None:
    """Write every reminder due by `today` that is not written yet (in the caller's transaction)."""
    since = today - timedelta(days=current_app.config["NOTIFICATIONS_LOOKBACK_DAYS"])
    _cases(today, since)
    _sanctions(today, since)
    _sanctions_ended(today, since)
    _certificates(today, since)
