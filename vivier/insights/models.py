"""A shareable, read-only link to one client report. The token itself is never stored, only its SHA-256."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportLanguage(models.TextChoices):
    FR = "fr", "Français"
    EN = "en", "English"


class ReportLink(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("talent.Client", on_delete=models.CASCADE, related_name="report_links")
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    # The report's language, chosen for the client's readers; independent of the recruiter's UI language.
    language = models.CharField(
        _("language"), max_length=2, choices=ReportLanguage.choices, default=ReportLanguage.FR
    )
    # SHA-256 of the random token in the URL: a leaked database does not leak working links.
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report link")
        verbose_name_plural = _("report links")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_from__lte=models.F("date_to")), name="reportlink_period_ordered"
            ),
        ]
        indexes = [
            # the links of one client on its report page, newest first
            models.Index(fields=["client", "-created_at"], name="reportlink_client_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.date_from}…{self.date_to}"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "active" if self.is_usable() else "expired"
