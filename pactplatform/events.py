"""Domain events: one in-process bus for what just happened, so that higher domains (risk scores,
notifications) follow events without the domains that cause them knowing about them.

The transparency log publishes every entry it appends (ledger/operations.py). A domain whose event must not
go to the public log (an anonymous report and its messages) publishes it here directly.

A callback runs synchronously in the publisher's transaction: callback(event_type, subject, tenant_id,
**details). It must not publish in turn (no event loops) and should only note what to do or write rows
of its own in the same transaction (a notification outbox row, a pending score); it must not commit.
"""
_subscribers: list = []


def subscribe(callback) -> None:
    if callback not in _subscribers:
        _subscribers.append(callback)


def unsubscribe(callback) -> None:
    if callback in _subscribers:
        _subscribers.remove(callback)


def publish(event_type: str, subject, tenant_id: int | None, **details) -> None:
    for callback in list(_subscribers):
        callback(event_type, subject, tenant_id, **details)
