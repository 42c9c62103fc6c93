"""Which signed PDFs are monitoring reports: the finder signing/pdf_check.py asks about an upload.

A report's PDF carries one signature, its monitor's, so the whole stored file is that signature's
revision and `MonitoringReport.sha256` (kept since publication, and in the transparency log) is the
hash an uploaded copy's signed revision must have.
"""
from collections.abc import Collection

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import User
from ..actions.models import DRAFT, CollectiveAction
from ..actions.queries import PUBLIC
from ..extensions import db
from ..signing import pdf_check
from .models import MonitoringReport

MONITORING_REPORT = "monitoring_report"


def report_url(action_id: int, report_id: int) -> str:
    return f"/actions/{action_id}/reports/{report_id}.pdf"


def verification_path(action_id: int, report_id: int) -> str:
    return f"/verify/actions/{action_id}/reports/{report_id}"


def _description(title: str, action_title: str):
    return _l("the monitoring report “%(title)s” of “%(action)s”", title=title, action=action_title)


def _find_reports(hashes: Collection[str]) -> dict[str, pdf_check.KnownSignature]:
    rows = db.session.execute(
        select(MonitoringReport.id, MonitoringReport.sha256, MonitoringReport.title, User.name,
               CollectiveAction.id, CollectiveAction.title, CollectiveAction.status)
        .join(CollectiveAction, MonitoringReport.action_id == CollectiveAction.id)
        .join(User, MonitoringReport.author_id == User.id)
        .where(MonitoringReport.sha256.in_(list(hashes)))
        .execution_options(**PUBLIC)
    ).all()
    known = {}
    for report_id, digest, title, author, action_id, action_title, status in rows:
        key = (MONITORING_REPORT, report_id)
        if status == DRAFT:
            known[digest] = pdf_check.KnownSignature(
                pdf_check.SignedDocument(key, _l("a document of an action that is not public")),
                record=_l("a signature of an action that is not public"))
            continue
        known[digest] = pdf_check.KnownSignature(
            pdf_check.SignedDocument(key, _description(title, action_title), verification_path(action_id, report_id)),
            record=_l("%(name)s, independent monitor", name=author),
            record_url=report_url(action_id, report_id),
        )
    return known


pdf_check.register_finder(MONITORING_REPORT, _find_reports)


def expected_document(report: MonitoringReport) -> pdf_check.SignedDocument:
    return pdf_check.SignedDocument((MONITORING_REPORT, report.id), _description(report.title, report.action.title),
                                    verification_path(report.action_id, report.id))


def check_upload(report: MonitoringReport, data: bytes | None) -> pdf_check.Verification:
    return pdf_check.verify_upload(data, expected_document(report))
