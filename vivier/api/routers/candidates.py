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
    CandidatePatch,
    CandidateSaved,
)
from vivier.talent import selectors, services
from vivier.talent.models import Candidate
from vivier.talent.notices import candidate_notices

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
    "Create or change anyway when the LinkedIn profile matches another candidate (a URL typed wrong). A duplicate "
    "e-mail is always refused; a shared phone never is (a `possible_duplicate` warning)."
)
ALLOW_ERASED = (
    "Create anyway when the e-mail belonged to someone erased from the pool: only when they came back of their own "
    "accord (a new application). Imports never bring such a person back."
)
CREATE_DESCRIPTION = """Add a person to the pool. 201 with the candidate and `warnings`, what to check about
the profile (it is saved all the same): `phone_unverified` (the number is kept as written), `possible_duplicate`
(another person has the same phone number: a switchboard, or the same person with another e-mail).

409 `duplicate_candidate` (`existing_id`, `field`) for the e-mail of another candidate, or their LinkedIn profile
unless `allow_duplicate=true`. 409 `erased_candidate` (`field`: `email`) for the e-mail of someone erased from
the pool, unless `allow_erased=true`: the same rule as imports, which skip such rows."""


class Saved:
    """A saved candidate as CandidateSaved reads it: its attributes and the notices about it."""

    def __init__(self, candidate: Candidate) -> None:
        self._candidate = candidate
        self.warnings = [
            {"code": n.code, "message": n.message, "candidate_id": n.other.public_id if n.other else None}
            for n in candidate_notices(candidate)
        ]

    def __getattr__(self, name: str):
        return getattr(self._candidate, name)


@router.post(
    "/candidates",
    auth=write_auth,
    response=documented({201: CandidateSaved}, *WRITE_ERRORS, 409),
    description=CREATE_DESCRIPTION,
)
def candidate_create(
    request: HttpRequest,
    payload: CandidateIn,
    allow_duplicate: bool = Query(False, description=ALLOW_DUPLICATE),  # noqa: B008
    allow_erased: bool = Query(False, description=ALLOW_ERASED),  # noqa: B008
):
    candidate = services.candidate_create(
        by=request.user,
        allow_possible_duplicate=allow_duplicate,
        allow_erased=allow_erased,
        **payload.model_dump(exclude_unset=True),
    )
    return Status(201, Saved(candidate))


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
    response=documented({200: CandidateSaved}, *WRITE_ERRORS, 404, 409),
    description="Change some fields; `warnings` as on creation. 409 `duplicate_candidate` as on creation.",
)
def candidate_update(
    request: HttpRequest,
    candidate_id: str,
    payload: CandidatePatch,
    allow_duplicate: bool = Query(False, description=ALLOW_DUPLICATE),
):  # noqa: B008
    candidate = selectors.candidate_get(candidate_id)
    return Saved(
        services.candidate_update(
            candidate=candidate,
            by=request.user,
            allow_possible_duplicate=allow_duplicate,
            **payload.model_dump(exclude_unset=True),
        )
    )
