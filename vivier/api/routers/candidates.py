from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from vivier.accounts.audit import AuditAction, audit_record
from vivier.api.auth import write_auth
from vivier.api.errors import READ_ERRORS, WRITE_ERRORS, documented
from vivier.api.pagination import PageParams, page_schema, paginated
from vivier.api.schemas import (
    CandidateDetail,
    CandidateFilters,
    CandidateIn,
    CandidateListItem,
    CandidateOut,
    CandidatePatch,
)
from vivier.talent import selectors, services

router = Router(tags=["candidates"])
CandidatePage = page_schema(CandidateListItem, "CandidatePage")


class ProfileView:
    """The candidate's attributes, with the profile's loaded lists in place of the related managers of the
    same names (`candidate.applications` would query again, once per row)."""

    LISTS = frozenset({"applications", "declines", "exclusions", "timeline"})

    def __init__(self, profile: selectors.CandidateProfile) -> None:
        self._profile = profile

    def __getattr__(self, name: str):
        return getattr(self._profile, name) if name in self.LISTS else getattr(self._profile.candidate, name)


ALLOW_DUPLICATE = (
    "Create or change anyway when only the phone or LinkedIn profile matches another candidate "
    "(a shared switchboard number). A duplicate e-mail is always refused."
)


@router.post("/candidates", auth=write_auth, response=documented({201: CandidateOut}, *WRITE_ERRORS, 409))
def candidate_create(
    request: HttpRequest,
    payload: CandidateIn,
    allow_duplicate: bool = Query(False, description=ALLOW_DUPLICATE),
):  # noqa: B008
    candidate = services.candidate_create(
        by=request.user, allow_possible_duplicate=allow_duplicate, **payload.model_dump(exclude_unset=True)
    )
    return Status(201, candidate)


@router.get("/candidates", response=documented({200: CandidatePage}, *READ_ERRORS))
def candidate_list(request: HttpRequest, filters: Query[CandidateFilters], page: Query[PageParams]):
    criteria = {
        "q": filters.q,
        "city": filters.city,
        "remote_preference": filters.remote_preference or "",
        "language": filters.language or "",
        "declined": filters.declined,
    }
    qs = selectors.candidate_list(**criteria)
    return paginated(request, qs, page, count=selectors.candidate_list_count(**criteria))


@router.get("/candidates/{candidate_id}", response=documented({200: CandidateDetail}, *READ_ERRORS, 404))
def candidate_detail(request: HttpRequest, candidate_id: str):
    candidate = selectors.candidate_get(candidate_id)
    audit_record(
        action=AuditAction.PROFILE_VIEWED,
        request=request,
        target_type="candidate",
        target_id=candidate.public_id,
        data={"via": "api"},
    )
    return ProfileView(selectors.candidate_profile(candidate))


@router.patch(
    "/candidates/{candidate_id}",
    auth=write_auth,
    response=documented({200: CandidateOut}, *WRITE_ERRORS, 404, 409),
)
def candidate_update(
    request: HttpRequest,
    candidate_id: str,
    payload: CandidatePatch,
    allow_duplicate: bool = Query(False, description=ALLOW_DUPLICATE),
):  # noqa: B008
    candidate = selectors.candidate_get(candidate_id)
    return services.candidate_update(
        candidate=candidate,
        by=request.user,
        allow_possible_duplicate=allow_duplicate,
        **payload.model_dump(exclude_unset=True),
    )
