"""Concurrent writes on one action (issue 9 §8), with real threads against the real database (SQLite or
PostgreSQL, whichever the run uses): every answer is a success or a 409 with a message, never a 500, and
nothing is half-written."""
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from pactplatform.actions.models import DocumentVersion, Signature, SignedPdf
from pactplatform.extensions import db
from pactplatform.ledger import audit
from tests import factories
from tests.action_fixtures import party_of
from tests.conftest import csrf_token, login


def _clients(app, email: str, count: int, path: str):
    """`count` clients sharing one logged-in session (as one user's many tabs would), and its CSRF token."""
    first = app.test_client()
    login(first, email)
    token = csrf_token(first, path)
    cookie = first.get_cookie("session")
    clients = []
    for _ in range(count):
        client = app.test_client()
        client.set_cookie(cookie.key, cookie.value)
        clients.append(client)
    return clients, token


def _together(clients, post):
    """Each client posts once; all start at the same moment."""
    barrier = threading.Barrier(len(clients))

    def run(indexed):
        index, client = indexed
        barrier.wait()
        response = post(index, client)
        return response.status_code, response.get_data(as_text=True)

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return list(pool.map(run, enumerate(clients)))


def test_fifty_parallel_edits_of_one_document(app, pact, bureau):
    url = f"/t/biro/actions/{pact.id}"
    clients, token = _clients(app, bureau["officer"].email, 50, url)
    body = pact.current_version.body
    answers = _together(clients, lambda i, client: client.post(f"{url}/document", data={
        "csrf_token": token, "body": body + f"\nPerubahan {i}.\n", "note": f"Edit {i}", "base_version": "1"}))

    statuses = sorted(status for status, _ in answers)
    assert set(statuses) <= {302, 409}, statuses
    assert statuses.count(302) == 1  # everyone edited version 1: the first to save wins
    for status, page in answers:
        if status == 409:
            assert "Versi 2 disimpan ketika Anda sedang menyunting versi 1" in page
    numbers = db.session.scalars(select(DocumentVersion.number).where(DocumentVersion.action_id == pact.id)
                                 .order_by(DocumentVersion.number)).all()
    assert numbers == [1, 2]
    assert audit.verify().ok


def test_fifty_parallel_edits_each_from_the_latest_version_are_serialised(app, pact, bureau):
    """Without a base version (an API-like client that always edits the latest): all succeed, numbered
    without gaps or duplicates."""
    url = f"/t/biro/actions/{pact.id}"
    clients, token = _clients(app, bureau["officer"].email, 50, url)
    body = pact.current_version.body
    answers = _together(clients, lambda i, client: client.post(f"{url}/document", data={
        "csrf_token": token, "body": body + f"\nPerubahan {i}.\n"}))
    assert sorted(status for status, _ in answers) == [302] * 50
    numbers = db.session.scalars(select(DocumentVersion.number).where(DocumentVersion.action_id == pact.id)
                                 .order_by(DocumentVersion.number)).all()
    assert numbers == list(range(1, 52))
    assert audit.verify().ok


def test_twenty_parallel_signatures_of_one_party(app, pact, bureau):
    party = party_of(pact, bureau["firm_a"])
    url = f"/t/biro/actions/{pact.id}/sign/{party.id}"
    clients, token = _clients(app, bureau["signer_a"].email, 20, url)
    answers = _together(clients, lambda i, client: client.post(url, data={
        "csrf_token": token, "passphrase": factories.SIGNING_PASSPHRASE, "version": "1"}))

    statuses = sorted(status for status, _ in answers)
    assert statuses == [302] + [409] * 19, statuses
    for status, page in answers:
        if status == 409:
            assert "PT Alpha sudah menandatangani versi ini." in page
    assert db.session.scalar(select(func.count(Signature.id)).where(Signature.party_id == party.id)) == 1
    assert db.session.scalar(select(SignedPdf.signature_count)) == 1
    assert audit.verify().ok
