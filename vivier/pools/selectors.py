"""Reads of the pools app: the lists, a pool's members, who in an audience may be written to."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Max, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from vivier.outreach.models import Message, MessageKind, MessageStatus
from vivier.outreach.policy import may_contact, may_contact_prime
from vivier.pools.audience import RECIPIENT_FIELDS, Audience
from vivier.pools.models import Campaign, PoolMember, Segment, TalentPool
from vivier.talent import search
from vivier.talent.models import Candidate
from vivier.talent.selectors import _uuid

PERSONAL = MessageKind.PERSONAL
# People whose contact rights are checked per round trip (one load, then the policy's batch of queries).
BATCH = 2000
MEMBER_FIELDS = (
    "candidate__id",
    "candidate__public_id",
    "candidate__first_name",
    "candidate__last_name",
    "candidate__email",
    "candidate__city",
    "candidate__headline",
    "candidate__do_not_contact",
    "candidate__created_at",
    "candidate__language",
)


# --- who may be written to ---------------------------------------------------------------------------------


def reason_group(code: str) -> str:
    """The policy's reason codes, grouped as the count shows them."""
    if code in ("outside_process_window", "no_consent", "consent_expired", "consent_withdrawn"):
        return "no_consent"
    return code


def reason_label(code: str) -> str:
    labels = {
        "no_consent": _("no consent"),
        "do_not_contact": _("do-not-contact"),
        "no_email": _("no e-mail"),
        "erased": _("erased"),
    }
    return str(labels.get(reason_group(code), code))


def _walk(qs: QuerySet[Candidate]):
    """The candidates of a queryset in batches of BATCH, by id, with the fields the policy reads."""
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last).only(*RECIPIENT_FIELDS).order_by("pk")[:BATCH])
        if not batch:
            return
        yield batch
        if len(batch) < BATCH:
            return
        last = batch[-1].pk


@dataclass
class AudienceCount:
    total: int = 0
    allowed: int = 0
    # reason group → people
    refused: dict[str, int] = field(default_factory=dict)
    # people left out because their language is not the campaign's
    other_language: int = 0
    language: str = ""

    @property
    def not_allowed(self) -> int:
        return self.total - self.allowed

    @property
    def reasons(self) -> list[tuple[str, int]]:
        return [(reason_label(code), n) for code, n in sorted(self.refused.items(), key=lambda kv: -kv[1])]


def audience_count(audience: Audience, *, language: str = "", only_language: bool = False) -> AudienceCount:
    """How many people the audience holds, how many may get a personal message, and why the others not."""
    counts = AudienceCount(language=language if only_language else "")
    refused: Counter[str] = Counter()
    qs = audience.candidates(language=language if only_language else "")
    for batch in _walk(qs):
        may_contact_prime(batch)
        for c in batch:
            ok, why = may_contact(c, PERSONAL)
            counts.total += 1
            if ok:
                counts.allowed += 1
            else:
                refused[reason_group(why)] += 1
    counts.refused = dict(refused)
    if only_language:
        counts.other_language = audience.candidates().count() - counts.total
    return counts


def first_recipient(
    audience: Audience, *, language: str = "", only_language: bool = False
) -> Candidate | None:
    """The first person of the audience who may be written to: the live preview's reader."""
    for batch in _walk(audience.candidates(language=language if only_language else "")):
        may_contact_prime(batch)
        for c in batch:
            if may_contact(c, PERSONAL)[0]:
                return c
    return None


# --- pools ---------------------------------------------------------------------------------------------------


def pool_get(public_id) -> TalentPool:
    try:
        return TalentPool.objects.select_related("created_by").get(public_id=_uuid(public_id))
    except TalentPool.DoesNotExist as exc:
        raise Http404("no such pool") from exc


def pool_list(*, archived: bool = False) -> list[TalentPool]:
    """The pools with their size, the people in them who may be written to, and their last addition.

    The contactable count asks the policy for every member (in batches of BATCH): a fixed number of queries
    for pools of ordinary size, one more round per BATCH members beyond.
    """
    pools = list(
        TalentPool.objects.filter(archived_at__isnull=not archived)
        .annotate(size=Count("members"), last_added=Max("members__added_at"))
        .order_by("name", "id")
    )
    if not pools:
        return pools
    members: dict[int, list[int]] = {}
    for pool_id, candidate_id in PoolMember.objects.filter(pool__in=pools).values_list(
        "pool_id", "candidate_id"
    ):
        members.setdefault(pool_id, []).append(candidate_id)
    allowed: set[int] = set()
    everyone = Candidate.objects.filter(
        pk__in=PoolMember.objects.filter(pool__in=pools).values("candidate_id")
    )
    for batch in _walk(everyone):
        may_contact_prime(batch)
        allowed.update(c.pk for c in batch if may_contact(c, PERSONAL)[0])
    for pool in pools:
        pool.contactable = sum(1 for pk in members.get(pool.pk, []) if pk in allowed)
    return pools


def pool_members(pool: TalentPool, *, q: str = "") -> QuerySet[PoolMember]:
    qs = (
        PoolMember.objects.filter(pool=pool)
        .select_related("candidate", "added_by")
        .only(
            "id",
            "added_at",
            "note",
            "pool_id",
            "added_by__username",
            "added_by__first_name",
            "added_by__last_name",
            *MEMBER_FIELDS,
        )
    )
    if search.terms(q):
        qs = qs.filter(candidate__in=search.filter_candidates(Candidate.objects.all(), q))
    return qs.order_by("-added_at", "-id")


def mark_contactable(members: list[PoolMember]) -> None:
    """Set .contact_reason on each member of one page: "" when they may be written to, else the reason."""
    candidates = [m.candidate for m in members]
    may_contact_prime(candidates)
    for m in members:
        ok, why = may_contact(m.candidate, PERSONAL)
        m.contact_reason = "" if ok else reason_label(why)


@dataclass
class CandidatePools:
    memberships: list[PoolMember]
    available: list[TalentPool]


def candidate_pools(candidate: Candidate) -> CandidatePools:
    """The pools the person is in, and the active pools they could be added to (the candidate page)."""
    memberships = list(
        PoolMember.objects.filter(candidate=candidate)
        .select_related("pool")
        .order_by("pool__name", "pool_id")
    )
    inside = {m.pool_id for m in memberships}
    available = [p for p in TalentPool.objects.active().only("id", "public_id", "name") if p.pk not in inside]
    return CandidatePools(memberships, available)


def active_pools() -> QuerySet[TalentPool]:
    return TalentPool.objects.active().only("id", "public_id", "name").order_by("name", "id")


# --- segments ------------------------------------------------------------------------------------------------


def segment_get(public_id) -> Segment:
    try:
        return Segment.objects.select_related("created_by").get(public_id=_uuid(public_id))
    except Segment.DoesNotExist as exc:
        raise Http404("no such segment") from exc


def segment_list() -> QuerySet[Segment]:
    return Segment.objects.select_related("created_by").order_by("name", "id")


# --- campaigns -----------------------------------------------------------------------------------------------


def campaign_get(public_id) -> Campaign:
    try:
        return Campaign.objects.select_related("created_by").get(public_id=_uuid(public_id))
    except Campaign.DoesNotExist as exc:
        raise Http404("no such campaign") from exc


def campaign_list() -> QuerySet[Campaign]:
    return Campaign.objects.select_related("created_by").order_by("-created_at", "-id")


def campaign_messages(campaign: Campaign) -> QuerySet[Message]:
    return (
        Message.objects.filter(cadence_key=campaign.cadence_key)
        .select_related("candidate")
        .only(
            "id",
            "public_id",
            "status",
            "to_email",
            "due_at",
            "sent_at",
            "last_error",
            "candidate__public_id",
            "candidate__first_name",
            "candidate__last_name",
        )
        .order_by("id")
    )


def campaign_message_counts(campaign: Campaign) -> list[tuple[str, str, int]]:
    """(status, label, count) of the campaign's messages, in the outbox's order of statuses (one query)."""
    rows = dict(
        Message.objects.filter(cadence_key=campaign.cadence_key)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(value, label, rows.get(value, 0)) for value, label in MessageStatus.choices if rows.get(value)]
