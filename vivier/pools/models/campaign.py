"""Campaigns ("envois groupés"): one message written once, sent to every person of a pool or a segment.

The recruiter confirms; the worker then expands the campaign into outbox messages in batches
(services.campaigns.campaign_expand_next), each with cadence_key "campaign:<public_id>": the outbox's unique
(candidate, cadence_key) means a person never gets the same campaign twice, even if a worker dies mid-way.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AudienceKind(models.TextChoices):
    POOL = "pool", _("Talent pool")
    SEGMENT = "segment", _("Segment")


class CampaignStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    EXPANDING = "expanding", _("Planning the messages")
    DONE = "done", _("Messages planned")


ACTIVE_STATUSES = (CampaignStatus.QUEUED, CampaignStatus.EXPANDING)


class Campaign(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # A snapshot of the audience as confirmed: the pool's or segment's id and name, and a segment's filters
    # (a segment renamed, changed or deleted later does not change who this campaign was for).
    audience_kind = models.CharField(_("audience"), max_length=8, choices=AudienceKind.choices)
    audience_id = models.UUIDField()
    audience_name = models.CharField(max_length=120)
    audience_filters = models.JSONField(default=dict, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=[("fr", "Français"), ("en", "English")])
    # Only the people whose language is the campaign's.
    only_language = models.BooleanField(default=False)
    subject = models.CharField(_("subject"), max_length=250)
    body_text = models.TextField(_("text"), max_length=50_000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.QUEUED
    )
    # The expansion walks the audience by candidate id: the last id handled (committed with its batch).
    cursor = models.BigIntegerField(default=0)
    # Counted when confirmed (the audience may change a little before the worker gets to it).
    audience_count = models.PositiveIntegerField(default=0)
    allowed_count = models.PositiveIntegerField(default=0)
    # Written by the expansion: messages planned, people left out (with the reasons' codes), people who
    # had it already (a batch replayed after a crash).
    scheduled = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    skipped_reasons = models.JSONField(default=dict, blank=True)
    already = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        indexes = [
            # the worker's pick: WHERE status IN ('queued', 'expanding') ORDER BY created_at
            models.Index(fields=["status", "created_at"], name="campaign_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CampaignStatus.values), name="campaign_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.audience_name}"

    @property
    def cadence_key(self) -> str:
        return f"campaign:{self.public_id}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def progress(self) -> int:
        """Percent of the audience handled (planned, left out or had it already)."""
        if self.status == CampaignStatus.DONE:
            return 100
        handled = self.scheduled + self.skipped + self.already
        return min(99, round(100 * handled / self.audience_count)) if self.audience_count else 0
