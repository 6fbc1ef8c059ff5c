"""Writes of the matching app: the best matches of newly opened jobs, computed by the worker."""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone, translation

from vivier.matching.models import JobMatches
from vivier.matching.selectors import rediscovery
from vivier.talent.models import Job, JobStatus

logger = logging.getLogger("vivier.matching")

# A job shows its matches on the dashboard for two weeks after it was opened or reopened.
NEW_JOB_DAYS = 14
# The dashboard shows three people per job; a few more are kept for those who leave the pool meanwhile.
KEEP = 8
REASONS_KEPT = 3


def jobs_waiting_for_matches(*, now: dt.datetime | None = None):
    """Open jobs opened in the last NEW_JOB_DAYS whose matches were not computed for that opening."""
    now = now or timezone.now()
    computed_for = JobMatches.objects.filter(job=OuterRef("pk")).values("opened_at")[:1]
    return (
        Job.objects.filter(status=JobStatus.OPEN, opened_at__gte=now - dt.timedelta(days=NEW_JOB_DAYS))
        .annotate(computed_for=Subquery(computed_for))
        .filter(Q(computed_for__isnull=True) | ~Q(computed_for=F("opened_at")))
        .order_by("opened_at", "id")
    )


def job_matches_compute(*, job: Job, now: dt.datetime | None = None) -> JobMatches:
    """Rank the people who declined before for `job` and keep the best, with their reasons in both languages.

    Contactable people only: the dashboard suggests whom to write to. Run twice (French, then English) for
    the reasons' wording; the ranking is the same both times.
    """
    started = time.monotonic()
    ranked: dict[str, list] = {}
    for language in ("fr", "en"):
        with translation.override(language):
            ranked[language] = rediscovery(job, limit=KEEP, declined_only=True, now=now).matches
    english = {m.candidate.pk: m.explanations for m in ranked["en"]}
    items = [
        {
            "candidate": m.candidate.pk,
            "score": m.score,
            "resolves": m.resolves,
            "why_fr": m.explanations[:REASONS_KEPT],
            "why_en": english.get(m.candidate.pk, m.explanations)[:REASONS_KEPT],
        }
        for m in ranked["fr"]
    ]
    took_ms = round((time.monotonic() - started) * 1000)
    matches, _created = JobMatches.objects.update_or_create(
        job=job,
        defaults={
            "opened_at": job.opened_at,
            "computed_at": timezone.now(),
            "items": items,
            "took_ms": took_ms,
        },
    )
    return matches


def job_matches_refresh_next() -> bool:
    """The worker's background job: compute the matches of one newly (re)opened job. True if it did one.

    Two workers may compute the same job at once; the second write wins with the same answer, so no lock.
    """
    job = jobs_waiting_for_matches().select_related("client").first()
    if job is None:
        return False
    matches = job_matches_compute(job=job)
    logger.info(
        "job matches computed",
        extra={"job": str(job.public_id), "matches": len(matches.items), "took_ms": matches.took_ms},
    )
    return True
