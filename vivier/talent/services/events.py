from __future__ import annotations

from typing import Any

from django.db import transaction

from vivier.talent.models import Event


def event_record(
    *, kind: str, actor=None, candidate=None, client=None, job=None, data: dict[str, Any] | None = None
) -> Event:
    """Append one event. Must run inside the transaction of the change it describes."""
    assert transaction.get_connection().in_atomic_block, "events are written in the change's transaction"
    return Event.objects.create(
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        candidate=candidate,
        client=client,
        job=job,
        data=data or {},
    )
