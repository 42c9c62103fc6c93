"""The monitoring report's PDF: the monitor's text, the pact and the state of its cases, plain values only."""
from collections import Counter

from flask_babel import force_locale
from sqlalchemy import select

from ..actions.policies import PARTY_ROLE_LABELS
from ..actions.text import render_markdown
from ..documents.links import public_url
from ..documents.pdf import render_pdf
from ..documents.qr import qr_svg
from ..extensions import db
from .models import CASE_STATUS_LABELS, CASE_STATUSES, REPORT_KIND_LABELS, ViolationCase
from .verification import verification_path


def _values(report, tenant, author) -> dict:
    action = report.action
    cases = db.session.scalars(select(ViolationCase).where(ViolationCase.action_id == action.id)).all()
    counts = Counter(case.status for case in cases)
    tender = action.tender
    return {
        "title": report.title,
        "kind_label": str(REPORT_KIND_LABELS[report.kind]),
        "tenant_name": tenant.name,
        "action_title": action.title,
        "tender": None if tender is None else {"code": tender.code, "title": tender.title, "year": tender.year},
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        "published_at": report.published_at.isoformat(timespec="minutes") + " UTC",
        "author_name": author.name,
        "body_html": render_markdown(report.body),
        "parties": [{"name": p.organisation.name, "role": str(PARTY_ROLE_LABELS[p.role])} for p in action.parties],
        "case_counts": [(str(CASE_STATUS_LABELS[s]), counts.get(s, 0)) for s in CASE_STATUSES],
        "case_total": len(cases),
        "verification_url": public_url(verification_path(action.id, report.id)),
        "qr_svg": qr_svg(public_url(verification_path(action.id, report.id))),
    }


def render(report, tenant, author) -> bytes:
    with force_locale(tenant.default_locale):
        return render_pdf("pdf/monitoring_report.html", **_values(report, tenant, author))
