"""`GET /api/v1/jobs/{id}/rediscovery` (API.md): a ninja Router, mounted by vivier.api.api.

Mount with `api.add_router("/", vivier.matching.api.router)`; the path is "/jobs/{job_id}/rediscovery".
"""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from vivier.api.auth import read_auth
from vivier.api.errors import READ_ERRORS, documented
from vivier.matching.selectors import MAX_LIMIT, rediscover
from vivier.talent import selectors as talent

router = Router(tags=["rediscovery"], auth=read_auth)


class RediscoveryParams(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="how many people, best first (1 to 200)")
    include_uncontactable: bool = Field(
        False, description="also list people who may not be contacted, marked"
    )


class Components(Schema):
    text: float = Field(..., ge=0, le=1)
    fit: float = Field(..., ge=0, le=1)
    decline_resolution: float = Field(..., ge=0, le=1)
    relationship: float = Field(..., ge=0, le=1)


class MatchOut(Schema):
    candidate_id: UUID
    score: float = Field(..., ge=0, le=1)
    components: Components
    explanations: list[str]
    resolves: list[str] = Field(..., description="decline reason codes that this job answers")
    contactable: bool


class RediscoveryOut(Schema):
    items: list[MatchOut]


@router.get("/jobs/{job_id}/rediscovery", response=documented({200: RediscoveryOut}, *READ_ERRORS, 404))
def job_rediscovery(request: HttpRequest, job_id: str, params: Query[RediscoveryParams]):
    job = talent.job_get(job_id)
    matches = rediscover(job, limit=params.limit, include_uncontactable=params.include_uncontactable)
    return {
        "items": [
            {
                "candidate_id": m.candidate.public_id,
                "score": min(1.0, max(0.0, m.score)),
                "components": m.components,
                "explanations": [str(e) for e in m.explanations],
                "resolves": m.resolves,
                "contactable": m.contactable,
            }
            for m in matches
        ]
    }
