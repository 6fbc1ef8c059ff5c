"""Campaigns: one personal message to every person of a pool or a segment who may be written to.

campaign_create checks the wording and the audience and queues the campaign; the worker then calls
campaign_expand_next (settings.VIVIER_WORKER_BACKGROUND) whenever no message is due: each call plans the
messages of one batch of BATCH people, in one transaction with the campaign's cursor, so a worker that dies
loses at most the batch it was on, which the next call does again. Each message has cadence_key
"campaign:<public_id>", unique per person in the outbox: a batch done twice plans nobody twice. The messages
go out through the outbox like any other (message_schedule, then the worker and its sending limits).
"""

from __future__ import annotations

import logging
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.errors import Conflict, ServiceError
from vivier.outreach.models import MessageKind
from vivier.outreach.policy import may_contact, may_contact_prime
from vivier.outreach.services.messages import message_schedule
from vivier.outreach.services.personal import personal_render, personal_validate
from vivier.pools.audience import RECIPIENT_FIELDS, Audience
from vivier.pools.models import Campaign, CampaignStatus
from vivier.pools.models.campaign import ACTIVE_STATUSES
from vivier.pools.selectors import audience_count, reason_group
from vivier.queues import Queue, lock_next

logger = logging.getLogger(__name__)

# People handled per call of campaign_expand_next (one transaction).
BATCH = 500
LANGUAGES = ("fr", "en")
# The campaigns as a queue: the oldest one still to expand, held for the transaction of one batch (a worker
# that dies loses that batch only, which the next call does again).
CAMPAIGNS = Queue(
    model=Campaign, ready=ACTIVE_STATUSES, order_by=("created_at", "id"), related=("created_by",)
)


def _user(by):
    return by if getattr(by, "pk", None) else None


def campaign_create(
    *,
    audience: Audience,
    subject: str,
    body_text: str,
    language: str,
    by,
    only_language: bool = False,
) -> Campaign:
    """Queue a campaign for the worker; refused when the wording is wrong or nobody may be written to."""
    subject = (subject or "").strip()
    personal_validate(subject=subject, body_text=body_text or "")
    if language not in LANGUAGES:
        raise ValidationError({"language": [_("Choose French or English.")]})
    problems = audience.problems
    if problems:
        raise ValidationError(problems)
    counts = audience_count(audience, language=language, only_language=only_language)
    if not counts.allowed:
        raise ValidationError(_("Nobody in this audience may be written to: there is no one to send it to."))
    campaign = Campaign(
        audience_kind=audience.kind,
        audience_id=audience.public_id,
        audience_name=audience.name,
        audience_filters=audience.filters,
        language=language,
        only_language=only_language,
        subject=subject,
        body_text=body_text,
        created_by=_user(by),
        audience_count=counts.total,
        allowed_count=counts.allowed,
    )
    campaign.full_clean(validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        campaign.save()
    return campaign


def _expand(campaign: Campaign) -> None:
    """Plan the messages of the next batch of people (inside the caller's transaction)."""
    now = timezone.now()
    audience = Audience.of_campaign(campaign)
    people = list(
        audience.candidates(language=campaign.language if campaign.only_language else "")
        .filter(pk__gt=campaign.cursor)
        .only(*RECIPIENT_FIELDS)
        .order_by("pk")[:BATCH]
    )
    may_contact_prime(people)
    by = campaign.created_by
    skipped: Counter[str] = Counter(campaign.skipped_reasons or {})
    for person in people:
        allowed, why = may_contact(person, MessageKind.PERSONAL)
        if not allowed:
            skipped[reason_group(why)] += 1
            campaign.skipped += 1
            continue
        rendered = personal_render(
            candidate=person, subject=campaign.subject, body_text=campaign.body_text, by=by
        )
        try:
            message_schedule(
                candidate=person,
                kind=MessageKind.PERSONAL,
                subject=rendered.subject,
                body_text=rendered.body_text,
                body_html=rendered.body_html,
                due_at=now,
                by=by,
                cadence_key=campaign.cadence_key,
            )
        except Conflict:  # planned by an earlier run of this batch: once is enough
            campaign.already += 1
        except ServiceError as exc:  # refused meanwhile
            skipped[reason_group(exc.code)] += 1
            campaign.skipped += 1
        except ValidationError:  # renders empty for this person (a subject made of their empty name, say)
            skipped["invalid"] += 1
            campaign.skipped += 1
        else:
            campaign.scheduled += 1
    fields = ["cursor", "scheduled", "skipped", "skipped_reasons", "already", "status"]
    if campaign.status == CampaignStatus.QUEUED:
        campaign.started_at = now
        fields.append("started_at")
    campaign.status = CampaignStatus.EXPANDING
    campaign.skipped_reasons = dict(skipped)
    if people:
        campaign.cursor = people[-1].pk
    if len(people) < BATCH:
        campaign.status = CampaignStatus.DONE
        campaign.finished_at = timezone.now()
        fields.append("finished_at")
    campaign.save(update_fields=fields)


def campaign_expand_next() -> bool:
    """The worker's background job: plan one batch of the oldest campaign still to expand. True if it did."""
    with transaction.atomic():
        # Several workers: each takes a different campaign, or waits its turn (see vivier.queues.lock_next).
        campaign = lock_next(CAMPAIGNS)
        if campaign is None:
            return False
        _expand(campaign)
    if campaign.status == CampaignStatus.DONE:
        logger.info(
            "campaign planned",
            extra={
                "campaign": str(campaign.public_id),
                "scheduled": campaign.scheduled,
                "skipped": campaign.skipped,
                "already": campaign.already,
            },
        )
    return True
