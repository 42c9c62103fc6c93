"""Certification tables: schemes and their immutable published versions, applications with their
answers, audit assignments, events (each move, dated, by whom, signed where it is an act of intent),
evidence links, certificates and their decrees, and the tenant's benefits setting.

Stored state and computed state, as for sanctions: a certificate stores what people decided (issued,
decrees); whether it is active, suspended, withdrawn or expired is computed at read time (status.py).
Every row is registered with the transparency log; every write logs the row's new content.
"""
import json
from datetime import date, datetime

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..accounts.models import User
from ..extensions import db
from ..ledger import records as ledger_records
from ..ledger.canonical import iso_utc
from ..orgs.models import Organisation
from ..tenancy.models import Tenant
from ..tenancy.scoping import TenantScoped

# Application statuses
DECLARED, SELF_ASSESSED, SUBMITTED, UNDER_AUDIT, CHANGES_REQUESTED = (
    "declared", "self_assessed", "submitted", "under_audit", "changes_requested")
RECOMMENDED, GRANTED, REFUSED, LAPSED = "recommended", "granted", "refused", "lapsed"
APPLICATION_STATUSES = (DECLARED, SELF_ASSESSED, SUBMITTED, UNDER_AUDIT, CHANGES_REQUESTED, RECOMMENDED, GRANTED,
                        REFUSED, LAPSED)
OPEN_STATUSES = (DECLARED, SELF_ASSESSED, SUBMITTED, UNDER_AUDIT, CHANGES_REQUESTED, RECOMMENDED)
APPLICATION_STATUS_LABELS = {
    DECLARED: _l("Declared"),
    SELF_ASSESSED: _l("Self-assessed"),
    SUBMITTED: _l("Submitted"),
    UNDER_AUDIT: _l("Under audit"),
    CHANGES_REQUESTED: _l("Changes requested"),
    RECOMMENDED: _l("Recommended"),
    GRANTED: _l("Granted"),
    REFUSED: _l("Refused"),
    LAPSED: _l("Lapsed"),
}

# Certificate statuses (computed)
ACTIVE, SUSPENDED, WITHDRAWN, EXPIRED = "active", "suspended", "withdrawn", "expired"
CERTIFICATE_STATUSES = (ACTIVE, SUSPENDED, WITHDRAWN, EXPIRED)
CERTIFICATE_STATUS_LABELS = {
    ACTIVE: _l("Active"),
    SUSPENDED: _l("Suspended"),
    WITHDRAWN: _l("Withdrawn"),
    EXPIRED: _l("Expired"),
}

# Decrees on a certificate
SUSPEND, LIFT, WITHDRAW = "suspend", "lift", "withdraw"
DECREE_KINDS = (SUSPEND, LIFT, WITHDRAW)
DECREE_LABELS = {SUSPEND: _l("Suspension"), LIFT: _l("Suspension lifted"), WITHDRAW: _l("Withdrawal")}

APPLICANT, AUDITOR = "applicant", "auditor"  # whose answers

# Scheme version states
DRAFT, PUBLISHED = "draft", "published"


def localised(texts: dict | None) -> str:
    """A {"id": …, "en": …} text in the current language (Indonesian when unknown)."""
    if not texts:
        return ""
    locale = str(get_locale() or "id")[:2]
    return texts.get(locale) or texts.get("id") or next(iter(texts.values()))


class Scheme(TenantScoped, db.Model):
    __tablename__ = "certification_schemes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(32))
    template: Mapped[str] = mapped_column(String(32))
    # A coalition scheme certifies the members of one certified-coalition action: joining it is the declaration.
    action_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]

    tenant: Mapped[Tenant] = relationship()
    versions: Mapped[list["SchemeVersion"]] = relationship(back_populates="scheme", order_by="SchemeVersion.number")

    @property
    def published(self) -> "SchemeVersion | None":
        done = [v for v in self.versions if v.status == PUBLISHED]
        return done[-1] if done else None

    @property
    def draft(self) -> "SchemeVersion | None":
        return next((v for v in self.versions if v.status == DRAFT), None)


class SchemeVersion(TenantScoped, db.Model):
    """A scheme's definition (canonical JSON). A draft may change; a published version never does."""

    __tablename__ = "certification_scheme_versions"
    __table_args__ = (UniqueConstraint("scheme_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("certification_schemes.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    definition_json: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=DRAFT)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime | None]

    scheme: Mapped[Scheme] = relationship(back_populates="versions")

    @property
    def definition(self) -> dict:
        return json.loads(self.definition_json)

    def level_label(self, code: str | None) -> str:
        for level in self.definition["levels"]:
            if level["code"] == code:
                return localised(level["label"])
        return code or ""


class Application(TenantScoped, db.Model):
    __tablename__ = "certification_applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_version_id: Mapped[int] = mapped_column(ForeignKey("certification_scheme_versions.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    status: Mapped[str] = mapped_column(String(24), default=DECLARED, index=True)
    small_firm: Mapped[bool] = mapped_column(Boolean, default=False)
    scope: Mapped[str] = mapped_column(Text, default="")
    region: Mapped[str] = mapped_column(String(100), default="")  # province or city, for the public registry
    declared_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    declared_at: Mapped[datetime]
    deadline: Mapped[date]  # last day to submit, else the declaration lapses
    # The coalition's join signature (actions.Signature) when the declaration is joining the coalition.
    join_signature_id: Mapped[int | None] = mapped_column(ForeignKey("signatures.id"))
    changes_due_on: Mapped[date | None]
    level: Mapped[str | None] = mapped_column(String(32))  # granted level
    # The certificate this application renews (certificates point back at applications, so no foreign key here).
    renews_certificate_id: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime]

    scheme_version: Mapped[SchemeVersion] = relationship()
    organisation: Mapped[Organisation] = relationship()
    declared_by: Mapped[User] = relationship(foreign_keys=[declared_by_id])
    events: Mapped[list["ApplicationEvent"]] = relationship(back_populates="application", order_by="ApplicationEvent.id")
    answers: Mapped[list["Answer"]] = relationship(back_populates="application", order_by="Answer.id")
    auditors: Mapped[list["AuditorAssignment"]] = relationship(back_populates="application",
                                                               order_by="AuditorAssignment.id")
    evidence_links: Mapped[list["EvidenceLink"]] = relationship(back_populates="application",
                                                                order_by="EvidenceLink.id")

    @property
    def status_label(self) -> str:
        return str(APPLICATION_STATUS_LABELS[self.status])

    def answers_of(self, side: str) -> dict[str, str]:
        return {a.criterion_code: a.value for a in self.answers if a.side == side}

    def notes_of(self, side: str) -> dict[str, str]:
        return {a.criterion_code: a.note for a in self.answers if a.side == side and a.note}


class ApplicationEvent(TenantScoped, db.Model):
    """One move of an application: who, when, why; signed (payload, signature, certificate) when it is an
    act of intent: the declaration, the recommendation, the decision."""

    __tablename__ = "certification_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("certification_applications.id"), index=True)
    event: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[str | None] = mapped_column(Text)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    certificate_pem: Mapped[str | None] = mapped_column(Text)

    application: Mapped[Application] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class Answer(TenantScoped, db.Model):
    """One criterion answered by the applicant (self-assessment) or by the audit team (which decides)."""

    __tablename__ = "certification_answers"
    __table_args__ = (UniqueConstraint("application_id", "side", "criterion_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("certification_applications.id"), index=True)
    side: Mapped[str] = mapped_column(String(16))
    criterion_code: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")  # the applicant's explanation, or the auditor's finding
    answered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime]

    application: Mapped[Application] = relationship(back_populates="answers")


class AuditorAssignment(TenantScoped, db.Model):
    """An auditor on one application; scoring waits for their signed no-conflict-of-interest statement."""

    __tablename__ = "certification_auditors"
    __table_args__ = (UniqueConstraint("application_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("certification_applications.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    assigned_at: Mapped[datetime]
    coi_signed_at: Mapped[datetime | None]
    coi_payload: Mapped[str | None] = mapped_column(Text)
    coi_signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    coi_certificate_pem: Mapped[str | None] = mapped_column(Text)

    application: Mapped[Application] = relationship(back_populates="auditors")
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class EvidenceLink(TenantScoped, db.Model):
    """An evidence file (kept in the monitoring evidence store) attached to one criterion of an application."""

    __tablename__ = "certification_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("certification_applications.id"), index=True)
    criterion_code: Mapped[str] = mapped_column(String(32))
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), unique=True)

    application: Mapped[Application] = relationship(back_populates="evidence_links")
    evidence = relationship("Evidence")


class Certificate(TenantScoped, db.Model):
    __tablename__ = "certificates"
    __table_args__ = (UniqueConstraint("tenant_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(64), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("certification_applications.id"), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("certification_schemes.id"), index=True)
    scheme_version_id: Mapped[int] = mapped_column(ForeignKey("certification_scheme_versions.id"))
    level: Mapped[str] = mapped_column(String(32), index=True)
    scope: Mapped[str] = mapped_column(Text, default="")
    region: Mapped[str] = mapped_column(String(100), default="", index=True)
    issued_on: Mapped[date]
    expires_on: Mapped[date] = mapped_column(index=True)
    renews_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision_event_id: Mapped[int] = mapped_column(ForeignKey("certification_events.id"))
    pdf_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))

    tenant: Mapped[Tenant] = relationship()
    application: Mapped[Application] = relationship(foreign_keys=[application_id])
    organisation: Mapped[Organisation] = relationship()
    scheme: Mapped[Scheme] = relationship()
    scheme_version: Mapped[SchemeVersion] = relationship()
    renews: Mapped["Certificate | None"] = relationship(remote_side=[id])
    decided_by: Mapped[User] = relationship()
    decision_event: Mapped[ApplicationEvent] = relationship()
    decrees: Mapped[list["CertificateDecree"]] = relationship(back_populates="certificate",
                                                              order_by="CertificateDecree.id")

    @property
    def level_label(self) -> str:
        return self.scheme_version.level_label(self.level)


class CertificateDecree(TenantScoped, db.Model):
    """A signed suspension (with its end date, or until lifted), lifting or withdrawal of a certificate."""

    __tablename__ = "certificate_decrees"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    effective_on: Mapped[date]
    until: Mapped[date | None]  # a suspension's first day no longer suspended; None: until lifted
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime]
    payload: Mapped[str] = mapped_column(Text)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    certificate_pem: Mapped[str] = mapped_column(Text)

    certificate: Mapped[Certificate] = relationship(back_populates="decrees")
    actor: Mapped[User] = relationship()

    @property
    def kind_label(self) -> str:
        return str(DECREE_LABELS[self.kind])


class BenefitSetting(TenantScoped, db.Model):
    """What a valid certificate is worth in this tenant: a JSON list of {scheme_id, min_level, benefits}."""

    __tablename__ = "certification_benefits"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rules_json: Mapped[str] = mapped_column(Text, default="[]")
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime]

    @property
    def rules(self) -> list[dict]:
        return json.loads(self.rules_json)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _b(value: bytes | None) -> str | None:
    import base64

    return base64.b64encode(value).decode("ascii") if value is not None else None


ledger_records.register("certification_scheme", Scheme, lambda s: {
    "name": s.name, "kind": s.kind, "template": s.template, "action_id": s.action_id,
    "created_by_id": s.created_by_id, "created_at": iso_utc(s.created_at)})
ledger_records.register("certification_scheme_version", SchemeVersion, lambda v: {
    "scheme_id": v.scheme_id, "number": v.number, "sha256": v.sha256, "status": v.status, "note": v.note,
    "created_by_id": v.created_by_id, "created_at": iso_utc(v.created_at), "published_by_id": v.published_by_id,
    "published_at": iso_utc(v.published_at)})
ledger_records.register("certification_application", Application, lambda a: {
    "scheme_version_id": a.scheme_version_id, "organisation_id": a.organisation_id, "status": a.status,
    "small_firm": a.small_firm, "scope": a.scope, "region": a.region, "declared_by_id": a.declared_by_id,
    "declared_at": iso_utc(a.declared_at), "deadline": _day(a.deadline), "join_signature_id": a.join_signature_id,
    "changes_due_on": _day(a.changes_due_on), "level": a.level, "renews_certificate_id": a.renews_certificate_id})
ledger_records.register("certification_event", ApplicationEvent, lambda e: {
    "application_id": e.application_id, "event": e.event, "from_status": e.from_status, "to_status": e.to_status,
    "actor_id": e.actor_id, "at": iso_utc(e.at), "reason": e.reason, "payload": e.payload,
    "signature": _b(e.signature), "certificate_pem": e.certificate_pem})
ledger_records.register("certification_answer", Answer, lambda a: {
    "application_id": a.application_id, "side": a.side, "criterion_code": a.criterion_code, "value": a.value,
    "note": a.note, "answered_by_id": a.answered_by_id, "answered_at": iso_utc(a.answered_at)})
ledger_records.register("certification_auditor", AuditorAssignment, lambda x: {
    "application_id": x.application_id, "user_id": x.user_id, "assigned_by_id": x.assigned_by_id,
    "assigned_at": iso_utc(x.assigned_at), "coi_signed_at": iso_utc(x.coi_signed_at), "coi_payload": x.coi_payload,
    "coi_signature": _b(x.coi_signature), "coi_certificate_pem": x.coi_certificate_pem})
ledger_records.register("certification_evidence", EvidenceLink, lambda x: {
    "application_id": x.application_id, "criterion_code": x.criterion_code, "evidence_id": x.evidence_id})
ledger_records.register("certificate", Certificate, lambda c: {
    "number": c.number, "application_id": c.application_id, "organisation_id": c.organisation_id,
    "scheme_id": c.scheme_id, "scheme_version_id": c.scheme_version_id, "level": c.level, "scope": c.scope,
    "region": c.region, "issued_on": _day(c.issued_on), "expires_on": _day(c.expires_on), "renews_id": c.renews_id,
    "decided_by_id": c.decided_by_id, "decision_event_id": c.decision_event_id, "pdf_sha256": c.pdf_sha256})
ledger_records.register("certificate_decree", CertificateDecree, lambda d: {
    "certificate_id": d.certificate_id, "kind": d.kind, "reason": d.reason, "effective_on": _day(d.effective_on),
    "until": _day(d.until), "actor_id": d.actor_id, "at": iso_utc(d.at), "payload": d.payload,
    "signature": _b(d.signature), "certificate_pem": d.certificate_pem})
ledger_records.register("certification_benefits", BenefitSetting, lambda b: {
    "rules": b.rules, "updated_by_id": b.updated_by_id, "updated_at": iso_utc(b.updated_at)})
