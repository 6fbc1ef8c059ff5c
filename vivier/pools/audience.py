"""Who a pool or a segment holds: the one place that turns either (or a campaign's snapshot of it) into a
queryset of candidates.

A segment's filters are the candidate list's GET parameters, read by the list page's own functions
(vivier.front.views.candidates.list_filters / list_criteria) and run through its selector
(vivier.talent.selectors.candidate_list): a segment shows exactly what the list shows for the same search.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from vivier.pools.models import AudienceKind, Campaign, Segment, TalentPool
from vivier.talent import selectors as talent
from vivier.talent.models import Candidate

FILTER_KEYS = ("q", "city", "remote_preference", "language", "declined")
# What the policy (may_contact), the preview and the outbox read of each person.
RECIPIENT_FIELDS = (
    "id",
    "public_id",
    "first_name",
    "last_name",
    "email",
    "do_not_contact",
    "created_at",
    "language",
)


def _list_functions():
    # Late: the front's views import this app's template tags' neighbours; the functions are the list page's.
    from vivier.front.views.candidates import list_criteria, list_filters

    return list_filters, list_criteria


def clean_filters(params) -> dict[str, str]:
    """The filters worth keeping from a query string or a dict: the list's keys, without the empty ones."""
    return {k: params.get(k) for k in FILTER_KEYS if params.get(k) not in (None, "")}


def segment_problems(filters) -> list[str]:
    """Why saved filters no longer mean what they meant (a choice that no longer exists, a key the list
    does not read); [] when the list reads them as they are."""
    if not isinstance(filters, dict):
        return [_("The saved filters cannot be read.")]
    list_filters, _criteria = _list_functions()
    problems = []
    safe = {k: v for k, v in filters.items() if isinstance(v, str)}
    parsed, declined = list_filters(safe)
    read = {**parsed, "declined": declined}
    for key, value in filters.items():
        if key not in read:
            problems.append(_("The filter “%(key)s” does not exist any more.") % {"key": key})
        elif not isinstance(value, str) or read[key] != value:
            problems.append(
                _("The value “%(value)s” of the filter “%(key)s” is not valid any more.")
                % {"value": value, "key": key}
            )
    return problems


def segment_criteria(filters: dict) -> dict:
    """The keyword arguments of talent.selectors.candidate_list for a segment's filters."""
    list_filters, list_criteria = _list_functions()
    return list_criteria(*list_filters(filters))


@dataclass
class Audience:
    kind: str
    public_id: uuid.UUID
    name: str
    filters: dict = field(default_factory=dict)
    # A campaign's audience: the people who were in it when it was confirmed (a pool's members added
    # before, a segment's candidates created before); None for the live audience.
    as_of: dt.datetime | None = None

    @classmethod
    def of_pool(cls, pool: TalentPool) -> Audience:
        return cls(AudienceKind.POOL, pool.public_id, pool.name)

    @classmethod
    def of_segment(cls, segment: Segment) -> Audience:
        return cls(AudienceKind.SEGMENT, segment.public_id, segment.name, dict(segment.filters))

    @classmethod
    def of_campaign(cls, campaign: Campaign) -> Audience:
        return cls(
            campaign.audience_kind,
            campaign.audience_id,
            campaign.audience_name,
            dict(campaign.audience_filters),
            as_of=campaign.created_at,
        )

    @property
    def problems(self) -> list[str]:
        return segment_problems(self.filters) if self.kind == AudienceKind.SEGMENT else []

    def candidates(self, *, language: str = "") -> QuerySet[Candidate]:
        """Everyone in the audience (in no particular order), optionally only those of one language."""
        if self.kind == AudienceKind.POOL:
            lookup = {"pool_memberships__pool__public_id": self.public_id}
            if self.as_of is not None:
                lookup["pool_memberships__added_at__lte"] = self.as_of
            qs = Candidate.objects.filter(**lookup)
        else:
            qs = talent.candidate_list(**segment_criteria(self.filters))
            if self.as_of is not None:
                qs = qs.filter(created_at__lte=self.as_of)
        if language:
            qs = qs.filter(language=language)
        return qs.order_by()
