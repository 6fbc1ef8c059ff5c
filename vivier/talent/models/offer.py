from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vivier.talent.models.job import ContractType


class ApplicationStatus(models.TextChoices):
    ACTIVE = "active", _("In process")
    OFFER = "offer", _("Offer made")
    HIRED = "hired", _("Hired")
    DECLINED = "declined", _("Closed (declined)")


class Application(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey("talent.Candidate", on_delete=models.CASCADE, related_name="applications")
    job = models.ForeignKey("talent.Job", on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(
        _("status"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "job"], name="application_unique_per_job")
        ]
        indexes = [
            # the pipeline of a job on the job page
            models.Index(fields=["job", "-created_at"], name="application_job_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} → {self.job_id}"


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Offer(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="offers")
    salary = models.PositiveIntegerField(_("salary (gross per year)"))
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    remote_days_per_week = models.PositiveSmallIntegerField(_("remote days per week"), default=0)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    contract_type = models.CharField(
        _("contract type"), max_length=16, choices=ContractType.choices, default=ContractType.CDI
    )
    notes = models.TextField(_("notes"), blank=True, default="", max_length=5000)
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(remote_days_per_week__lte=5), name="offer_remote_days_max_5"
            ),
        ]
        indexes = [
            # open offers waiting for an answer, on the dashboard
            models.Index(fields=["status", "created_at"], name="offer_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.salary} {self.currency}"

    @property
    def is_open(self) -> bool:
        return self.status == OfferStatus.OPEN


class ReasonCategory(models.TextChoices):
    COMPENSATION = "compensation", _("Pay and benefits")
    FLEXIBILITY = "flexibility", _("Flexibility and hours")
    LOCATION = "location", _("Location")
    ROLE = "role", _("Role and career")
    COMPANY = "company", _("Company")
    COMPETITION = "competition", _("Competing offer")
    PROCESS = "process", _("Recruitment process")
    PERSONAL = "personal", _("Personal")
    OTHER = "other", _("Other")


class DeclineReason(models.Model):
    """A code of the decline-reason taxonomy. Codes are stable (the API and analytics use them); labels change."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    category = models.CharField(_("category"), max_length=16, choices=ReasonCategory.choices)
    label_fr = models.CharField(_("French label"), max_length=120)
    label_en = models.CharField(_("English label"), max_length=120)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("decline reason")
        verbose_name_plural = _("decline reasons")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "fr").startswith("en") else self.label_fr


class DeclineKind(models.TextChoices):
    DECLINED_BY_CANDIDATE = "declined_by_candidate", _("Declined by the candidate")
    WITHDRAWN = "withdrawn", _("Withdrawn by the candidate")
    REJECTED_BY_CLIENT = "rejected_by_client", _("Rejected by the client")
    REJECTED_BY_US = "rejected_by_us", _("Rejected by us")


class OpenToFuture(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Don't know")


class Decline(models.Model):
    """How an offer ended without a hire, and why. Keeps a snapshot of the terms for later analysis."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    offer = models.OneToOneField(Offer, on_delete=models.CASCADE, related_name="decline")
    # Denormalised from offer → application: the candidate page and the analytics read declines by candidate
    # without three joins; set once by the service, never changed.
    candidate = models.ForeignKey("talent.Candidate", on_delete=models.CASCADE, related_name="declines")
    # Likewise the job and its client: the analytics group 200,000 declines by client and job family, and three
    # joins per decline cost seconds there (docs/insights.md). Set once with the offer's, never changed.
    job = models.ForeignKey("talent.Job", on_delete=models.PROTECT, related_name="declines")
    client = models.ForeignKey("talent.Client", on_delete=models.PROTECT, related_name="declines")
    kind = models.CharField(_("kind"), max_length=24, choices=DeclineKind.choices)
    reasons = models.ManyToManyField(DeclineReason, related_name="declines", verbose_name=_("reasons"))
    primary_reason = models.ForeignKey(
        DeclineReason,
        on_delete=models.PROTECT,
        related_name="primary_declines",
        verbose_name=_("main reason"),
    )
    detail = models.TextField(_("details"), blank=True, default="", max_length=5000)
    competing_employer = models.CharField(_("competing employer"), max_length=200, blank=True, default="")
    competing_salary = models.PositiveIntegerField(_("competing salary"), null=True, blank=True)
    competing_remote_days = models.PositiveSmallIntegerField(
        _("competing remote days"), null=True, blank=True
    )
    counter_offer = models.BooleanField(_("counter-offer from the current employer"), default=False)
    open_to_future = models.CharField(
        _("open to future contact"), max_length=8, choices=OpenToFuture.choices, default=OpenToFuture.UNKNOWN
    )
    recontact_after = models.DateField(_("recontact after"), null=True, blank=True)
    # Snapshot of what was offered and what the candidate expected when the decline was recorded.
    offered_salary = models.PositiveIntegerField()
    offered_currency = models.CharField(max_length=3)
    offered_remote_days = models.PositiveSmallIntegerField()
    offered_contract_type = models.CharField(max_length=16, choices=ContractType.choices)
    offered_start_date = models.DateField(null=True, blank=True)
    expected_salary = models.PositiveIntegerField(null=True, blank=True)
    expected_remote = models.CharField(max_length=8, blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(competing_remote_days__isnull=True)
                | models.Q(competing_remote_days__lte=5),
                name="decline_competing_remote_max_5",
            ),
        ]
        indexes = [
            # analytics over a period
            models.Index(fields=["created_at"], name="decline_created_idx"),
            # analytics by main reason
            models.Index(fields=["primary_reason", "created_at"], name="decline_primary_idx"),
            # analytics and client reports filtered by client over a period
            models.Index(fields=["client", "created_at"], name="decline_client_idx"),
            # the dashboard's "to call back" list: recontact dates in a window, soonest first
            models.Index(fields=["recontact_after"], name="decline_recontact_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.primary_reason_id})"

    @property
    def salary_gap_pct(self) -> float | None:
        """How far the offer was below (negative) or above the candidate's expectation, in percent."""
        if not self.expected_salary:
            return None
        return round((self.offered_salary - self.expected_salary) * 100 / self.expected_salary, 1)
