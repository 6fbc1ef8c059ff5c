"""Everything held on one person (GDPR art. 15 and 20), as one JSON-ready dict.

EXPORT_SECTIONS names every model that holds the person's data, with the rows that are theirs. The test
vivier/privacy/tests/test_export_coverage.py walks every installed model and fails when one points to the
candidate (directly or through another such model) and is missing here: a new table of personal data is
not silently left out of an export.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Callable

from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from vivier.accounts.audit import AuditAction, audit_record
from vivier.talent.models import Candidate

# Never exported: secrets of the product, not data about the person.
HIDDEN_FIELDS = {"token_version", "token_id", "wording_hash", "stored_path"}


def _sections() -> dict[str, Callable[[Candidate], QuerySet]]:
    from vivier.alerts.models import JobAlertDigest, JobAlertItem
    from vivier.insights.models import OfferFact, SentMessage
    from vivier.outreach.models import LinkedInContact, Message
    from vivier.pools.models import PoolMember
    from vivier.privacy.models import (
        CandidateDeclineAnswer,
        CandidateFile,
        CandidatePrivacy,
        ConsentRecord,
        RightsRequest,
    )
    from vivier.surveys.models import SurveyResponse
    from vivier.talent.models import Application, Decline, Event, Exclusion, FollowUp, Offer

    through = Decline.reasons.through
    return {
        "talent.Candidate": lambda c: Candidate.objects.filter(pk=c.pk),
        "talent.Application": lambda c: Application.objects.filter(candidate=c),
        "talent.Offer": lambda c: Offer.objects.filter(application__candidate=c),
        "talent.Decline": lambda c: Decline.objects.filter(candidate=c),
        f"talent.{through.__name__}": lambda c: through.objects.filter(decline__candidate=c),
        "talent.Exclusion": lambda c: Exclusion.objects.filter(candidate=c),
        "talent.Event": lambda c: Event.objects.filter(candidate=c),
        "talent.FollowUp": lambda c: FollowUp.objects.filter(candidate=c),
        "outreach.Message": lambda c: Message.objects.filter(candidate=c),
        "outreach.LinkedInContact": lambda c: LinkedInContact.objects.filter(candidate=c),
        "privacy.ConsentRecord": lambda c: ConsentRecord.objects.filter(candidate=c),
        "privacy.CandidatePrivacy": lambda c: CandidatePrivacy.objects.filter(candidate=c),
        "privacy.CandidateDeclineAnswer": lambda c: CandidateDeclineAnswer.objects.filter(candidate=c),
        "privacy.CandidateFile": lambda c: CandidateFile.objects.filter(candidate=c),
        "privacy.RightsRequest": lambda c: RightsRequest.objects.filter(candidate=c),
        "surveys.SurveyResponse": lambda c: SurveyResponse.objects.filter(candidate=c),
        "pools.PoolMember": lambda c: PoolMember.objects.filter(candidate=c),
        "alerts.JobAlertDigest": lambda c: JobAlertDigest.objects.filter(candidate=c),
        "alerts.JobAlertItem": lambda c: JobAlertItem.objects.filter(candidate=c),
        # Derived copies the statistics keep (vivier.insights.facts): exported, and erased with the person.
        "insights.OfferFact": lambda c: OfferFact.objects.filter(candidate_id=c.pk),
        "insights.SentMessage": lambda c: SentMessage.objects.filter(candidate_id=c.pk),
    }


def covered_labels() -> set[str]:
    return set(_sections())


def _value(field: models.Field, obj: models.Model):
    if isinstance(field, models.ForeignKey):
        related = getattr(obj, field.name)
        if related is None:
            return None
        return str(getattr(related, "public_id", None) or related)
    value = field.value_from_object(obj)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _rows(qs: QuerySet) -> list[dict]:
    model = qs.model
    fks = [f.name for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]
    rows = []
    for obj in qs.select_related(*fks):
        row = {}
        for field in model._meta.concrete_fields:
            if field.primary_key or field.name in HIDDEN_FIELDS or field.name == "candidate":
                continue
            row[field.name] = _value(field, obj)
        rows.append(row)
    return rows


def candidate_export(*, candidate: Candidate, by=None, request: HttpRequest | None = None) -> dict:
    """The person's data, section per table; the export itself is audited (who, when, whose)."""
    data = {
        "format": "vivier-export-1",
        "exported_at": timezone.now().isoformat(),
        "candidate_id": str(candidate.public_id),
        "sections": {label: _rows(query(candidate)) for label, query in _sections().items()},
    }
    audit_record(
        action=AuditAction.EXPORT,
        actor=by if getattr(by, "pk", None) else None,
        request=request,
        target_type="candidate",
        target_id=candidate.public_id,
        data={"sections": len(data["sections"])},
    )
    return data
