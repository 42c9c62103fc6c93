"""The outbox's one entry from the domains: a subscriber on the domain event bus (pactplatform/events.py).

It runs in the publisher's transaction, so a notification exists exactly when its event does (a rolled-back
operation leaves none). It only reads the subject and writes rows: notifications for the people who must act
or want to know, and deliveries for the tenant's webhooks."""

from flask_babel import force_locale

from .. import events
from . import kinds, recipients, webhooks
from .outbox import link_to, notify


def english(label) -> str:
    """A label's English text: stored in params and translated when shown (the catalog has the msgid)."""
    with force_locale("en"):
        return str(label)


def _case_label(status: str):
    from ..monitoring.models import CASE_STATUS_LABELS

    return CASE_STATUS_LABELS[status]


def sanction_label(kind: str):
    from ..sanctions.models import KIND_LABELS

    return KIND_LABELS[kind]


def _iso(day) -> str | None:
    return day.isoformat() if day is not None else None


def _slug(tenant_id: int | None) -> str | None:
    from ..extensions import db
    from ..tenancy.models import Tenant

    tenant = db.session.get(Tenant, tenant_id) if tenant_id is not None else None
    return tenant.slug if tenant is not None else None


def _party_added(party, tenant_id, **_):
    notify(recipients.representatives(party.organisation_id), kinds.PARTY_INVITED, "party", party.id,
           tenant_id=tenant_id, params={"organisation": party.organisation.name, "action": party.action.title},
           link=link_to("actions.show", tenant_slug=_slug(tenant_id), action_id=party.action_id))


def _version_created(version, tenant_id, **_):
    if version.number <= 1:
        return
    signed = {s.organisation_id: s.organisation.name for s in version.action.signatures
              if s.in_effect and s.document_version_id != version.id}
    for organisation_id, name in signed.items():
        notify(recipients.representatives(organisation_id), kinds.RESIGN_NEEDED, "document_version", version.id,
               tenant_id=tenant_id, params={"organisation": name, "action": version.action.title,
                                            "version": version.number},
               link=link_to("actions.show", tenant_slug=_slug(tenant_id), action_id=version.action_id))


def _case_link(case, tenant_id):
    return link_to("monitoring.show", tenant_slug=_slug(tenant_id), case_id=case.id)


def _case_notified(case, tenant_id, **_):
    notify(recipients.representatives(case.organisation_id), kinds.CASE_NOTIFIED, "violation_case", case.id,
           tenant_id=tenant_id, due_on=case.answer_due_on,
           params={"organisation": case.organisation.name, "action": case.action.title,
                   "due": _iso(case.answer_due_on)}, link=_case_link(case, tenant_id))


def _case_decided(case, tenant_id, **_):
    notify(recipients.representatives(case.organisation_id), kinds.CASE_DECIDED, "violation_case", case.id,
           tenant_id=tenant_id, params={"organisation": case.organisation.name, "action": case.action.title,
                                        "decision": english(_case_label(case.status))}, link=_case_link(case, tenant_id))


def _sanction_params(sanction) -> dict:
    return {"organisation": sanction.organisation.name, "action": sanction.action.title,
            "decree": sanction.decree_number, "sanction": english(sanction_label(sanction.kind))}


def _sanction_decided(sanction, tenant_id, **_):
    notify(recipients.representatives(sanction.organisation_id), kinds.SANCTION_DECIDED, "sanction", sanction.id,
           tenant_id=tenant_id, due_on=sanction.objection_deadline,
           params={**_sanction_params(sanction), "due": _iso(sanction.objection_deadline)},
           link=link_to("sanctions.show", tenant_slug=_slug(tenant_id), sanction_id=sanction.id))
    # Decided is when a sanction becomes public (a proposal stays internal): followers hear of it now.
    notify(recipients.followers(sanction.organisation_id, sanction.action_id, tenant_id), kinds.FOLLOWED,
           "sanction", sanction.id, tenant_id=tenant_id, params={**_sanction_params(sanction), "change": "sanctioned"},
           link=link_to("blacklist.show", sanction_id=sanction.id))


def _auditor_assigned(assignment, tenant_id, **_):
    application = assignment.application
    notify([assignment.user_id], kinds.AUDIT_ASSIGNED, "certification_application", application.id,
           tenant_id=tenant_id, params={"organisation": application.organisation.name,
                                        "scheme": application.scheme_version.scheme.name},
           link=link_to("certification.application", tenant_slug=_slug(tenant_id), application_id=application.id))


def _changes_requested(application, tenant_id, **_):
    notify(recipients.representatives(application.organisation_id), kinds.CHANGES_REQUESTED,
           "certification_application", application.id, tenant_id=tenant_id, due_on=application.changes_due_on,
           params={"organisation": application.organisation.name, "scheme": application.scheme_version.scheme.name,
                   "due": _iso(application.changes_due_on)},
           link=link_to("certification.application", tenant_slug=_slug(tenant_id), application_id=application.id))


def _signed(signature, tenant_id, **_):
    notify(recipients.followers(signature.organisation_id, signature.action_id, tenant_id), kinds.FOLLOWED,
           "signature", signature.id, tenant_id=tenant_id,
           params={"organisation": signature.organisation.name, "action": signature.action.title, "change": "signed"},
           link=link_to("public_actions.show", action_id=signature.action_id))


def _certified(certificate, tenant_id, **_):
    notify(recipients.followers(certificate.organisation_id, None, tenant_id), kinds.FOLLOWED, "certificate",
           certificate.id, tenant_id=tenant_id,
           params={"organisation": certificate.organisation.name, "scheme": certificate.scheme.name,
                   "number": certificate.number, "change": "certified"},
           link=link_to("public_certificates.verify", number=certificate.number))


def _report(kind):
    def handler(report, tenant_id, recipients=(), url=None, **_):
        notify(recipients, kind, "report", report.id, tenant_id=tenant_id, params={},
               link={"path": url} if url else None)
    return handler


HANDLERS = {
    "party.added": _party_added,
    "document_version.created": _version_created,
    "violation_case.notified": _case_notified,
    "violation_case.confirmed": _case_decided,
    "violation_case.dismissed": _case_decided,
    "sanction.decided": _sanction_decided,
    "certification_auditor.assigned": _auditor_assigned,
    "certification_application.changes_requested": _changes_requested,
    "signature.created": _signed,
    "certificate.issued": _certified,
    "report.filed": _report(kinds.REPORT_FILED),
    "report.reply": _report(kinds.REPORT_REPLY),
    "report.retention_warning": _report(kinds.REPORT_RETENTION),
}


def on_event(event_type: str, subject, tenant_id: int | None, **details) -> None:
    handler = HANDLERS.get(event_type)
    if handler is not None:
        handler(subject, tenant_id, **details)
    if tenant_id is not None:
        webhooks.enqueue(event_type, subject, tenant_id)


def install() -> None:
    events.subscribe(on_event)
