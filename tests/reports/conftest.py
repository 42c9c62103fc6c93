"""Anonymous reports on the bureau's monitored pact (tests/action_fixtures.py, tests/monitoring_fixtures.py):
filed through the web as a reporter would, or through the operation when the page is not what a test is about."""
import re
from html import unescape

import pytest

from pactplatform import events
from pactplatform.extensions import db
from pactplatform.reports import operations
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.monitoring_fixtures import NOW

RECEIPT = re.compile(r'data-testid="receipt">([0-9 ]{19})<')
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
WHAT = "Panitia meminta uang pelicin dari penawar kecil."


@pytest.fixture
def reporting(monitored, bureau):
    """The pact with its monitor, and a designated recipient (the bureau's officer) who is no monitor."""
    with tenant_scope(bureau["tenant"].id):
        operations.update_settings(bureau["tenant"], bureau["admin"], {
            "acknowledge_days": 7, "feedback_days": 90, "retention_days": 90, "warning_days": 14},
            [bureau["officer"].id])
    db.session.commit()
    return {**bureau, "pact": monitored}


@pytest.fixture
def published():
    """Every event the reports domain publishes during the test."""
    seen = []

    def note(event_type, subject, tenant_id, **details):
        if event_type.startswith("report."):
            seen.append((event_type, subject.id, tenant_id, details))  # the id: the object belongs to a request

    events.subscribe(note)
    yield seen
    events.unsubscribe(note)


def token(client, path: str) -> str:
    return TOKEN.search(client.get(path).get_data(as_text=True)).group(1)


def file_on_page(client, action, files=None, **fields) -> tuple[object, str]:
    """File through the public page; (response, receipt digits)."""
    url = f"/report/actions/{action.id}"
    data = {"what": WHAT, "when": "Maret 2026", "involved": "Ketua panitia", "stage": "selection",
            "csrf_token": token(client, url), **fields}
    if files:
        data["evidence"] = files
    response = client.post(url, data=data, content_type="multipart/form-data")
    match = RECEIPT.search(response.get_data(as_text=True))
    return response, match.group(1).replace(" ", "") if match else None


def follow(client, receipt: str, **environ):
    return client.post("/report/follow", data={"receipt": receipt, "csrf_token": token(client, "/report/")},
                       **environ)


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def file_report(bureau, action, what: str = WHAT, files=None, now=NOW):
    with tenant_scope(bureau["tenant"].id):
        report, receipt = operations.file_report(bureau["tenant"], action, {
            "what": what, "when": "Maret 2026", "involved": "Ketua panitia"}, files, now=now)
    db.session.commit()
    return report, receipt


def new_member(bureau, *roles, name=None):
    person = factories.user(name=name)
    factories.member(bureau["tenant"], person, *roles)
    return person
