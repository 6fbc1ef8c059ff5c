"""The candidate-experience survey: one row per survey planned after a decline, answered or not.

The row is written when the survey is planned (in the decline's transaction), so the link in the e-mail can
name it; it counts as "sent" once its message went (Message.sent_at) or it was answered. The client and the
recruiter are copied from the decline at that moment: the results group by them without joins, and a job
that changes hands later does not move old answers to its new owner.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# An answer may be changed this long after it was first given, then it is final.
LOCK_DAYS = 7
COMMENT_MAX = 2000


class Category(models.TextChoices):
    """The Net Promoter Score groups of a score from 0 to 10."""

    PROMOTER = "promoter", _("Promoter (9–10)")
    PASSIVE = "passive", _("Passive (7–8)")
    DETRACTOR = "detractor", _("Detractor (0–6)")


def category_of(score: int | None) -> str:
    if score is None:
        return ""
    if score >= 9:
        return Category.PROMOTER
    if score >= 7:
        return Category.PASSIVE
    return Category.DETRACTOR


class SurveyResponse(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(
        "talent.Candidate", on_delete=models.CASCADE, related_name="survey_responses"
    )
    decline = models.ForeignKey(
        "talent.Decline", null=True, blank=True, on_delete=models.SET_NULL, related_name="survey_responses"
    )
    message = models.OneToOneField(
        "outreach.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="survey_response"
    )
    # The random id of the signed link in the e-mail: only that link answers this survey (proof, and a link
    # made for another message never opens this one).
    token_id = models.CharField(max_length=64, blank=True, default="")
    language = models.CharField(_("language"), max_length=2, default="fr")
    client = models.ForeignKey(
        "talent.Client", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The recruiter in charge of the job (else the one who recorded the decline): results and follow-ups.
    recruiter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recruiter"),
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True, default="", max_length=COMMENT_MAX)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)  # the first answer
    updated_at = models.DateTimeField(_("changed on"), null=True, blank=True)  # the latest change
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=10),
                name="survey_score_0_10",
            ),
        ]
        indexes = [
            # the results over a period (the month of the decline that planned the survey)
            models.Index(fields=["created_at"], name="survey_created_idx"),
            # the results filtered by client, or by recruiter, over a period
            models.Index(fields=["client", "created_at"], name="survey_client_idx"),
            models.Index(fields=["recruiter", "created_at"], name="survey_recruiter_idx"),
            # the latest comments, newest answer first
            models.Index(
                fields=["-answered_at"], name="survey_answered_idx", condition=models.Q(score__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"survey {self.public_id} ({self.score if self.score is not None else '—'})"

    @property
    def category(self) -> str:
        return category_of(self.score)

    @property
    def category_label(self) -> str:
        return Category(self.category).label if self.score is not None else ""

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    def locks_at(self) -> dt.datetime | None:
        return self.answered_at + dt.timedelta(days=LOCK_DAYS) if self.answered_at else None

    def is_locked(self, now: dt.datetime | None = None) -> bool:
        """Answered more than LOCK_DAYS ago: the answer is final."""
        locks_at = self.locks_at()
        return locks_at is not None and (now or timezone.now()) >= locks_at
