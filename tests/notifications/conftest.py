"""Real receivers on loopback for the worker's deliveries: an SMTP server (aiosmtpd) and an HTTP server for
webhooks, each started by the test that needs it; and helpers to read the outbox."""
import json
import socket
import threading
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from sqlalchemy import select

from pactplatform.extensions import db
from pactplatform.notifications.models import Notification
from tests.certification.conftest import body  # noqa: F401  (the certification body fixture)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Collector:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp_server(app, monkeypatch):
    """A real SMTP server on loopback; the app sends to it. Yields the list of parsed messages received."""
    from aiosmtpd.controller import Controller

    collector = _Collector()
    port = _free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    monkeypatch.setitem(app.config, "SMTP_TLS", "none")
    yield collector.messages
    controller.stop()


@pytest.fixture
def outbox_dir(app, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.setitem(app.config, "SMTP_HOST", "")
    return tmp_path / "outbox"


@pytest.fixture
def receiver(app, monkeypatch):
    """A real HTTP server on loopback for webhooks. `answers` is the list of statuses to give (then 200)."""
    received, answers = [], []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"headers": self.headers, "body": body})  # case-insensitive, as HTTP is
            status = answers.pop(0) if answers else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOWED_HOSTS", ("127.0.0.1",))
    yield {"url": f"http://127.0.0.1:{server.server_port}/hook", "received": received, "answers": answers}
    server.shutdown()
    server.server_close()


def notifications(kind: str | None = None) -> list[Notification]:
    query = select(Notification).order_by(Notification.id)
    if kind is not None:
        query = query.where(Notification.kind == kind)
    return list(db.session.scalars(query))


def recipients(kind: str) -> list[int]:
    return sorted(n.user_id for n in notifications(kind))


def params(notification: Notification) -> dict:
    return json.loads(notification.params)
