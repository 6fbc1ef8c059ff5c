"""From a talent Event to a webhook payload: which kinds become which webhook events, and what they carry.

Public ids and codes only, never a name, an e-mail address, a free text or a salary: a receiver that needs more
asks the API with its own token (GET /api/v1/candidates/{candidate_id}, /offers/{offer_id}...), where roles,
scopes and the audit log apply. So a delivery log, a receiver's logs or a misdirected POST expose nobody.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from vivier.talent.models import Decline, Event, EventKind
from vivier.webhooks.models import WebhookEvent

KIND_TO_EVENT: dict[str, str] = {
    EventKind.OFFER_DECLINED: WebhookEvent.DECLINE_RECORDED,
    EventKind.CONSENT_GIVEN: WebhookEvent.CONSENT_GIVEN,
    EventKind.CONSENT_WITHDRAWN: WebhookEvent.CONSENT_WITHDRAWN,
    EventKind.CANDIDATE_OPEN_AGAIN: WebhookEvent.CANDIDATE_OPEN,
    EventKind.MESSAGE_SENT: WebhookEvent.MESSAGE_SENT,
}


def iso(moment: dt.datetime) -> str:
    """ISO 8601 in UTC with a Z, to the millisecond: what every JSON parser reads."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _id(obj) -> str | None:
    return str(obj.public_id) if obj is not None else None


def _decline(event: Event) -> dict[str, Any]:
    # offer_decline writes the event right after the decline, in its transaction: the latest decline of the
    # candidate for this job is the one just recorded.
    decline = (
        Decline.objects.filter(candidate=event.candidate, job=event.job)
        .order_by("-id")
        .values("public_id", "offer__public_id", "kind", "open_to_future")
        .first()
    ) or {}
    data = event.data or {}
    return {
        "decline_id": str(decline["public_id"]) if decline else None,
        "offer_id": str(decline["offer__public_id"]) if decline else None,
        "candidate_id": _id(event.candidate),
        "job_id": _id(event.job),
        "client_id": _id(event.client),
        "kind": data.get("kind") or decline.get("kind"),
        "reasons": list(data.get("reasons") or []),
        "primary_reason": data.get("primary_reason"),
        "open_to_future": decline.get("open_to_future"),
    }


def _consent(event: Event) -> dict[str, Any]:
    data = event.data or {}
    return {
        "consent_id": data.get("consent"),
        "candidate_id": _id(event.candidate),
        "purpose": data.get("purpose"),
        "channel": data.get("channel"),
    }


def _open_again(event: Event) -> dict[str, Any]:
    return {"candidate_id": _id(event.candidate)}


def _message(event: Event) -> dict[str, Any]:
    data = event.data or {}
    # Not the subject nor the address, which the event keeps for the timeline: the receiver has the ids.
    return {"message_id": data.get("message"), "candidate_id": _id(event.candidate), "kind": data.get("kind")}


BUILDERS: dict[str, Callable[[Event], dict[str, Any]]] = {
    WebhookEvent.DECLINE_RECORDED: _decline,
    WebhookEvent.CONSENT_GIVEN: _consent,
    WebhookEvent.CONSENT_WITHDRAWN: _consent,
    WebhookEvent.CANDIDATE_OPEN: _open_again,
    WebhookEvent.MESSAGE_SENT: _message,
}


def envelope(*, event_id: str, event_type: str, created_at: dt.datetime, data: dict[str, Any]) -> dict:
    return {"id": event_id, "type": event_type, "created_at": iso(created_at), "data": data}


def payload_of(event: Event, event_type: str) -> dict:
    return envelope(
        event_id=str(event.public_id),
        event_type=event_type,
        created_at=event.created_at,
        data=BUILDERS[event_type](event),
    )
