"""Imports every domain's models so the metadata (and Alembic) sees every table."""
from .accounts.models import User  # noqa: F401
from .ledger.models import LedgerEntry, LedgerNode, LedgerState, LedgerTreeHead  # noqa: F401
from .orgs.models import Organisation, Representative  # noqa: F401
from .tenancy.models import Invitation, Membership, Tenant  # noqa: F401
from .actions.models import (  # noqa: F401
    ActionItem, CollectiveAction, DocumentVersion, GateJustification, MonitorAssignment, Party, PartyRemoval, Signature,
    SignedPdf, Tender,
)
from .signing.models import SigningKey  # noqa: F401
from .monitoring.models import CaseEvent, Evidence, MonitoringReport, ViolationCase, ViolationType  # noqa: F401
from .sanctions.models import HonourSetting, HonouredTenant, Sanction, SanctionChange, SanctionObjection  # noqa: F401
from .procurement.models import Award, Bid, ContractingProcess, Contract, OcdsImport, PartyFlag, ProcessParty, RedFlagSettings, TenderFlag  # noqa: F401
from .risk.models import MethodologyDraft, MethodologyVersion, QuestionnaireAnswers, RiskEvent, RiskScore  # noqa: F401
from .certification.models import (  # noqa: F401
    Answer, Application, ApplicationEvent, AuditorAssignment, BenefitSetting, Certificate, CertificateDecree,
    EvidenceLink, Scheme, SchemeVersion,
)
from .progress.models import ActionCoordinator, Goal, Indicator, ProgressUpdate, SmallWin  # noqa: F401
from .notifications.models import Follow, Notification, Preference, Webhook, WebhookDelivery  # noqa: F401
from .reports.models import Report, ReportEvent, ReportFile, ReportMessage, ReportRecipient, ReportSettings  # noqa: F401
from .collaboration.models import (  # noqa: F401
    Charter, CharterSignature, FollowUp, Meeting, MeetingAttendance, SurveyAnswerSet, SurveyParticipation, SurveyRound,
    SurveyTemplateVersion,
)
from .registry.models import RegistryCounter, SearchEntry  # noqa: F401
