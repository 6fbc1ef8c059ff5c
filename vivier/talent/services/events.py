from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from vivier.talent.models import Event


def event_record(
    *,
    kind: str,
    actor=None,
    candidate=None,
    client=None,
    job=None,
    data: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
    notify: bool = True,
) -> Event:
    """Append one event. Must run inside the transaction of the change it describes.

    `at` dates an event of the past (an imported history) at its creation: events are append-only, a database
    trigger refuses any later UPDATE. `notify=False` keeps such history out of the outgoing webhooks, which
    announce what happens now, not what happened years ago.
    """
    assert transaction.get_connection().in_atomic_block, "events are written in the change's transaction"
    event = Event.objects.create(
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        candidate=candidate,
        client=client,
        job=job,
        data=data or {},
        created_at=at or timezone.now(),
    )
    if notify:
        # Outgoing webhooks are enqueued in this same transaction (the outbox rule); no query without an endpoint.
        from vivier.webhooks.services import webhook_enqueue  # webhooks depend on talent, not the reverse

        webhook_enqueue(event=event)
    return event
