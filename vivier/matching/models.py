"""What the matching app stores: the best matches of a newly opened job, for the recruiter's dashboard."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class JobMatches(models.Model):
    """The best people who declined before, for one job, as ranked when the job was (re)opened.

    Computed by the worker (vivier.matching.services.job_matches_refresh_next) so the dashboard reads one row
    instead of ranking the pool on every load. `opened_at` is the job's `opened_at` it was computed for: a job
    reopened later gets computed again. `items` holds integer candidate ids, scores and the reasons in French
    and English; an erased person's id no longer resolves and is dropped when read.
    """

    job = models.OneToOneField("talent.Job", on_delete=models.CASCADE, related_name="new_matches")
    opened_at = models.DateTimeField()
    computed_at = models.DateTimeField(default=timezone.now)
    items = models.JSONField(default=list, blank=True)
    took_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"matches of job {self.job_id} ({len(self.items)})"
