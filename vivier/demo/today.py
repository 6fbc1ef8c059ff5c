"""What is on the recruiter's desk the day the demo is loaded, beside what the history left (relationships.py).

Written through the product's services, dated from the load's "now": a few follow-ups of the week (one late, one
for nobody in particular), LinkedIn requests left without an answer, a rights request to answer, people who said
on their page that they are open to offers again, and the best matches of the jobs opened in the last two weeks
as the worker ranks them (`job_matches_compute`, the dashboard's "Déjà dans votre vivier").
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from vivier.demo.relationships import backdate, last_event_id
from vivier.matching.services import job_matches_compute, jobs_waiting_for_matches
from vivier.outreach.models import LinkedInStatus
from vivier.outreach.services import linkedin_set
from vivier.privacy.models import CandidatePrivacy, RightsKind
from vivier.privacy.services import open_again, rights_request_create
from vivier.talent.models import Candidate, Decline, FollowUp, Offer, OfferStatus
from vivier.talent.services.follow_ups import follow_up_create

NBSP = "\u00a0"


def add(*, now: dt.datetime, recruiter) -> dict[str, int]:
    """Everything of this module; returns what was written."""
    return {
        "follow_ups": _follow_ups(now, recruiter),
        "linkedin": _linkedin(now, recruiter),
        "rights_requests": _rights_request(now, recruiter),
        "open_again": _open_again(now),
        "job_matches": _job_matches(now),
    }


def _follow_up(candidate: Candidate, title: str, *, due_in: int, created_ago: int, now, by, assignee) -> None:
    created = now - dt.timedelta(days=created_ago, hours=3)
    since = last_event_id()
    follow_up = follow_up_create(
        candidate=candidate,
        title=title,
        due_on=timezone.localdate(now) + dt.timedelta(days=due_in),
        by=by,
        assignee=assignee,
    )
    FollowUp.objects.filter(pk=follow_up.pk).update(created_at=created)
    backdate(candidate, created, since)


def _follow_ups(now: dt.datetime, recruiter) -> int:
    """The recruiter's week: chase an answer (late), call back someone who declined, and one for anybody."""
    waiting = list(
        Offer.objects.filter(status=OfferStatus.OPEN)
        .select_related("application__candidate", "application__job")
        .order_by("created_at", "pk")[:2]
    )
    latest = Decline.objects.select_related("candidate", "job").order_by("-created_at", "-pk").first()
    written = 0
    if waiting:
        offer = waiting[0]
        title = f"Relancer pour une réponse sur l’offre «{NBSP}{offer.application.job.title}{NBSP}»"
        _follow_up(
            offer.application.candidate,
            title,
            due_in=-1,
            created_ago=6,
            now=now,
            by=recruiter,
            assignee=recruiter,
        )
        written += 1
    if latest is not None:
        title = f"Appeler {latest.candidate.first_name} après son refus, pour garder le lien"
        _follow_up(
            latest.candidate, title, due_in=2, created_ago=1, now=now, by=recruiter, assignee=recruiter
        )
        written += 1
    if len(waiting) > 1:
        offer = waiting[1]
        title = "Vérifier la date de démarrage possible avant la réponse du client"
        _follow_up(
            offer.application.candidate, title, due_in=4, created_ago=2, now=now, by=recruiter, assignee=None
        )
        written += 1
    return written


def _linkedin(now: dt.datetime, recruiter) -> int:
    """Connection requests sent to people who declined lately, three to five weeks ago, still unanswered."""
    people = list(
        Candidate.objects.filter(declines__isnull=False, do_not_contact=False)
        .exclude(linkedin_url="")
        .distinct()
        .order_by("-declines__created_at", "pk")[:3]
    )
    for weeks, candidate in zip((3, 4, 5), people, strict=False):
        when = now - dt.timedelta(weeks=weeks, hours=2)
        since = last_event_id()
        linkedin_set(candidate=candidate, status=LinkedInStatus.REQUEST_SENT, by=recruiter, when=when)
        backdate(candidate, when, since)
    return len(people)


def _rights_request(now: dt.datetime, recruiter) -> int:
    """A person asked by e-mail last week for a copy of their data: to answer within a month."""
    candidate = (
        Candidate.objects.filter(declines__isnull=False, do_not_contact=False)
        .order_by("created_at", "pk")
        .first()
    )
    if candidate is None:
        return 0
    received = now - dt.timedelta(days=6, hours=4)
    since = last_event_id()
    rights_request_create(
        candidate=candidate,
        kind=RightsKind.ACCESS,
        by=recruiter,
        received_at=received,
        note="Demande reçue par e-mail : copie de toutes ses données.",
    )
    backdate(candidate, received, since)
    return 1


def _open_again(now: dt.datetime) -> int:
    """Two people who declined months ago and told us on their page that they are open to offers again."""
    people = list(
        Candidate.objects.filter(
            declines__open_to_future="yes",
            declines__created_at__lt=now - dt.timedelta(days=120),
            consents__purpose="talent_pool",
            do_not_contact=False,
        )
        .distinct()
        .order_by("pk")[:2]
    )
    for days, candidate in zip((3, 11), people, strict=False):
        when = now - dt.timedelta(days=days, hours=5)
        since = last_event_id()
        open_again(candidate=candidate)
        CandidatePrivacy.objects.filter(candidate=candidate).update(open_again_at=when)
        Candidate.objects.filter(pk=candidate.pk).update(updated_at=when)
        backdate(candidate, when, since)
    return len(people)


def _job_matches(now: dt.datetime) -> int:
    """The worker ranks the pool for each job opened in the last two weeks as soon as it opens."""
    jobs = list(jobs_waiting_for_matches(now=now).select_related("client"))
    for job in jobs:
        job_matches_compute(job=job, now=now)
    return len(jobs)
