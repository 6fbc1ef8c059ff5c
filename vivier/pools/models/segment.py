"""Saved segments: a search of the candidate list (its GET parameters), kept under a name, evaluated live."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Segment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    # The candidate list's GET parameters, e.g. {"q": "python", "city": "Lyon", "declined": "yes"}: the
    # segment page runs them through the list's own parsing and selector, so they mean what the list means.
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        constraints = [
            # Also the index of "is this name taken?" (segment_create, segment_update).
            models.UniqueConstraint(Lower("name"), name="segment_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name
