from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from vivier.api.auth import write_auth
from vivier.api.errors import READ_ERRORS, WRITE_ERRORS, documented
from vivier.api.lookups import referenced
from vivier.api.pagination import PageParams, page_schema, paginated
from vivier.api.schemas import ExclusionFilters, ExclusionIn, ExclusionOut
from vivier.talent import selectors, services

router = Router(tags=["exclusions"])
ExclusionPage = page_schema(ExclusionOut, "ExclusionPage")


@router.post(
    "/exclusions", auth=write_auth, response=documented({201: ExclusionOut}, *WRITE_ERRORS, 404, 409)
)
def exclusion_create(request: HttpRequest, payload: ExclusionIn):
    """Do not present this candidate to this client until `expires_on`; the candidate stays in the pool."""
    candidate = referenced(selectors.candidate_get, payload.candidate_id, field="candidate_id")
    client = referenced(selectors.client_get, payload.client_id, field="client_id")
    exclusion = services.exclusion_create(
        by=request.user,
        candidate=candidate,
        client=client,
        reason=payload.reason,
        expires_on=payload.expires_on,
    )
    return Status(201, exclusion)


@router.get("/exclusions", response=documented({200: ExclusionPage}, *READ_ERRORS, 404))
def exclusion_list(request: HttpRequest, filters: Query[ExclusionFilters], page: Query[PageParams]):
    candidate = (
        referenced(selectors.candidate_get, filters.candidate_id, field="candidate_id")
        if filters.candidate_id
        else None
    )
    client = (
        referenced(selectors.client_get, filters.client_id, field="client_id") if filters.client_id else None
    )
    qs = selectors.exclusion_list(candidate=candidate, client=client, active_only=filters.active is True)
    return paginated(request, qs, page)


@router.post(
    "/exclusions/{exclusion_id}/lift",
    auth=write_auth,
    response=documented({200: ExclusionOut}, *WRITE_ERRORS, 404),
)
def exclusion_lift(request: HttpRequest, exclusion_id: str):
    """End an exclusion before its date (the client changed its mind)."""
    return services.exclusion_lift(by=request.user, exclusion=selectors.exclusion_get(exclusion_id))
