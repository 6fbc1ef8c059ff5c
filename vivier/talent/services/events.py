from __future__ import annotations

from typing import Any

from django.db import transaction

from vivier.talent.models import Event


def event_record(
    *, kind: str, actor=None, candidate=None, client=None, job=None, data: dict[str, Any] | None = None
) -> Event:
    """Append one event. Must run inside the transaction of the change it describes."""
    assert transaction.get_connection().in_atomic_block, "events are written in the change's transaction"
    event = Event.objects.create(
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        candidate=candidate,
        client=client,
        job=job,
        data=data or {},
    )
    # Outgoing webhooks are enqueued in this same transaction (the outbox rule); no query without an endpoint.
    from vivier.webhooks.services import webhook_enqueue  # webhooks depend on talent, not the reverse

    webhook_enqueue(event=event)
    return event
