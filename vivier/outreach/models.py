"""The outbox: one row per planned or sent message. The worker (vivier.outreach.worker) delivers them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MessageKind(models.TextChoices):
    THANK_YOU = "thank_you", _("Thank-you")
    STAY_IN_TOUCH = "stay_in_touch", _("Stay in touch")
    FEEDBACK = "feedback", _("Feedback")
    CHECK_IN = "check_in", _("Check-in")
    JOB_ALERT = "job_alert", _("Job alert")
    CONSENT_RENEWAL = "consent_renewal", _("Consent renewal")
    SURVEY = "survey", _("Survey")
    INFORMATION_NOTICE = "information_notice", _("Information notice")
    PERSONAL = "personal", _("Personal message")


class MessageStatus(models.TextChoices):
    REVIEW = "review", _("Waiting for approval")
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    # The worker stopped between claiming the row and recording the result: a human decides (never re-sent).
    UNCERTAIN = "uncertain", _("Uncertain")


EDITABLE_STATUSES = (MessageStatus.REVIEW, MessageStatus.SCHEDULED)


class Message(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey("talent.Candidate", on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=24, choices=MessageKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.SCHEDULED
    )
    language = models.CharField(_("language"), max_length=2, default="fr")
    # A snapshot taken when the message is planned: what the recruiter reviewed is where it goes.
    to_email = models.EmailField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=250)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True, default="")
    # When the worker may send it; moved forward by the back-off after a transient failure.
    due_at = models.DateTimeField(_("due at"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True, default="")
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=100, blank=True, default="")
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The Message-ID header, chosen when the row is claimed so that even an uncertain row can be traced in the
    # mail server's logs.
    message_id = models.CharField(max_length=250, blank=True, default="")
    # The cadence step that planned it (filled by cadences); blank for messages written by hand.
    cadence_key = models.CharField(max_length=100, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-due_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            # Recipients are unique per (cadence step, candidate): a cadence replayed never writes twice.
            models.UniqueConstraint(
                fields=["candidate", "cadence_key"],
                condition=~models.Q(cadence_key=""),
                name="message_unique_cadence_step",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=MessageStatus.values), name="message_status_valid"
            ),
        ]
        indexes = [
            # the worker's claim: WHERE status='scheduled' AND due_at <= now ORDER BY due_at; also the crash
            # sweep (status='sending') and the outbox lists filtered by status
            models.Index(fields=["status", "due_at"], name="message_status_due_idx"),
            # the messages on a candidate's page, latest first
            models.Index(fields=["candidate", "-due_at"], name="message_candidate_idx"),
            # the worker's sending limits: rows claimed in the last minute or hour (per domain, per recruiter)
            models.Index(
                fields=["claimed_at"],
                name="message_claimed_idx",
                condition=models.Q(claimed_at__isnull=False),
            ),
            # a campaign's messages and their counts by status (cadence_key "campaign:<id>"); the unique
            # constraint above starts with the candidate and cannot serve a lookup by key alone
            models.Index(
                fields=["cadence_key"], name="message_cadence_key_idx", condition=~models.Q(cadence_key="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to_email} ({self.status})"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def last_error_text(self) -> str:
        """last_error for a page: a reason code in words ("… has not agreed to answer surveys."), else as is."""
        from vivier.outreach.reasons import last_error_text

        return last_error_text(self)


# Kinds that have an editable template (a personal message is written by hand; the notice comes with privacy).
TEMPLATE_KINDS = (
    MessageKind.THANK_YOU,
    MessageKind.STAY_IN_TOUCH,
    MessageKind.FEEDBACK,
    MessageKind.CHECK_IN,
    MessageKind.JOB_ALERT,
    MessageKind.CONSENT_RENEWAL,
    MessageKind.SURVEY,
)


class MessageTemplate(models.Model):
    """The wording of one kind of message in one language, with merge fields (vivier.outreach.templating).

    Planning a message renders its template once into the Message row: what a recruiter reviews and edits
    there is what goes, and changing a template later does not rewrite messages already planned.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=24, choices=[(k.value, k.label) for k in TEMPLATE_KINDS])
    language = models.CharField(_("language"), max_length=2, choices=[("fr", "Français"), ("en", "English")])
    subject = models.CharField(_("subject"), max_length=250)
    body_text = models.TextField(_("text"))
    # Optional: without it the HTML part is the text, escaped, with its paragraphs and links.
    body_html = models.TextField(_("HTML"), blank=True, default="")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "language"]
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="template_unique_kind_language"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"


class LinkedInStatus(models.TextChoices):
    NOT_CONNECTED = "not_connected", _("Not connected")
    REQUEST_SENT = "request_sent", _("Request sent")
    CONNECTED = "connected", _("Connected")
    ENGAGED = "engaged", _("Engaged")


class LinkedInContact(models.Model):
    """Where the LinkedIn relationship stands, as the recruiter records it: Vivier never reads LinkedIn."""

    candidate = models.OneToOneField("talent.Candidate", on_delete=models.CASCADE, related_name="linkedin")
    status = models.CharField(
        _("LinkedIn status"),
        max_length=16,
        choices=LinkedInStatus.choices,
        default=LinkedInStatus.NOT_CONNECTED,
    )
    requested_at = models.DateTimeField(_("request sent on"), null=True, blank=True)
    connected_at = models.DateTimeField(_("connected on"), null=True, blank=True)
    engaged_at = models.DateTimeField(_("engaged on"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            # the dashboard's reminder: requests pending for more than N days, oldest first
            models.Index(fields=["status", "requested_at"], name="linkedin_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id}: {self.status}"
