"""The rights endpoints of the JSON API: export everything held on a person, and erase them.

Mounted by vivier/api/api.py (`api.add_router("/", privacy_router)`). Both need a role that writes and a
write-scoped token (a viewer's token gets 403): an export is personal data leaving the product, and erasure
cannot be undone. After an erasure, every id of the person answers 404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from vivier.api.auth import write_auth
from vivier.api.errors import WRITE_ERRORS, documented
from vivier.api.inputs import NOT_BLANK, InputSchema
from vivier.privacy import services
from vivier.talent import selectors

router = Router(tags=["privacy"], auth=write_auth)


class ExportOut(Schema):
    format: str = Field(description="vivier-export-1")
    exported_at: str
    candidate_id: str
    sections: dict[str, list[dict[str, Any]]] = Field(
        description="One key per table holding the person's data (app.Model), each a list of rows."
    )


class EraseIn(InputSchema):
    # Unknown keys stay ignored here as they always were: an erasure must not fail on a client's extra key.
    model_config = ConfigDict(extra="ignore")

    reason: str = Field(
        min_length=1,
        max_length=300,
        description="Why (for the log); no personal details.",
        json_schema_extra={"pattern": NOT_BLANK},
    )


class EraseOut(Schema):
    candidate_id: str
    erased: bool
    declines_kept: int = Field(description="Declines kept as anonymous statistics.")


@router.get("/candidates/{candidate_id}/export", response=documented({200: ExportOut}, *WRITE_ERRORS, 404))
def candidate_export(request: HttpRequest, candidate_id: str):
    candidate = selectors.candidate_get(candidate_id)
    return services.candidate_export(candidate=candidate, by=request.user, request=request)


@router.post("/candidates/{candidate_id}/erase", response=documented({200: EraseOut}, *WRITE_ERRORS, 404))
def candidate_erase(request: HttpRequest, candidate_id: str, payload: EraseIn):
    candidate = selectors.candidate_get(candidate_id)
    result = services.candidate_erase(
        candidate=candidate, by=request.user, reason=payload.reason, request=request
    )
    return {"candidate_id": result["candidate"], "erased": True, "declines_kept": result["declines_kept"]}
