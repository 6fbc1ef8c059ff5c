"""Follow-ups: a dated piece of work for a recruiter about one person ("call Léa back", "answer a detractor")."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FollowUpKind(models.TextChoices):
    MANUAL = "manual", _("Follow-up")
    SURVEY_DETRACTOR = "survey_detractor", _("Unhappy survey answer")
    REPLY = "reply", _("Reply to answer")


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)

    def for_user(self, user):
        """Assigned to this user, or to nobody (then every recruiter sees it)."""
        return self.filter(models.Q(assignee=user) | models.Q(assignee__isnull=True))


class FollowUp(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey("talent.Candidate", on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(_("kind"), max_length=20, choices=FollowUpKind.choices, default=FollowUpKind.MANUAL)
    title = models.CharField(_("what to do"), max_length=200)
    note = models.TextField(_("note"), blank=True, default="", max_length=3000)
    due_on = models.DateField(_("due on"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        verbose_name=_("assigned to"),
    )
    # What opened it ("survey:<uuid>"), so the same cause never opens two; empty for one typed by a person.
    source_key = models.CharField(max_length=100, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            # the dashboard and the calendar feed: open follow-ups by date
            models.Index(fields=["done_at", "due_on"], name="followup_open_due_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "source_key"],
                condition=~models.Q(source_key=""),
                name="followup_source_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_on})"

    @property
    def is_open(self) -> bool:
        return self.done_at is None
