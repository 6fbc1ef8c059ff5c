"""The outbox: list, change, send now, cancel; and the candidate's replies, which pause their cadence."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from vivier.api.auth import write_auth
from vivier.api.errors import READ_ERRORS, WRITE_ERRORS, documented
from vivier.api.lookups import referenced
from vivier.api.pagination import PageParams, page_schema, paginated
from vivier.api.schemas_outreach import (
    MessageDetail,
    MessageFilters,
    MessageOut,
    MessagePatch,
    ReplyIn,
    ReplyResult,
)
from vivier.outreach import selectors, services
from vivier.outreach.models import Message
from vivier.talent import selectors as talent_selectors
from vivier.talent.selectors import _uuid

router = Router(tags=["messages"])
MessagePage = page_schema(MessageOut, "MessagePage")


def _message(message_id: str) -> Message:
    return get_object_or_404(Message.objects.select_related("candidate"), public_id=_uuid(message_id))


@router.get("/messages", response=documented({200: MessagePage}, *READ_ERRORS, 404))
def message_list(request: HttpRequest, filters: Query[MessageFilters], page: Query[PageParams]):
    """The outbox, latest due first. `candidate_id` unknown: 404 naming the field."""
    candidate = None
    if filters.candidate_id:
        candidate = referenced(talent_selectors.candidate_get, filters.candidate_id, field="candidate_id")
    qs = selectors.message_list(candidate=candidate, status=filters.status, kind=filters.kind)
    return paginated(request, qs, page)


@router.get("/messages/{message_id}", response=documented({200: MessageDetail}, *READ_ERRORS, 404))
def message_detail(request: HttpRequest, message_id: str):
    return _message(message_id)


@router.patch(
    "/messages/{message_id}",
    auth=write_auth,
    response=documented({200: MessageDetail}, *WRITE_ERRORS, 404, 409),
)
def message_update(request: HttpRequest, message_id: str, payload: MessagePatch):
    """Change the date, the subject or the text of a message that has not gone (scheduled or in review); 409
    once the worker has claimed it or it was sent, cancelled or failed."""
    return services.message_update(
        message=_message(message_id), by=request.user, **payload.model_dump(exclude_unset=True)
    )


@router.post(
    "/messages/{message_id}/send-now",
    auth=write_auth,
    response=documented({200: MessageDetail}, *WRITE_ERRORS, 404, 409),
)
def message_send_now(request: HttpRequest, message_id: str):
    """Due now (the worker sends it within seconds); approves a message waiting for review."""
    return services.message_send_now(message=_message(message_id), by=request.user)


@router.post(
    "/messages/{message_id}/cancel",
    auth=write_auth,
    response=documented({200: MessageDetail}, *WRITE_ERRORS, 404, 409),
)
def message_cancel(request: HttpRequest, message_id: str):
    return services.message_cancel(message=_message(message_id), by=request.user)


@router.post(
    "/candidates/{candidate_id}/replied",
    auth=write_auth,
    response=documented({200: ReplyResult}, *WRITE_ERRORS, 404),
)
def candidate_replied(request: HttpRequest, candidate_id: str, payload: ReplyIn):
    """Log a reply from the candidate (an event on the timeline). The cadence pauses: its messages still
    scheduled move to `review`, where a recruiter approves, edits or cancels each."""
    candidate = talent_selectors.candidate_get(candidate_id)
    paused = services.candidate_replied(candidate=candidate, by=request.user, note=payload.note)
    for message in paused:
        message.candidate = candidate
    return {"candidate_id": candidate.public_id, "paused": paused}
