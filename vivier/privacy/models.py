"""The privacy domain: the consent ledger, the candidate's own answers and files, rights requests, erasures.

Nothing here is kept on talent.Candidate itself: a OneToOne row (CandidatePrivacy) carries what the privacy
pages need (link version, preferences), so the talent tables stay as they are.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    TALENT_POOL = "talent_pool", _("Stay in the talent pool")
    JOB_ALERTS = "job_alerts", _("Receive job alerts")
    SURVEY = "survey", _("Answer a short survey")


class ConsentAction(models.TextChoices):
    GIVEN = "given", _("Given")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ConsentChannel(models.TextChoices):
    WEB_FORM = "web_form", _("The candidate's own page")
    EMAIL_LINK = "email_link", _("A link in an e-mail")
    PHONE = "phone", _("Told a recruiter on the phone")
    IN_PERSON = "in_person", _("Told a recruiter in person")
    EMAIL_REPLY = "email_reply", _("Replied by e-mail")


class ConsentRecord(models.Model):
    """One line of the ledger: append-only; the state of a purpose is its latest line."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey("talent.Candidate", on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    action = models.CharField(_("action"), max_length=10, choices=ConsentAction.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    # The exact wording the person saw (version, text and its hash): proof of what they agreed to.
    wording_version = models.CharField(_("wording version"), max_length=20, blank=True, default="")
    wording_text = models.TextField(_("wording"), blank=True, default="")
    wording_hash = models.CharField(max_length=64, blank=True, default="")
    language = models.CharField(_("language"), max_length=2, default="fr")
    channel = models.CharField(_("channel"), max_length=12, choices=ConsentChannel.choices)
    # A recruiter's note when the consent came by phone or in person ("called on 12/03, agreed").
    note = models.CharField(_("note"), max_length=500, blank=True, default="")
    # Proof for a web answer: the address, the browser, the id of the signed link used.
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True, default="")
    token_id = models.CharField(max_length=64, blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Talent pool only: when this consent lapses unless the person gets in touch again (see rules).
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        indexes = [
            # the latest record per purpose of one person (may_contact, the candidate page)
            models.Index(fields=["candidate", "purpose", "-at"], name="consent_candidate_idx"),
            # the retention sweep: talent-pool consents expiring in a window
            models.Index(fields=["purpose", "expires_at"], name="consent_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.action} @ {self.at:%Y-%m-%d}"


class AlertFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")
    NEVER = "never", _("Never")


class CandidatePrivacy(models.Model):
    """What the candidate's own pages need about one person, beside the talent profile."""

    candidate = models.OneToOneField("talent.Candidate", on_delete=models.CASCADE, related_name="privacy")
    # Bumped to revoke every link sent so far: a token carries the version it was made with.
    token_version = models.PositiveIntegerField(default=1)
    # The candidate's own preferences (the talent profile keeps the recruiter's view).
    wanted_jobs = models.CharField(_("jobs wanted"), max_length=300, blank=True, default="")
    wanted_places = models.CharField(_("places"), max_length=300, blank=True, default="")
    remote_preference = models.CharField(_("remote preference"), max_length=8, blank=True, default="")
    contract_types = models.JSONField(_("contract types"), default=list, blank=True)
    salary_expectation = models.PositiveIntegerField(_("salary expectation"), null=True, blank=True)
    alert_frequency = models.CharField(
        _("alert frequency"), max_length=8, choices=AlertFrequency.choices, default=AlertFrequency.MONTHLY
    )
    # "What's new for me": their own words, shown to the recruiter.
    news_role = models.CharField(_("new role"), max_length=200, blank=True, default="")
    news_skills = models.CharField(_("new skills"), max_length=300, blank=True, default="")
    open_again_at = models.DateTimeField(_("open to opportunities since"), null=True, blank=True)
    # The information notice (CNIL: within a month for people not met through their own application).
    notice_sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("candidate privacy")

    def __str__(self) -> str:
        return f"privacy of {self.candidate_id}"


class CandidateDeclineAnswer(models.Model):
    """The candidate's own account of a decline, in their words, next to the recruiter's Decline."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(
        "talent.Candidate", on_delete=models.CASCADE, related_name="decline_answers"
    )
    decline = models.ForeignKey(
        "talent.Decline", null=True, blank=True, on_delete=models.CASCADE, related_name="candidate_answers"
    )
    reasons = models.JSONField(_("reasons"), default=list)
    primary_reason = models.CharField(_("main reason"), max_length=50)
    in_their_words = models.TextField(_("in their words"), blank=True, default="", max_length=3000)
    competing_offer = models.TextField(_("what the other offer had"), blank=True, default="", max_length=1000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # the answers shown on a candidate's page
            models.Index(fields=["candidate", "-created_at"], name="declineanswer_candidate_idx"),
        ]

    def __str__(self) -> str:
        return f"answer of {self.candidate_id}: {self.primary_reason}"


class CandidateFile(models.Model):
    """A file about a person (their CV), stored under MEDIA_ROOT, which no URL serves."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey("talent.Candidate", on_delete=models.CASCADE, related_name="privacy_files")
    original_name = models.CharField(_("file name"), max_length=200)
    # Relative to MEDIA_ROOT: candidates/<candidate public id>/<file public id>.<ext>
    stored_path = models.CharField(max_length=300)
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveIntegerField(default=0)
    # True when the candidate uploaded it on their own page.
    by_candidate = models.BooleanField(default=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["candidate", "-uploaded_at"], name="candfile_candidate_idx")]

    def __str__(self) -> str:
        return self.original_name


class UsedToken(models.Model):
    """Ids of single-use links already used: a replayed link changes nothing."""

    token_id = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.token_id


class RightsKind(models.TextChoices):
    ACCESS = "access", _("Access / export")
    ERASURE = "erasure", _("Erasure")
    RECTIFICATION = "rectification", _("Rectification")
    OBJECTION = "objection", _("Objection")


class RightsStatus(models.TextChoices):
    OPEN = "open", _("To handle")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused")


class RightsRequest(models.Model):
    """A GDPR request, answered within a month (CNIL). Outlives the erasure it logs: no personal data."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Null once the person is erased; `reference` keeps the public id the request was about.
    candidate = models.ForeignKey(
        "talent.Candidate", null=True, blank=True, on_delete=models.SET_NULL, related_name="rights_requests"
    )
    reference = models.CharField(max_length=64, blank=True, default="")
    kind = models.CharField(_("kind"), max_length=14, choices=RightsKind.choices)
    received_at = models.DateTimeField(_("received on"), default=timezone.now)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=8, choices=RightsStatus.choices, default=RightsStatus.OPEN
    )
    handled_at = models.DateTimeField(_("handled on"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Free text is the recruiter's: the form warns to keep personal details out (it outlives an erasure).
    note = models.CharField(_("note"), max_length=500, blank=True, default="")

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [
            # the dashboard: open requests, nearest deadline first
            models.Index(fields=["status", "deadline"], name="rights_status_deadline_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference} ({self.status})"


class ErasedIdentity(models.Model):
    """All that is left of an erased person: a keyed hash of their e-mail, so an import flags them."""

    email_hash = models.CharField(max_length=64, unique=True)
    erased_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("erased identity")
        verbose_name_plural = _("erased identities")

    def __str__(self) -> str:
        return self.email_hash[:12]
