from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    CANDIDATE_CREATED = "candidate.created", _("Candidate added")
    CANDIDATE_UPDATED = "candidate.updated", _("Profile updated")
    CLIENT_CREATED = "client.created", _("Client added")
    CLIENT_UPDATED = "client.updated", _("Client updated")
    JOB_CREATED = "job.created", _("Job opened")
    JOB_UPDATED = "job.updated", _("Job updated")
    JOB_STATUS_CHANGED = "job.status_changed", _("Job status changed")
    APPLICATION_CREATED = "application.created", _("Put on a job")
    OFFER_CREATED = "offer.created", _("Offer made")
    OFFER_ACCEPTED = "offer.accepted", _("Offer accepted")
    OFFER_DECLINED = "offer.declined", _("Decline recorded")
    EXCLUSION_ADDED = "exclusion.added", _("Client exclusion added")
    EXCLUSION_LIFTED = "exclusion.lifted", _("Client exclusion lifted")
    REASON_CREATED = "reason.created", _("Decline reason added")
    REASON_UPDATED = "reason.updated", _("Decline reason changed")
    USER_CREATED = "user.created", _("User added")
    USER_UPDATED = "user.updated", _("User changed")
    # The outbox (vivier.outreach): one event for each change of a message's state.
    MESSAGE_SCHEDULED = "message.scheduled", _("Message scheduled")
    MESSAGE_UPDATED = "message.updated", _("Message changed")
    MESSAGE_APPROVED = "message.approved", _("Message approved")
    MESSAGE_CANCELLED = "message.cancelled", _("Message cancelled")
    MESSAGE_SENT = "message.sent", _("Message sent")
    MESSAGE_DEFERRED = "message.deferred", _("Message delivery postponed")
    MESSAGE_FAILED = "message.failed", _("Message failed")
    MESSAGE_UNCERTAIN = "message.uncertain", _("Message delivery uncertain")
    MESSAGE_RESOLVED = "message.resolved", _("Uncertain message resolved")
    EMAIL_REJECTED = "email.rejected", _("E-mail address rejected by the mail server")
    REPLY_RECEIVED = "reply.received", _("Reply received")
    UNSUBSCRIBED = "candidate.unsubscribed", _("Asked not to be contacted")
    CADENCE_PLANNED = "cadence.planned", _("Follow-up sequence planned")
    LINKEDIN_CHANGED = "linkedin.changed", _("LinkedIn status changed")
    TEMPLATE_UPDATED = "template.updated", _("Message template changed")
    CONSENT_GIVEN = "consent.given", _("Consent given")
    CONSENT_WITHDRAWN = "consent.withdrawn", _("Consent withdrawn")
    CANDIDATE_PREFERENCES = "candidate.preferences", _("Preferences updated by the candidate")
    CANDIDATE_OPEN_AGAIN = "candidate.open_again", _("Open to opportunities again")
    CANDIDATE_DECLINE_ANSWER = "candidate.decline_answer", _("The candidate gave their reasons")
    CANDIDATE_CV_UPLOADED = "candidate.cv_uploaded", _("CV uploaded")
    CANDIDATE_LINKS_REVOKED = "candidate.links_revoked", _("Candidate links revoked")
    RIGHTS_REQUEST = "rights.request", _("Rights request")
    CANDIDATE_ERASED = "candidate.erased", _("Person erased")
    FOLLOW_UP_CREATED = "follow_up.created", _("Follow-up planned")
    FOLLOW_UP_DONE = "follow_up.done", _("Follow-up done")
    POOL_ADDED = "pool.added", _("Added to a talent pool")
    POOL_REMOVED = "pool.removed", _("Removed from a talent pool")
    SURVEY_SENT = "survey.sent", _("Survey sent")
    SURVEY_ANSWERED = "survey.answered", _("Survey answered")
    JOB_ALERT_PLANNED = "job_alert.planned", _("Job alert planned")


class Event(models.Model):
    """Append-only: one row for every change of state, written in the same transaction as the change.

    The candidate's timeline and the analytics read these rows; nothing keeps counters.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    candidate = models.ForeignKey(
        "talent.Candidate", null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    client = models.ForeignKey(
        "talent.Client", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    job = models.ForeignKey("talent.Job", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # the candidate's timeline, newest first
            models.Index(fields=["candidate", "-created_at"], name="event_candidate_idx"),
            # analytics and the activity feed by kind over a period
            models.Index(fields=["kind", "created_at"], name="event_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.created_at:%Y-%m-%d %H:%M}"
