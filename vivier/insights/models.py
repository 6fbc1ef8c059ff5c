"""The insights' own tables: shareable links to client reports, and the figures' narrow copy of answered offers.

ReportLink: a read-only link to one client report; the token itself is never stored, only its SHA-256.
OfferFact and FactsState: the derived table the dashboard reads, and the state it mirrors (see facts.py).
"""

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


# The rows the decline figures read, and those of the salary figures (in euros only).
DECLINED = models.Q(accepted=False)
SALARY_EUR = models.Q(accepted=False, mentions_salary=True, currency="EUR")


class OfferFact(models.Model):
    """One row per answered offer (accepted or declined): the narrow copy the dashboard's figures read.

    Derived only, never edited by hand: `vivier.insights.facts.facts_sync` keeps it in step with the offers and
    declines of vivier.talent (new rows appended, jobs' ROME codes and erased people refreshed), and the
    figures read it through the indexes below, each an ordered walk that needs no sort. It exists because at
    200,000 declines every GROUP BY over talent_decline (and its joins to offers and jobs) costs SQLite a sort of
    the whole period (docs/insights.md, "Speed").

    Declined rows copy the decline's snapshot; accepted rows leave the decline columns empty. `at` is when the
    offer was answered: the decline's date, or the offer's decision date.
    """

    # The foreign keys cascade through Django's deletion (deleting an offer or a decline deletes its row) but
    # have no database constraint: a rebuild inserts 280,000 rows, and checking each parent doubles its time.
    offer = models.OneToOneField(
        "talent.Offer",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_column="offer_id",
        db_constraint=False,
    )
    # Set on declined rows: deleting the decline deletes its row here (the offer may stay).
    decline = models.OneToOneField(
        "talent.Decline",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    accepted = models.BooleanField()
    at = models.DateTimeField()
    month = models.PositiveIntegerField()  # `at`'s month in the agency's time zone, as YYYYMM
    # Plain integers, not foreign keys: an erasure moves declines to the placeholder person (the sync follows);
    # clients and jobs cannot be deleted while offers point at them.
    candidate_id = models.BigIntegerField()
    client_id = models.BigIntegerField()
    job_id = models.BigIntegerField()
    rome_code = models.CharField(max_length=8, blank=True, default="")
    family = models.CharField(max_length=3, blank=True, default="")  # the ROME code's first three characters
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    offered_at = models.DateTimeField()
    applied_at = models.DateTimeField()  # the application's creation: when the person was put on the job
    remote_days = models.PositiveSmallIntegerField()
    # Accepted rows: the person had declined an offer before this application (a placement from the pool).
    from_pool = models.BooleanField(default=False)
    # Declined rows only.
    kind = models.CharField(max_length=24, blank=True, default="")
    primary_reason_id = models.BigIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    band = models.CharField(max_length=16, blank=True, default="")
    currency = models.CharField(max_length=3, blank=True, default="")
    offered_salary = models.PositiveIntegerField(null=True, blank=True)
    expected_salary = models.PositiveIntegerField(null=True, blank=True)  # NULL when unknown (or 0)
    competing_salary = models.PositiveIntegerField(null=True, blank=True)
    gap_expected = models.FloatField(null=True, blank=True)  # (offered - expected) / expected, in %
    gap_competing = models.FloatField(null=True, blank=True)
    days = models.FloatField(null=True, blank=True)  # from the offer to the decline
    competing_remote_days = models.PositiveSmallIntegerField(null=True, blank=True)
    expected_remote = models.CharField(max_length=8, blank=True, default="")
    mentions_salary = models.BooleanField(default=False)  # salary among the reasons, main or not
    mentions_remote = models.BooleanField(default=False)
    # Declined rows, from the person's other rows (kept by derived.refresh_people): their previous decline
    # (so the people of a period are counted without DISTINCT), and the first offer they accepted afterwards.
    prev_at = models.DateTimeField(null=True, blank=True)
    prev_month = models.PositiveIntegerField(null=True, blank=True)  # that previous decline's `month`
    returned_offer_id = models.BigIntegerField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("answered offer (figures)")
        # Each index ends with the columns of its own condition: SQLite reads an index alone (without the
        # table) only when it holds every column the query names, those of the partial condition included.
        indexes = [
            # placements (and the acceptance rate): the accepted offers of the period, per month, from the pool
            # or not, with their remote days: WHERE accepted IN (true) … GROUP BY month, from_pool
            models.Index(
                fields=["accepted", "month", "from_pool", "at", "remote_days", "offered_by"],
                name="fact_outcome_idx",
            ),
            # the terms a client offers (vivier.insights.shifts): its answered offers of the period counted per
            # salary and remote days, GROUP BY client_id, currency, offered_salary, remote_days in index order
            models.Index(
                fields=["client_id", "currency", "offered_salary", "remote_days", "at"], name="fact_terms_idx"
            ),
            # declines per main reason over a period (shifts: before and after the middle of the period)
            models.Index(
                fields=["primary_reason_id", "accepted", "at"], condition=DECLINED, name="fact_reason_idx"
            ),
            # the breakdowns, each `GROUP BY <dimension>, primary_reason_id` over declines of the period, read
            # in index order (no sort): months, kinds, salary bands, recruiters, clients, ROME codes
            models.Index(
                fields=["month", "primary_reason_id", "accepted", "at"],
                condition=DECLINED,
                name="fact_month_idx",
            ),
            models.Index(
                fields=["kind", "primary_reason_id", "accepted", "at"],
                condition=DECLINED,
                name="fact_kind_idx",
            ),
            models.Index(
                fields=["band", "primary_reason_id", "accepted", "at"],
                condition=DECLINED,
                name="fact_band_idx",
            ),
            models.Index(
                fields=["recorded_by", "primary_reason_id", "accepted", "at"],
                condition=DECLINED,
                name="fact_recorder_idx",
            ),
            models.Index(
                fields=["client_id", "primary_reason_id", "accepted", "at"],
                condition=DECLINED,
                name="fact_client_idx",
            ),
            # job families: their size and most frequent ROME code (the label), then the reasons of the largest
            models.Index(
                fields=["family", "rome_code", "accepted", "at"], condition=DECLINED, name="fact_rome_idx"
            ),
            models.Index(
                fields=["family", "primary_reason_id", "accepted", "at"],
                condition=DECLINED,
                name="fact_family_idx",
            ),
            # quartiles of the days from offer to decline: ORDER BY days LIMIT 2 OFFSET k (SQLite)
            models.Index(fields=["days", "accepted", "at"], condition=DECLINED, name="fact_days_idx"),
            # a person's rows: their declines and acceptances (the sync's refresh, narrowed figures by person)
            models.Index(fields=["candidate_id", "accepted", "at"], name="fact_person_idx"),
            # the people who declined in a period: declines of the period whose previous one is before it
            models.Index(fields=["at", "prev_at", "accepted"], condition=DECLINED, name="fact_people_idx"),
            # boomerangs: declines of the period followed by an accepted offer, and that offer
            models.Index(
                fields=[
                    "at",
                    "prev_at",
                    "candidate_id",
                    "offer",
                    "returned_at",
                    "returned_applied_at",
                    "returned_offer_id",
                    "accepted",
                ],
                condition=models.Q(accepted=False, returned_at__isnull=False),
                name="fact_returned_idx",
            ),
            # the salary figures, declines giving salary as a reason: their count (and how many not in euros),
            # then in euros the quartiles of each amount and gap (ORDER BY <value> LIMIT 2 OFFSET k)
            models.Index(
                fields=[
                    "at",
                    "currency",
                    "accepted",
                    "mentions_salary",
                    "offered_salary",
                    "expected_salary",
                    "competing_salary",
                    "gap_expected",
                    "gap_competing",
                ],
                condition=models.Q(accepted=False, mentions_salary=True),
                name="fact_salary_idx",
            ),
            *[
                models.Index(
                    fields=[column, "at", "accepted", "mentions_salary", "currency"],
                    condition=SALARY_EUR,
                    name=name,
                )
                for column, name in (
                    ("offered_salary", "fact_sal_offered_idx"),
                    ("expected_salary", "fact_sal_expected_idx"),
                    ("competing_salary", "fact_sal_competing_idx"),
                    ("gap_expected", "fact_gap_expected_idx"),
                    ("gap_competing", "fact_gap_competing_idx"),
                )
            ],
            # the remote-work figures: declines giving remote work as a reason, by the candidate's preference
            models.Index(
                fields=[
                    "expected_remote",
                    "at",
                    "remote_days",
                    "competing_remote_days",
                    "accepted",
                    "mentions_remote",
                ],
                condition=models.Q(accepted=False, mentions_remote=True),
                name="fact_remote_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{'accepted' if self.accepted else 'declined'} {self.offer_id} @ {self.at:%Y-%m-%d}"


class FactsState(models.Model):
    """The one row saying which state of the talent tables OfferFact mirrors (see vivier.insights.facts)."""

    schema = models.CharField(max_length=100)  # the derived columns' version and the time zone of `month`
    version = models.CharField(max_length=500)  # the data version (facts.Snapshot) last brought in
    declines_max = models.BigIntegerField(default=0)  # the highest decline id copied
    accepted_event = models.BigIntegerField(default=0)  # the last "offer accepted" event followed
    job_event = models.BigIntegerField(default=0)  # the last "job updated" event followed
    erased_event = models.BigIntegerField(default=0)  # the last erasure followed
    outreach_event = models.BigIntegerField(default=0)  # the last message sent, reply or unsubscribe followed
    synced_at = models.DateTimeField(default=timezone.now)
    verified_at = models.DateTimeField(null=True, blank=True)  # the last count check (facts._verify)

    class Meta:
        verbose_name = _("state of the figures' table")

    def __str__(self) -> str:
        return f"facts {self.schema} @ {self.synced_at:%Y-%m-%d %H:%M}"


class FactMonth(models.Model):
    """Declines per month, per value of one dimension (kind, salary band, recruiter, job family, ROME code) and
    per main reason: sums of OfferFact rows, recomputed by the sync for the months whose rows changed.

    The dashboard over whole months with no other filter (its default: the last twelve months) reads these few
    thousand rows instead of walking 200,000 index entries once per dimension (see selectors.MonthSums).
    """

    dim = models.CharField(max_length=8)  # see facts.CUBE_DIMS, and "salary" (facts.SALARY_COUNTS)
    month = models.PositiveIntegerField()  # YYYYMM, as OfferFact.month
    value = models.CharField(max_length=24, blank=True, default="")  # "" for none (no recruiter, no code)
    primary_reason_id = models.BigIntegerField(null=True, blank=True)  # NULL for the ROME codes' sizes
    n = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("declines of a month (figures)")
        constraints = [
            # also the index of the reads: WHERE dim = … AND month BETWEEN … (then value, reason)
            models.UniqueConstraint(
                fields=["dim", "month", "value", "primary_reason_id"], name="factmonth_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dim} {self.month} {self.value}: {self.n}"


class SentMessage(models.Model):
    """One row per message sent: its step, and how long after it the person answered (a reply, an
    unsubscribe) when that answer counts for it. Kept by facts.facts_sync for the people whose messages or
    answers changed; the reply-rate and touchpoint figures (vivier.insights.touchpoints) read it instead of
    the outbox, whose rows carry the messages' texts and have no index on the sending date.

    An answer counts for the last message sent to the person before it: it falls between this message and
    the next one sent to them. The figures keep those within their window (touchpoints.REPLY_DAYS).
    """

    message = models.OneToOneField(
        "outreach.Message",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_column="message_id",
        db_constraint=False,
    )
    candidate_id = models.BigIntegerField()
    sent_at = models.DateTimeField()
    month = models.PositiveIntegerField()  # `sent_at`'s month in the agency's time zone, as YYYYMM
    step = models.CharField(max_length=40)  # steps.step_of: the cadence step, or the kind
    replied_after = models.FloatField(null=True, blank=True)  # days to the first reply that counts for it
    unsubscribed_after = models.FloatField(null=True, blank=True)  # days to the first unsubscribe

    class Meta:
        verbose_name = _("message sent (figures)")
        indexes = [
            # the reply rates: per step over the messages sent in a period, GROUP BY step in index order
            models.Index(
                fields=["step", "sent_at", "replied_after", "unsubscribed_after"], name="sent_step_idx"
            ),
            # a person's messages: the touchpoint before their return (the last one before a date), the
            # refresh of their answers
            models.Index(fields=["candidate_id", "sent_at", "message", "step"], name="sent_person_idx"),
            # the monthly sums of the reply rates (derived.cube_refresh): GROUP BY month, step; and whether a
            # message went after the end of a period within its last month (sources.MonthSums)
            models.Index(
                fields=["month", "step", "replied_after", "unsubscribed_after", "sent_at"],
                name="sent_month_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step} {self.message_id} @ {self.sent_at:%Y-%m-%d}"
