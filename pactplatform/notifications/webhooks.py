"""Webhooks: a tenant's events, as signed JSON, to the URLs its admin registered.

Payload: {"id": <delivery id>, "event": "sanction.decided", "tenant": "<slug>", "subject": {"type", "id"},
"occurred_at": "<UTC ISO>"} — what happened and to which record, never the record's private content; the
receiver fetches what it may see through the API.

Signature: header `X-PactPlatform-Signature: sha256=<hex>` is HMAC-SHA256 over `<timestamp>.<body>` with the
webhook's secret, `X-PactPlatform-Timestamp` the Unix time of the attempt. `X-PactPlatform-Delivery` is the
delivery id, the same on every retry and replay: the receiver's idempotency key.

SSRF: only http(s) URLs; at registration and again at every attempt the host is resolved and refused if any of
its addresses is loopback, private, link-local, multicast or reserved, unless the host is listed in
WEBHOOK_ALLOWED_HOSTS (tests list 127.0.0.1). Redirects are not followed. A DNS answer that changes between
the check and the connection (rebinding) remains possible; production should also send webhooks through an
egress proxy or firewall that drops internal destinations.
"""
import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..errors import OperationError
from ..extensions import db
from ..ledger.canonical import iso_utc
from ..monitoring import clock
from .models import DELIVERED, FAILED, PENDING, Webhook, WebhookDelivery

# The event families an admin may choose (the first part of a log event's name).
FAMILIES = {
    "party": _l("Parties added"),
    "document_version": _l("Document versions"),
    "signature": _l("Signatures"),
    "violation_case": _l("Violation cases"),
    "sanction": _l("Sanctions"),
    "certification_application": _l("Certification applications"),
    "certificate": _l("Certificates"),
    "monitoring_report": _l("Monitoring reports"),
}
SIGNATURE_HEADER = "X-PactPlatform-Signature"
TIMESTAMP_HEADER = "X-PactPlatform-Timestamp"
DELIVERY_HEADER = "X-PactPlatform-Delivery"
EVENT_HEADER = "X-PactPlatform-Event"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """What a receiver does (documented in the README)."""
    return hmac.compare_digest(sign(secret, int(timestamp), body), signature)


class UnsafeUrl(ValueError):
    pass


def check_url(url: str) -> None:
    """Refuse what a webhook must not reach (see the module's note on SSRF)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeUrl(str(_l("Give an http:// or https:// address.")))
    host = parts.hostname
    if host in current_app.config.get("WEBHOOK_ALLOWED_HOSTS", ()):
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError):
        raise UnsafeUrl(str(_l("This address's host name cannot be resolved."))) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global or address.is_multicast:
            raise UnsafeUrl(str(_l("This address leads into a private network; it is not allowed.")))


def register(tenant, actor, url: str, families: list[str]) -> Webhook:
    url = (url or "").strip()
    chosen = [f for f in families if f in FAMILIES]
    problems = []
    if len(url) > 500:
        problems.append(("url", _l("At most %(max)d characters.", max=500)))
    else:
        try:
            check_url(url)
        except UnsafeUrl as error:
            problems.append(("url", str(error)))
    if not chosen:
        problems.append(("kinds", _l("Choose at least one kind of event.")))
    if problems:
        raise OperationError(problems[0][1], field_errors=problems)
    webhook = Webhook(tenant_id=tenant.id, url=url, kinds=" ".join(chosen), secret=secrets.token_hex(32),
                      created_by_id=actor.id)
    db.session.add(webhook)
    db.session.flush()
    return webhook


def remove(webhook: Webhook) -> None:
    webhook.active = False


def replay(delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again (the same id and payload), at the worker's next pass."""
    delivery.state = PENDING
    delivery.next_attempt_at = clock.now()
    delivery.claimed_at = None
    return delivery


def enqueue(event_type: str, subject, tenant_id: int) -> None:
    family = event_type.split(".", 1)[0]
    if family not in FAMILIES:
        return
    hooks = db.session.scalars(select(Webhook).where(Webhook.tenant_id == tenant_id, Webhook.active.is_(True))
                               .execution_options(all_tenants=True)).all()
    hooks = [h for h in hooks if family in h.kind_list]
    if not hooks:
        return
    from ..tenancy.models import Tenant

    slug = db.session.get(Tenant, tenant_id).slug
    for hook in hooks:
        delivery = WebhookDelivery(tenant_id=tenant_id, webhook_id=hook.id, event=event_type, payload="{}",
                                   created_at=clock.now(), next_attempt_at=clock.now())
        db.session.add(delivery)
        db.session.flush()
        delivery.payload = json.dumps({
            "id": delivery.id, "event": event_type, "tenant": slug,
            "subject": {"type": type(subject).__tablename__, "id": subject.id},
            "occurred_at": iso_utc(clock.now()),
        }, sort_keys=True)


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min … capped at 6 h."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 6 * 3600))


def post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    """One attempt: (HTTP status or None, error text). 2xx is success."""
    webhook = delivery.webhook
    body = delivery.payload.encode()
    timestamp = int(time.time())
    try:
        check_url(webhook.url)
    except UnsafeUrl as error:
        return None, str(error)
    request = urllib.request.Request(webhook.url, data=body, method="POST", headers={
        "Content-Type": "application/json", "User-Agent": "PactPlatform-Webhook/1",
        SIGNATURE_HEADER: sign(webhook.secret, timestamp, body), TIMESTAMP_HEADER: str(timestamp),
        DELIVERY_HEADER: str(delivery.id), EVENT_HEADER: delivery.event,
    })
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=current_app.config["WEBHOOK_TIMEOUT_SECONDS"]) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError) as error:
        return None, str(getattr(error, "reason", error))[:500]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def record(delivery: WebhookDelivery, status: int | None, error: str, now) -> None:
    delivery.attempts += 1
    delivery.last_status = status
    delivery.claimed_at = None
    if status is not None and 200 <= status < 300:
        delivery.state, delivery.delivered_at, delivery.last_error = DELIVERED, now, ""
        return
    delivery.last_error = error[:500]
    if delivery.attempts >= current_app.config["WEBHOOK_MAX_ATTEMPTS"]:
        delivery.state = FAILED
    else:
        delivery.state, delivery.next_attempt_at = PENDING, now + backoff(delivery.attempts)
