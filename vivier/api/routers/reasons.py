from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from vivier.api.errors import READ_ERRORS, documented
from vivier.api.schemas import ReasonFilters, ReasonOut
from vivier.talent import selectors

router = Router(tags=["decline reasons"])


@router.get("/decline-reasons", response=documented({200: list[ReasonOut]}, *READ_ERRORS))
def reason_list(request: HttpRequest, filters: Query[ReasonFilters]):
    """The whole taxonomy (a few dozen rows), not paginated. Codes are stable; labels may change."""
    qs = selectors.reason_list(active_only=filters.active is True)
    return qs.filter(active=False) if filters.active is False else qs
