from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Client(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=100, blank=True, default="")
    city = models.CharField(_("city"), max_length=100, blank=True, default="")
    notes = models.TextField(_("notes"), blank=True, default="", max_length=5000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        constraints = [models.UniqueConstraint(Lower("name"), name="client_name_unique")]

    def __str__(self) -> str:
        return self.name


class ExclusionQuerySet(models.QuerySet):
    def active(self, on: dt.date | None = None):
        on = on or timezone.localdate()
        return self.filter(lifted_at__isnull=True, expires_on__gte=on)


class Exclusion(models.Model):
    """'Do not present this candidate to this client', with a reason and an end. Never agency-wide."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey("talent.Candidate", on_delete=models.CASCADE, related_name="exclusions")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="exclusions")
    reason = models.CharField(_("reason"), max_length=500)
    expires_on = models.DateField(_("expires on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    lifted_at = models.DateTimeField(null=True, blank=True)

    objects = ExclusionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # "is this candidate excluded for this client?" when presenting and in rediscovery
            models.Index(fields=["client", "candidate"], name="exclusion_client_cand_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} ↛ {self.client}"

    def is_active(self, on: dt.date | None = None) -> bool:
        return self.lifted_at is None and self.expires_on >= (on or timezone.localdate())
