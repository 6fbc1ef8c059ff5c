from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from vivier.api.auth import write_auth
from vivier.api.errors import WRITE_ERRORS, documented
from vivier.api.lookups import referenced
from vivier.api.schemas import ApplicationIn, ApplicationOut
from vivier.talent import selectors, services

router = Router(tags=["applications"])


@router.post(
    "/applications", auth=write_auth, response=documented({201: ApplicationOut}, *WRITE_ERRORS, 404, 409)
)
def application_create(request: HttpRequest, payload: ApplicationIn):
    """Put a candidate on a job.

    409 when the job is closed, the candidate is excluded for its client, or is on the job already.
    """
    candidate = referenced(selectors.candidate_get, payload.candidate_id, field="candidate_id")
    job = referenced(selectors.job_get, payload.job_id, field="job_id")
    application = services.application_create(by=request.user, candidate=candidate, job=job)
    return Status(201, application)
