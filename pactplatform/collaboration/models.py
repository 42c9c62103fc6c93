"""Tables of the collaboration layer. The survey's answers are kept apart from who answered (see
SurveyAnswerSet): that separation is the answer secrecy the members are promised."""
import json
import secrets
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..extensions import db
from ..ledger import records as ledger_records
from ..ledger.canonical import iso_utc
from ..orgs.models import Organisation
from ..tenancy.scoping import TenantScoped
from .elements import ELEMENTS

OPEN, DONE, DROPPED = "open", "done", "dropped"
FOLLOW_UP_STATUSES = (OPEN, DONE, DROPPED)


class Charter(TenantScoped, db.Model):
    """A charter decision: who coordinates which area or region, the meeting cadence, the ground rules and the
    reporting duty. The highest number is in force; each earlier one stays, superseded, with its signatures."""

    __tablename__ = "charters"
    __table_args__ = (UniqueConstraint("action_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    number: Mapped[int]
    # [{"area": …, "organisation_id": …, "organisation": name}], as decided.
    coordinators_json: Mapped[str] = mapped_column(Text)
    cadence: Mapped[str] = mapped_column(String(200))
    ground_rules: Mapped[str] = mapped_column(Text)
    reporting_duty: Mapped[str] = mapped_column(Text)
    # The Markdown text the coordinators sign (and its hash): what the diff between decisions compares.
    body: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    # The PDF with one PAdES signature per coordinator, grown by incremental updates; None until the first.
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)

    signatures: Mapped[list["CharterSignature"]] = relationship(
        back_populates="charter", order_by="CharterSignature.id")

    @property
    def coordinators(self) -> list[dict]:
        return json.loads(self.coordinators_json)


class CharterSignature(TenantScoped, db.Model):
    """A coordinator's signature of a charter decision: a canonical payload signed with their key."""

    __tablename__ = "charter_signatures"
    __table_args__ = (UniqueConstraint("charter_id", "signer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    charter_id: Mapped[int] = mapped_column(ForeignKey("charters.id"), index=True)
    signer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[datetime]
    payload: Mapped[str] = mapped_column(Text)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    certificate_pem: Mapped[str] = mapped_column(Text)

    charter: Mapped[Charter] = relationship(back_populates="signatures")
    signer: Mapped[User] = relationship()


class Meeting(TenantScoped, db.Model):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    held_on: Mapped[date]
    agenda: Mapped[str] = mapped_column(Text)
    minutes: Mapped[str] = mapped_column(Text, default="")  # Markdown, rendered sanitised
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]

    attendance: Mapped[list["MeetingAttendance"]] = relationship(
        back_populates="meeting", order_by="MeetingAttendance.id", cascade="all, delete-orphan")
    decisions: Mapped[list["FollowUp"]] = relationship(back_populates="meeting", order_by="FollowUp.id")


class MeetingAttendance(TenantScoped, db.Model):
    """A member organisation present at a meeting."""

    __tablename__ = "meeting_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    organisation: Mapped[Organisation] = relationship()


class FollowUp(TenantScoped, db.Model):
    """A decision of a meeting, recorded one by one: what, which organisation answers for it, by when; it stays
    a follow-up item until it is done or dropped."""

    __tablename__ = "follow_ups"
    __table_args__ = (CheckConstraint("status IN ('open', 'done', 'dropped')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    text: Mapped[str] = mapped_column(String(1000))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    due_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(16), default=OPEN)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    status_changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status_changed_at: Mapped[datetime | None]

    meeting: Mapped[Meeting] = relationship(back_populates="decisions")
    organisation: Mapped[Organisation] = relationship()


class SurveyTemplateVersion(TenantScoped, db.Model):
    """A tenant's own wording of the twelve statements (id and en); without one, statements.json applies."""

    __tablename__ = "survey_template_versions"
    __table_args__ = (UniqueConstraint("tenant_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int]
    statements_json: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]

    @property
    def statements(self) -> dict:
        return json.loads(self.statements_json)


class SurveyRound(TenantScoped, db.Model):
    __tablename__ = "survey_rounds"
    __table_args__ = (UniqueConstraint("action_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    number: Mapped[int]
    # The wording members answered, copied when the round opened: a later template version changes no round.
    statements_json: Mapped[str] = mapped_column(Text)
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None]

    @property
    def statements(self) -> dict:
        return json.loads(self.statements_json)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class SurveyParticipation(TenantScoped, db.Model):
    """That an organisation has answered a round (so that it answers once), and nothing of what it said. No
    user and no time: neither may be matched against the answers."""

    __tablename__ = "survey_participations"
    __table_args__ = (UniqueConstraint("round_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_rounds.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))


def _random_id() -> str:
    return secrets.token_hex(16)


class SurveyAnswerSet(TenantScoped, db.Model):
    """One organisation's twelve scores, without the organisation, the user or a time: a random key rather than a
    growing one, so neither the key nor a sort by it follows the order in which organisations answered."""

    __tablename__ = "survey_answer_sets"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_random_id)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_rounds.id"), index=True)
    discovery: Mapped[int] = mapped_column(SmallInteger)
    definition: Mapped[int] = mapped_column(SmallInteger)
    deliberation: Mapped[int] = mapped_column(SmallInteger)
    determination: Mapped[int] = mapped_column(SmallInteger)
    mutual_trust: Mapped[int] = mapped_column(SmallInteger)
    mutual_understanding: Mapped[int] = mapped_column(SmallInteger)
    internal_legitimacy: Mapped[int] = mapped_column(SmallInteger)
    commitment: Mapped[int] = mapped_column(SmallInteger)
    procedural_arrangements: Mapped[int] = mapped_column(SmallInteger)
    leadership: Mapped[int] = mapped_column(SmallInteger)
    knowledge: Mapped[int] = mapped_column(SmallInteger)
    resources: Mapped[int] = mapped_column(SmallInteger)


# Every score is 1–5 in the database too, not only in the operation.
SurveyAnswerSet.__table__.append_constraint(CheckConstraint(
    " AND ".join(f"{element} BETWEEN 1 AND 5" for element in ELEMENTS), name="scores"))


ledger_records.register(
    "charter",
    Charter,
    lambda c: {"action_id": c.action_id, "number": c.number, "sha256": c.sha256, "created_by_id": c.created_by_id,
               "created_at": iso_utc(c.created_at)},
)
ledger_records.register(
    "charter_signature",
    CharterSignature,
    lambda s: {"charter_id": s.charter_id, "signer_id": s.signer_id, "signed_at": iso_utc(s.signed_at),
               "payload": s.payload, "signature": s.signature.hex()},
)
ledger_records.register(
    "meeting_decision",
    FollowUp,
    lambda f: {"action_id": f.action_id, "meeting_id": f.meeting_id, "text": f.text,
               "organisation_id": f.organisation_id, "due_on": f.due_on.isoformat(), "status": f.status,
               "status_changed_at": iso_utc(f.status_changed_at)},
)
