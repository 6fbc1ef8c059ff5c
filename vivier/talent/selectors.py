"""Reads of the talent domain: lists, pages and the dashboard. Each returns what one screen needs, in few queries."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from vivier.talent import search
from vivier.talent.models import (
    Application,
    Candidate,
    Client,
    Decline,
    DeclineReason,
    Event,
    Exclusion,
    FollowUp,
    Job,
    JobStatus,
    Offer,
    OfferStatus,
)

TIMELINE_LIMIT = 200
LIST_FIELDS = (
    "id",
    "public_id",
    "first_name",
    "last_name",
    "email",
    "city",
    "headline",
    "skills",
    "remote_preference",
    "salary_expectation",
    "currency",
    "language",
    "updated_at",
    "do_not_contact",
)


def _uuid(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError) as exc:
        raise Http404("not a valid id") from exc


def candidate_list(
    *,
    q: str = "",
    city: str = "",
    remote_preference: str = "",
    language: str = "",
    declined: bool | None = None,
) -> QuerySet[Candidate]:
    qs = Candidate.objects.only(*LIST_FIELDS)
    qs = search.filter_candidates(qs, q)
    if city:
        qs = qs.filter(city__iexact=city.strip())
    if remote_preference:
        qs = qs.filter(remote_preference=remote_preference)
    if language:
        qs = qs.filter(language=language)
    if declined is True:
        qs = qs.filter(Q(pk__in=Decline.objects.values("candidate_id")))
    elif declined is False:
        qs = qs.exclude(pk__in=Decline.objects.values("candidate_id"))
    # A search lists the newest profiles first: the index hands out matches in id order and stops at the page,
    # where ordering by last activity would read and sort every match (400 ms for a common word at 1M).
    return qs.order_by("-id") if search.terms(q) else qs.order_by("-updated_at", "-id")


def candidate_list_count(
    *,
    q: str = "",
    city: str = "",
    remote_preference: str = "",
    language: str = "",
    declined: bool | None = None,
) -> int | None:
    """The number of rows of candidate_list when it can be had faster than COUNT(*) over it, else None."""
    if city or remote_preference or language or declined is not None:
        return None
    return search.count_matches(q)


def candidate_get(public_id) -> Candidate:
    try:
        return Candidate.objects.get(public_id=_uuid(public_id))
    except Candidate.DoesNotExist as exc:
        raise Http404("no such candidate") from exc


@dataclass
class CandidateProfile:
    candidate: Candidate
    applications: list[Application]
    declines: list[Decline]
    exclusions: list[Exclusion]
    timeline: list[Event]


def candidate_profile(candidate: Candidate) -> CandidateProfile:
    """Everything the candidate page shows, in a fixed number of queries whatever the history's length."""
    applications = list(
        Application.objects.filter(candidate=candidate)
        .select_related("job__client")
        .prefetch_related(Prefetch("offers", queryset=Offer.objects.select_related("decline")))
        .order_by("-created_at")
    )
    declines = list(
        Decline.objects.filter(candidate=candidate)
        .select_related("primary_reason", "job__client", "offer", "recorded_by")
        .prefetch_related("reasons")
        .order_by("-created_at")
    )
    exclusions = list(Exclusion.objects.filter(candidate=candidate).select_related("client", "created_by"))
    timeline = list(
        Event.objects.filter(candidate=candidate).select_related("actor", "job", "client")[:TIMELINE_LIMIT]
    )
    return CandidateProfile(candidate, applications, declines, exclusions, timeline)


def client_list(*, q: str = "") -> QuerySet[Client]:
    qs = Client.objects.annotate(
        open_jobs=Count("jobs", filter=Q(jobs__status=JobStatus.OPEN), distinct=True),
        job_count=Count("jobs", distinct=True),
    )
    if q.strip():
        qs = qs.filter(name__icontains=q.strip())
    return qs.order_by("name", "id")


def client_get(public_id) -> Client:
    try:
        return Client.objects.get(public_id=_uuid(public_id))
    except Client.DoesNotExist as exc:
        raise Http404("no such client") from exc


def job_list(*, q: str = "", status: str = "", client: Client | None = None) -> QuerySet[Job]:
    qs = Job.objects.select_related("client", "owner").annotate(application_count=Count("applications"))
    if status:
        qs = qs.filter(status=status)
    if client is not None:
        qs = qs.filter(client=client)
    for word in search.terms(q):
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(client__name__icontains=word)
            | Q(city__icontains=word)
            | Q(rome_code__iexact=word)
        )
    return qs.order_by("-created_at", "-id")


def job_get(public_id) -> Job:
    try:
        return Job.objects.select_related("client", "owner").get(public_id=_uuid(public_id))
    except Job.DoesNotExist as exc:
        raise Http404("no such job") from exc


def job_pipeline(job: Job) -> list[Application]:
    return list(
        Application.objects.filter(job=job)
        .select_related("candidate")
        .prefetch_related(
            Prefetch("offers", queryset=Offer.objects.select_related("decline__primary_reason"))
        )
        .order_by("-created_at")
    )


def application_get(public_id) -> Application:
    try:
        return Application.objects.select_related("candidate", "job__client").get(public_id=_uuid(public_id))
    except Application.DoesNotExist as exc:
        raise Http404("no such application") from exc


def offer_get(public_id) -> Offer:
    try:
        return Offer.objects.select_related("application__candidate", "application__job__client").get(
            public_id=_uuid(public_id)
        )
    except Offer.DoesNotExist as exc:
        raise Http404("no such offer") from exc


def reason_list(*, active_only: bool = False) -> QuerySet[DeclineReason]:
    qs = DeclineReason.objects.all()
    return qs.filter(active=True) if active_only else qs


@dataclass
class Dashboard:
    offers_waiting: list[Offer]
    recontacts_due: list[Decline]
    exclusions_ending: list[Exclusion]
    recent_declines: list[Decline]
    open_jobs_without_candidates: list[Job]
    counts: dict[str, int]


def dashboard(*, today: dt.date | None = None) -> Dashboard:
    """What needs doing today: answers to chase, people to call back, exclusions ending, empty jobs."""
    today = today or timezone.localdate()
    week_ahead = today + dt.timedelta(days=7)
    month_ago = timezone.now() - dt.timedelta(days=30)
    offers_waiting = list(
        Offer.objects.filter(status=OfferStatus.OPEN)
        .select_related("application__candidate", "application__job__client")
        .order_by("created_at")[:20]
    )
    recontacts_due = list(
        Decline.objects.filter(
            recontact_after__lte=week_ahead, recontact_after__gte=today - dt.timedelta(days=30)
        )
        .select_related("candidate", "primary_reason", "job", "client")
        .order_by("recontact_after")[:20]
    )
    exclusions_ending = list(
        Exclusion.objects.active(today)
        .filter(expires_on__lte=today + dt.timedelta(days=14))
        .select_related("candidate", "client")
        .order_by("expires_on")[:20]
    )
    recent_declines = list(
        Decline.objects.select_related("candidate", "primary_reason", "job", "client").order_by(
            "-created_at"
        )[:10]
    )
    open_jobs_without_candidates = list(
        Job.objects.filter(status=JobStatus.OPEN)
        .filter(applications__isnull=True)
        .select_related("client")
        .order_by("created_at")[:10]
    )
    counts = {
        "open_jobs": Job.objects.filter(status=JobStatus.OPEN).count(),
        "open_offers": Offer.objects.filter(status=OfferStatus.OPEN).count(),
        "declines_30d": Decline.objects.filter(created_at__gte=month_ago).count(),
    }
    return Dashboard(
        offers_waiting,
        recontacts_due,
        exclusions_ending,
        recent_declines,
        open_jobs_without_candidates,
        counts,
    )


def follow_ups_of(candidate: Candidate, *, done_limit: int = 5) -> tuple[list[FollowUp], list[FollowUp]]:
    """The candidate page: open follow-ups (soonest first) and the last few done."""
    qs = FollowUp.objects.filter(candidate=candidate).select_related("assignee", "done_by")
    return list(qs.open().order_by("due_on", "id")), list(
        qs.filter(done_at__isnull=False).order_by("-done_at")[:done_limit]
    )


def follow_ups_due(user, *, today: dt.date | None = None, days: int = 7, limit: int = 10):
    """The dashboard: this user's open follow-ups (or nobody's) due within `days`, overdue ones first."""
    today = today or timezone.localdate()
    qs = FollowUp.objects.open().for_user(user).filter(due_on__lte=today + dt.timedelta(days=days))
    return list(qs.select_related("candidate", "assignee").order_by("due_on", "id")[:limit]), qs.count()


def follow_up_get(public_id) -> FollowUp:
    try:
        return FollowUp.objects.select_related("candidate").get(public_id=_uuid(public_id))
    except FollowUp.DoesNotExist as exc:
        raise Http404("no such follow-up") from exc


def exclusion_list(
    *, candidate: Candidate | None = None, client: Client | None = None, active_only: bool = False
) -> QuerySet[Exclusion]:
    qs = Exclusion.objects.select_related("candidate", "client", "created_by")
    if candidate is not None:
        qs = qs.filter(candidate=candidate)
    if client is not None:
        qs = qs.filter(client=client)
    if active_only:
        qs = qs.active()
    return qs.order_by("-created_at", "-id")


def exclusion_get(public_id) -> Exclusion:
    try:
        qs = Exclusion.objects.select_related("candidate", "client", "created_by")
        return qs.get(public_id=_uuid(public_id))
    except Exclusion.DoesNotExist as exc:
        raise Http404("no such exclusion") from exc
