"""Which webhook events any active endpoint subscribes to, remembered per process.

Every event recorded by Vivier asks this (vivier.talent.services.event_record → webhook_enqueue), the worker's
"message sent" included, so the common answer ("no endpoint wants this") must cost no query. The set is read
from the database at most once every TTL seconds per process; a change of an endpoint forgets it at once in
the process that made it (and again at commit), and within TTL seconds in the others. So an endpoint created
or changed in one web process receives the events recorded elsewhere from at most TTL seconds later.

A stale "someone subscribes" is harmless: the enqueue reads the endpoints themselves before writing.
"""

from __future__ import annotations

import time

from django.db import transaction

TTL = 10.0  # seconds
_clock = time.monotonic  # replaced by the tests that move past the TTL

# (valid until, is there any active endpoint, the event types they subscribe to)
_memo: tuple[float, bool, frozenset[str]] | None = None


def _read() -> tuple[float, bool, frozenset[str]]:
    global _memo
    memo = _memo
    now = _clock()
    if memo is not None and memo[0] > now:
        return memo
    from vivier.webhooks.models import WebhookEndpoint

    rows = list(WebhookEndpoint.objects.filter(active=True).values_list("events", flat=True))
    memo = (now + TTL, bool(rows), frozenset(event for events in rows for event in events or []))
    _memo = memo
    return memo


def subscribed_types() -> frozenset[str]:
    """The union of the event types of the active endpoints (one query when the memo is stale)."""
    return _read()[2]


def any_active() -> bool:
    """Is there an active endpoint at all (the worker looks for due deliveries only then)?"""
    return _read()[1]


def forget() -> None:
    """After a change of endpoints: now (this transaction sees it) and once committed (other threads)."""
    global _memo
    _memo = None
    transaction.on_commit(_forget_now)


def _forget_now() -> None:
    global _memo
    _memo = None
