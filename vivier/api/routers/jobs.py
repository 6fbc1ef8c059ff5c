from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from vivier.api.auth import write_auth
from vivier.api.errors import READ_ERRORS, WRITE_ERRORS, documented
from vivier.api.lookups import referenced
from vivier.api.pagination import PageParams, page_schema, paginated
from vivier.api.schemas import JobFilters, JobIn, JobOut, JobPatch
from vivier.talent import selectors, services

router = Router(tags=["jobs"])
JobPage = page_schema(JobOut, "JobPage")


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    """The service takes the client row, the API a client id."""
    if "client_id" in data:
        data["client"] = referenced(selectors.client_get, data.pop("client_id"), field="client_id")
    return data


@router.post("/jobs", auth=write_auth, response=documented({201: JobOut}, *WRITE_ERRORS, 404))
def job_create(request: HttpRequest, payload: JobIn):
    # Only what was sent: the service suggests the ROME code and applies the model's defaults for the rest.
    job = services.job_create(by=request.user, **_fields(payload.model_dump(exclude_unset=True)))
    return Status(201, job)


# 404: a `client_id` filter that names no client (the error names the field).
@router.get("/jobs", response=documented({200: JobPage}, *READ_ERRORS, 404))
def job_list(request: HttpRequest, filters: Query[JobFilters], page: Query[PageParams]):
    client = (
        referenced(selectors.client_get, filters.client_id, field="client_id") if filters.client_id else None
    )
    qs = selectors.job_list(q=filters.q, status=filters.status or "", client=client)
    return paginated(request, qs, page)


@router.get("/jobs/{job_id}", response=documented({200: JobOut}, *READ_ERRORS, 404))
def job_detail(request: HttpRequest, job_id: str):
    return selectors.job_get(job_id)


# 409: a concurrent change of the other bound of the salary range (the database's check refuses the pair).
@router.patch("/jobs/{job_id}", auth=write_auth, response=documented({200: JobOut}, *WRITE_ERRORS, 404, 409))
def job_update(request: HttpRequest, job_id: str, payload: JobPatch):
    job = selectors.job_get(job_id)
    return services.job_update(job=job, by=request.user, **_fields(payload.model_dump(exclude_unset=True)))
