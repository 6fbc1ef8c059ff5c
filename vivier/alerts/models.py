"""Job alerts: the digests sent to people who asked for them, the jobs each one held, and the daily runs.

A JobAlertDigest is one Message of the outbox (kind job_alert) with the jobs it lists as JobAlertItem rows,
written in the same transaction as the message. The unique (candidate, job) of the items is the rule "a job is
never sent twice to the same person", kept by the database; an item whose message did not go out (cancelled or
failed) is deleted by the next run, so that job may be sent again (see services).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobAlertRun(models.Model):
    """One build of the digests (the worker's daily job or `vivier alerts build`), with its counts.

    Nothing reads these counts back to decide anything: they are for the Alerts page and the logs.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    seconds = models.FloatField(_("seconds"), default=0.0)
    # people, due, planned, nothing_fits, not_due, never, not_allowed, items, released, template_fallback…
    counts = models.JSONField(_("counts"), default=dict, blank=True)

    class Meta:
        # One row a day: the Alerts page reads the latest few without an index of its own.
        ordering = ["-started_at", "-id"]
        verbose_name = _("job alert run")
        verbose_name_plural = _("job alert runs")

    def __str__(self) -> str:
        return f"job alerts @ {self.started_at:%Y-%m-%d %H:%M}"


class JobAlertDigest(models.Model):
    """One digest planned for one person: the message that carries it and how many jobs it lists."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # No index of its own: alertdigest_candidate_idx starts with it.
    candidate = models.ForeignKey(
        "talent.Candidate", on_delete=models.CASCADE, related_name="job_alert_digests", db_index=False
    )
    message = models.OneToOneField(
        "outreach.Message", on_delete=models.CASCADE, related_name="job_alert_digest"
    )
    jobs_count = models.PositiveSmallIntegerField(_("jobs"), default=0)
    created_at = models.DateTimeField(_("planned at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("job alert digest")
        verbose_name_plural = _("job alert digests")
        indexes = [
            # the last digest of each person of a chunk (is this person due?) and the candidate page's list
            models.Index(fields=["candidate", "-created_at"], name="alertdigest_candidate_idx"),
            # the Alerts page: the latest digests of everyone
            models.Index(fields=["-created_at"], name="alertdigest_created_idx"),
        ]

    def __str__(self) -> str:
        return f"digest of {self.candidate_id}: {self.jobs_count} jobs"


class JobAlertItem(models.Model):
    """One job listed in one digest. No public id: an item is only ever shown through its digest, and a
    run at full scale writes a million of them (each extra column and index costs there)."""

    digest = models.ForeignKey(JobAlertDigest, on_delete=models.CASCADE, related_name="items")
    # Also on the digest; here too so that the never-twice constraint and the per-chunk lookup of what each
    # person already got need no join. No index of its own: the unique constraint's starts with it.
    candidate = models.ForeignKey(
        "talent.Candidate", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    job = models.ForeignKey("talent.Job", on_delete=models.CASCADE, related_name="+")
    # 1 for the best-ranked job of the digest.
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["digest", "position"]
        verbose_name = _("job alert item")
        verbose_name_plural = _("job alert items")
        constraints = [
            # A job is never sent twice to the same person. The index also serves "which of the open jobs
            # did these people get already?" (candidate_id IN (…) of a chunk) and the candidate page.
            models.UniqueConstraint(fields=["candidate", "job"], name="alertitem_once_per_person"),
        ]
        # digest_id: the jobs of a digest and the cascade from it; job_id: the cascade from a job (Django's
        # default FK indexes, kept).

    def __str__(self) -> str:
        return f"job {self.job_id} in digest {self.digest_id}"
