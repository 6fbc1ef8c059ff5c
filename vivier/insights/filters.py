"""The filters every figure of the insights obeys, and the querysets they select.

One object travels from the filter form (or the API's query) to every selector and back into the drill-down
links, so a figure and the list of declines behind it always use the same rows.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils import timezone

from vivier.insights.models import OfferFact
from vivier.insights.quantiles import Unindexed
from vivier.talent.models import Client, Decline, DeclineReason, Offer, OfferStatus

# Periods up to this long read declines through the created_at index; longer ones scan (see Unindexed).
INDEX_DAYS = 92
# "none" selects the rows with no value (no recruiter recorded, a job without ROME code).
NONE = "none"
FAMILY_RE = re.compile(r"^[A-N](\d{0,2})$")

# Salary bands of the offered gross yearly salary, in euros only: amounts in other currencies are never
# banded with them (see `facts.band_of`).
BANDS: list[tuple[str, int | None, int | None]] = [
    ("lt30", None, 30_000),
    ("30_40", 30_000, 40_000),
    ("40_50", 40_000, 50_000),
    ("50_65", 50_000, 65_000),
    ("65_80", 65_000, 80_000),
    ("ge80", 80_000, None),
]
OTHER_CURRENCY = "other_currency"
# The two reasons whose figures have their own columns in OfferFact (given at all, main or not).
SALARY = "salary"
REMOTE = "remote_policy"
BAND_KEYS = [b[0] for b in BANDS] + [OTHER_CURRENCY]


def day_start(day: dt.date) -> dt.datetime:
    """Midnight of that day in the agency's time zone: periods are read as local calendar days."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def band_q(key: str, prefix: str = "") -> Q:
    """The rows whose offered salary falls in that band (prefix: the path to the salary fields)."""
    salary, currency = f"{prefix}offered_salary", f"{prefix}offered_currency"
    if key == OTHER_CURRENCY:
        return ~Q(**{currency: "EUR"})
    for k, low, high in BANDS:
        if k == key:
            q = Q(**{currency: "EUR"})
            if low is not None:
                q &= Q(**{f"{salary}__gte": low})
            if high is not None:
                q &= Q(**{f"{salary}__lt": high})
            return q
    return Q(pk__in=[])


@dataclass(frozen=True)
class InsightFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive
    client: Client | None = None
    kind: str = ""
    recruiter_id: int | str | None = None  # a user's pk, NONE, or None for everyone
    recruiter_public_id: str = ""
    family: str = ""  # a ROME prefix ("M18"), NONE, or "" for every family
    # Drill-down refinements: the figure that was clicked.
    reason: str = ""
    band: str = ""
    mentions: str = ""  # a reason given at all, main or not (the salary and remote figures use these)
    boomerang: bool = False  # only declines whose candidate accepted an offer later

    def with_(self, **changes) -> InsightFilters:
        return replace(self, **changes)

    # --- what the filters select ----------------------------------------------------------------------

    def declines(self) -> QuerySet[Decline]:
        qs = Decline.objects.all()
        if self.date_from or self.date_to:
            # The created_at index pays for a short period only; over months a sequential scan is faster.
            short = self.date_from and self.date_to and (self.date_to - self.date_from).days <= INDEX_DAYS
            qs = qs.alias(_created=F("created_at") if short else Unindexed(F("created_at")))
        if self.date_from:
            qs = qs.filter(_created__gte=day_start(self.date_from))
        if self.date_to:
            qs = qs.filter(_created__lt=day_start(self.date_to + dt.timedelta(days=1)))
        if self.client is not None:
            qs = qs.filter(client_id=self.client.pk)
        if self.kind:
            qs = qs.filter(kind=self.kind)
        if self.recruiter_id == NONE:
            qs = qs.filter(recorded_by__isnull=True)
        elif self.recruiter_id is not None:
            qs = qs.filter(recorded_by_id=self.recruiter_id)
        if self.family == NONE:
            qs = qs.filter(job__rome_code="")
        elif self.family:
            qs = qs.filter(job__rome_code__startswith=self.family)
        if self.reason:
            qs = qs.filter(primary_reason__code=self.reason)
        if self.band:
            qs = qs.filter(band_q(self.band))
        if self.mentions:
            through = Decline.reasons.through
            qs = qs.filter(
                Exists(through.objects.filter(decline_id=OuterRef("pk"), declinereason__code=self.mentions))
            )
        if self.boomerang:
            qs = qs.filter(
                Exists(
                    Offer.objects.filter(
                        application__candidate_id=OuterRef("candidate_id"),
                        status=OfferStatus.ACCEPTED,
                        decided_at__gt=OuterRef("created_at"),
                    )
                )
            )
        return qs.order_by()

    def fact_q(self) -> Q:
        """The condition, on an OfferFact row, that it is one of the declines `declines()` selects.

        The period is compared as `+at` on SQLite: every figure walks one index whose last column is `at`,
        in the order of its GROUP BY or ORDER BY, and the planner must not trade that walk for a range of
        another index followed by a sort of the whole period.
        """
        q = Q(accepted=False)
        if self.date_from:
            q &= Q(GreaterThanOrEqual(Unindexed(F("at")), day_start(self.date_from)))
        if self.date_to:
            q &= Q(LessThan(Unindexed(F("at")), day_start(self.date_to + dt.timedelta(days=1))))
        if self.client is not None:
            q &= Q(client_id=self.client.pk)
        if self.kind:
            q &= Q(kind=self.kind)
        if self.recruiter_id == NONE:
            q &= Q(recorded_by__isnull=True)
        elif self.recruiter_id is not None:
            q &= Q(recorded_by_id=self.recruiter_id)
        q &= self._family_q()
        if self.reason:
            q &= Q(primary_reason_id__in=DeclineReason.objects.filter(code=self.reason).values("pk"))
        if self.band:
            q &= Q(band=self.band)
        if self.mentions == SALARY:
            q &= Q(mentions_salary=True)
        elif self.mentions == REMOTE:
            q &= Q(mentions_remote=True)
        elif self.mentions:
            through = Decline.reasons.through
            q &= Q(
                Exists(
                    through.objects.filter(
                        decline_id=OuterRef("decline_id"), declinereason__code=self.mentions
                    )
                )
            )
        if self.boomerang:
            later = OfferFact.objects.filter(
                candidate_id=OuterRef("candidate_id"), accepted=True, at__gt=OuterRef("at")
            )
            q &= Q(Exists(later))
        return q

    def facts(self) -> QuerySet[OfferFact]:
        """The same declines as `declines()`, as rows of OfferFact: what the figures read."""
        return OfferFact.objects.filter(self.fact_q())

    @property
    def beyond_period(self) -> bool:
        """Narrowed by more than the period: the figures then start from the few rows that match."""
        return self.is_narrowed

    def outcomes(self) -> QuerySet[OfferFact]:
        """Offers answered (accepted or declined) in the period, as OfferFact rows: see `answered_offers`."""
        qs = OfferFact.objects.all()
        if self.date_from:
            qs = qs.filter(GreaterThanOrEqual(Unindexed(F("at")), day_start(self.date_from)))
        if self.date_to:
            qs = qs.filter(LessThan(Unindexed(F("at")), day_start(self.date_to + dt.timedelta(days=1))))
        if self.client is not None:
            qs = qs.filter(client_id=self.client.pk)
        if self.recruiter_id == NONE:
            qs = qs.filter(offered_by__isnull=True)
        elif self.recruiter_id is not None:
            qs = qs.filter(offered_by_id=self.recruiter_id)
        return qs.filter(self._family_q())

    def _family_q(self) -> Q:
        """On OfferFact: a whole family (three characters) by its own indexed column, a shorter prefix by code."""
        if self.family == NONE:
            return Q(rome_code="")
        if len(self.family) == 3:
            return Q(family=self.family)
        if self.family:
            return Q(rome_code__startswith=self.family)
        return Q()

    def declined_fact(self) -> Q:
        """The condition, on an OfferFact, that it counts as declined under these filters (`declined_side`)."""
        q = Q(accepted=False)
        if self.kind:
            q &= Q(kind=self.kind)
        if self.reason:
            q &= Q(primary_reason_id__in=DeclineReason.objects.filter(code=self.reason).values("pk"))
        if self.band:
            q &= Q(band=self.band)
        return q

    def answered_offers(self) -> QuerySet[Offer]:
        """Offers answered (accepted or declined) in the period, for the acceptance rate.

        The recruiter of an offer is the one who made it (accepted offers have no decline to record it);
        kind, reason and band narrow the declined side only, so the rate reads "accepted against declines
        of this kind".
        """
        qs = Offer.objects.filter(status__in=[OfferStatus.ACCEPTED, OfferStatus.DECLINED])
        if self.date_from:
            qs = qs.filter(decided_at__gte=day_start(self.date_from))
        if self.date_to:
            qs = qs.filter(decided_at__lt=day_start(self.date_to + dt.timedelta(days=1)))
        if self.client is not None:
            qs = qs.filter(application__job__client_id=self.client.pk)
        if self.recruiter_id == NONE:
            qs = qs.filter(created_by__isnull=True)
        elif self.recruiter_id is not None:
            qs = qs.filter(created_by_id=self.recruiter_id)
        if self.family == NONE:
            qs = qs.filter(application__job__rome_code="")
        elif self.family:
            qs = qs.filter(application__job__rome_code__startswith=self.family)
        return qs.order_by()

    def declined_side(self) -> Q:
        """The condition, on an Offer, that it counts as declined under these filters."""
        q = Q(status=OfferStatus.DECLINED)
        if self.kind:
            q &= Q(decline__kind=self.kind)
        if self.reason:
            q &= Q(decline__primary_reason__code=self.reason)
        if self.band:
            q &= band_q(self.band, "decline__")
        return q

    # --- back into URLs --------------------------------------------------------------------------------

    def params(self, **override: str) -> dict[str, str]:
        params = {
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "client": str(self.client.public_id) if self.client is not None else "",
            "kind": self.kind,
            "recruiter": NONE if self.recruiter_id == NONE else self.recruiter_public_id,
            "family": self.family,
            "reason": self.reason,
            "band": self.band,
            "mentions": self.mentions,
            "boomerang": "1" if self.boomerang else "",
        }
        params.update(override)
        # "from" and "to" stay even when empty: an empty period means "all time", not "the default period".
        return {k: v for k, v in params.items() if v or k in ("from", "to")}

    def query(self, **override: str) -> str:
        return urlencode(self.params(**override))

    @property
    def is_narrowed(self) -> bool:
        return bool(
            self.client
            or self.kind
            or self.recruiter_id
            or self.family
            or self.reason
            or self.band
            or self.mentions
            or self.boomerang
        )
