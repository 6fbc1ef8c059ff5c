from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RemotePolicy(models.TextChoices):
    ONSITE = "onsite", _("On site")
    HYBRID = "hybrid", _("Hybrid")
    REMOTE = "remote", _("Full remote")


class ContractType(models.TextChoices):
    CDI = "cdi", _("Permanent (CDI)")
    CDD = "cdd", _("Fixed-term (CDD)")
    FREELANCE = "freelance", _("Freelance")
    INTERNSHIP = "internship", _("Internship")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
    TEMPORARY = "temporary", _("Temporary (intérim)")


class JobStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ON_HOLD = "on_hold", _("On hold")
    FILLED = "filled", _("Filled")
    CANCELLED = "cancelled", _("Cancelled")


class Job(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("talent.Client", on_delete=models.PROTECT, related_name="jobs")
    title = models.CharField(_("title"), max_length=200)
    rome_code = models.CharField(_("ROME code"), max_length=5, blank=True, default="")
    description = models.TextField(_("description"), blank=True, default="", max_length=20000)
    city = models.CharField(_("city"), max_length=100, blank=True, default="")
    country = models.CharField(_("country"), max_length=2, blank=True, default="FR")
    remote_policy = models.CharField(
        _("remote policy"), max_length=8, choices=RemotePolicy.choices, default=RemotePolicy.ONSITE
    )
    remote_days_per_week = models.PositiveSmallIntegerField(_("remote days per week"), default=0)
    contract_type = models.CharField(
        _("contract type"), max_length=16, choices=ContractType.choices, default=ContractType.CDI
    )
    salary_min = models.PositiveIntegerField(_("salary from (gross per year)"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("salary up to (gross per year)"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    skills = models.JSONField(_("skills"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.OPEN)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
        verbose_name=_("recruiter in charge"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    # When the job last became open: its creation, or its reopening (on hold, filled or cancelled -> open).
    # Rediscovery snapshots for the dashboard and job alerts ("new since your last digest") read it.
    opened_at = models.DateTimeField(_("open since"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(salary_min__isnull=True)
                | models.Q(salary_max__isnull=True)
                | models.Q(salary_min__lte=models.F("salary_max")),
                name="job_salary_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(remote_days_per_week__lte=5), name="job_remote_days_max_5"
            ),
        ]
        indexes = [
            # the job list filtered by status, newest first
            models.Index(fields=["status", "-created_at"], name="job_status_idx"),
            # a client's jobs on the client page
            models.Index(fields=["client", "-created_at"], name="job_client_idx"),
            # jobs opened or reopened lately: the dashboard's matches, the job alerts
            models.Index(fields=["status", "opened_at"], name="job_opened_idx"),
        ]

    def __str__(self) -> str:
        return self.title
