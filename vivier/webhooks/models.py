"""Webhook endpoints (where to POST, which events, the signing secret) and their deliveries (the outbox).

A delivery is one event for one endpoint: enqueued in the transaction of the change, posted by the worker,
retried with backoff, and kept with its attempts as the endpoint's delivery log (pruned after LOG_DAYS).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WebhookEvent(models.TextChoices):
    """The stable names of the API: receivers switch on them, so a value never changes once released."""

    DECLINE_RECORDED = "decline.recorded", _("Decline recorded")
    CONSENT_GIVEN = "consent.given", _("Consent given")
    CONSENT_WITHDRAWN = "consent.withdrawn", _("Consent withdrawn")
    CANDIDATE_OPEN = "candidate.open_to_opportunities", _("Candidate open to opportunities again")
    MESSAGE_SENT = "message.sent", _("Message sent")
    PING = "ping", _("Test ping")


# What an endpoint may subscribe to; a ping is only ever sent on an administrator's request.
SUBSCRIBABLE = [e for e in WebhookEvent if e != WebhookEvent.PING]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class DisabledReason(models.TextChoices):
    """Why Vivier turned an endpoint off by itself (empty when an administrator did)."""

    GONE = "gone", _("The receiver answered 410 Gone")
    FAILING = "failing", _("Deliveries kept failing")


class WebhookEndpoint(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    url = models.CharField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True, default="")
    # Subscribed WebhookEvent values. A list, not a child table: a handful of endpoints, read whole.
    events = models.JSONField(_("events"), default=list, blank=True)
    # The HMAC key. Stored as is (signing needs it; a hash would not do), shown to administrators only.
    secret = models.CharField(max_length=100)
    # After a rotation the old secret also signs, for a day, so receivers can switch without losing events.
    previous_secret = models.CharField(max_length=100, blank=True, default="")
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    disabled_reason = models.CharField(max_length=10, blank=True, default="", choices=DisabledReason.choices)
    disabled_detail = models.CharField(max_length=200, blank=True, default="")
    disabled_at = models.DateTimeField(null=True, blank=True)
    # Deliveries that ended 'failed' (every retry used) since the last success: the auto-disable rule.
    failed_in_a_row = models.PositiveIntegerField(default=0)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # No index besides the keys: a handful of rows, always read whole ("which active endpoints want this?").
        ordering = ["created_at", "id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.url

    def subscribes(self, event_type: str) -> bool:
        return event_type in (self.events or [])

    def event_labels(self) -> list[str]:
        labels = dict(WebhookEvent.choices)
        return [str(labels.get(e, e)) for e in self.events or []]


class WebhookDelivery(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_type = models.CharField(_("event"), max_length=40, choices=WebhookEvent.choices)
    # The public id of the event (talent Event.public_id; a fresh one for a ping): the payload's "id", the
    # same for every endpoint; the receiver's idempotency key.
    event_id = models.UUIDField()
    payload = models.JSONField(default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    # Attempts of the current series (a redelivery starts a new one); every attempt also has its own row.
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True, default="")
    last_response_excerpt = models.TextField(blank=True, default="")
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            # An event is enqueued once per endpoint, whatever replays the change.
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="webhook_delivery_unique_event"),
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values), name="webhook_delivery_status_valid"
            ),
        ]
        indexes = [
            # the worker's claim: WHERE status='pending' AND next_attempt_at <= now ORDER BY next_attempt_at;
            # also the stale claims (status='sending' AND claimed_at < now - grace), a few rows at most
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due_idx"),
            # an endpoint's delivery log, newest first (filtered by event on top of it: few rows per page)
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_log_idx"),
            # the log filtered by status; the health of the list page (waiting, failed this week per
            # endpoint); the daily prune (delivered or failed, older than LOG_DAYS, endpoint by endpoint)
            models.Index(fields=["endpoint", "status", "-created_at"], name="webhook_delivery_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint_id} ({self.status})"

    @property
    def can_redeliver(self) -> bool:
        return self.status in (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED)


class WebhookAttempt(models.Model):
    """One POST: what the receiver answered (or the network error), how long it took."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    started_at = models.DateTimeField(default=timezone.now)
    duration_ms = models.PositiveIntegerField(default=0)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True, default="")
    response_excerpt = models.TextField(blank=True, default="")

    class Meta:
        # The delivery page reads a delivery's attempts through the foreign key's own index.
        ordering = ["started_at", "id"]

    def __str__(self) -> str:
        return f"{self.delivery_id} @ {self.started_at:%Y-%m-%d %H:%M:%S}: {self.status_code or self.error}"

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
