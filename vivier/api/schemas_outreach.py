"""Schemas of the outbox endpoints (split from schemas.py, which holds the talent resources)."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from ninja import Field, Schema

from vivier.api.inputs import NOT_BLANK, ONE_LINE, InputSchema, IsoDateTime, PatchSchema, QuerySchema
from vivier.outreach.models import MessageKind, MessageStatus


class MessageOut(Schema):
    id: UUID = Field(validation_alias="public_id")
    candidate_id: UUID
    kind: MessageKind
    status: MessageStatus
    due_at: dt.datetime
    sent_at: dt.datetime | None
    to: str = Field(validation_alias="to_email")
    subject: str
    language: str

    @staticmethod
    def resolve_candidate_id(obj) -> UUID:
        return obj.candidate.public_id


class MessageDetail(MessageOut):
    body_text: str
    cadence_key: str
    last_error: str


class MessageFilters(QuerySchema):
    candidate_id: UUID | None = None
    status: MessageStatus | None = None
    kind: MessageKind | None = None


class MessagePatch(PatchSchema):
    due_at: IsoDateTime | None = Field(None, description="ISO 8601 with its offset.")
    subject: str | None = Field(None, max_length=250, json_schema_extra={"pattern": ONE_LINE})
    body_text: str | None = Field(None, max_length=50_000, json_schema_extra={"pattern": NOT_BLANK})


class ReplyIn(InputSchema):
    note: str = Field("", max_length=2000)


class ReplyResult(Schema):
    candidate_id: UUID
    paused: list[MessageOut]
