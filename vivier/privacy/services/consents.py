"""Consent given and withdrawn: one ledger line, one Event and one audit entry, in one transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.accounts.audit import AuditAction, audit_record, client_ip
from vivier.privacy import rules
from vivier.privacy.models import ConsentAction, ConsentChannel, ConsentRecord, Purpose
from vivier.privacy.wording import wording
from vivier.talent.models import Candidate
from vivier.talent.services.events import event_record

RECRUITER_CHANNELS = (ConsentChannel.PHONE, ConsentChannel.IN_PERSON, ConsentChannel.EMAIL_REPLY)


def _user(by):
    return by if getattr(by, "pk", None) else None


def _record(
    *,
    candidate: Candidate,
    purpose: str,
    action: str,
    channel: str,
    by=None,
    request: HttpRequest | None = None,
    note: str = "",
    token_id: str = "",
    language: str = "",
    at: dt.datetime | None = None,
) -> ConsentRecord:
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": [_("Unknown purpose.")]})
    if channel not in ConsentChannel.values:
        raise ValidationError({"channel": [_("Unknown channel.")]})
    note = " ".join((note or "").split())[:500]
    if channel in RECRUITER_CHANNELS and not note:
        # Proof of a consent given by phone is the recruiter's account of it: ask for it.
        raise ValidationError({"note": [_("Say when and how the person told you.")]})
    language = language or candidate.language
    text = wording(purpose, language)
    at = at or timezone.now()
    record = ConsentRecord(
        candidate=candidate,
        purpose=purpose,
        action=action,
        at=at,
        wording_version=text.version,
        wording_text=text.text,
        wording_hash=text.digest,
        language=text.language,
        channel=channel,
        note=note,
        ip=client_ip(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""),
        token_id=token_id,
        recorded_by=_user(by),
        expires_at=rules.add_months(at, rules.pool_months())
        if purpose == Purpose.TALENT_POOL and action == ConsentAction.GIVEN
        else None,
    )
    with transaction.atomic():
        record.save()
        event_record(
            kind=rules.EV_CONSENT_GIVEN if action == ConsentAction.GIVEN else rules.EV_CONSENT_WITHDRAWN,
            actor=by,
            candidate=candidate,
            at=at,  # the moment the ledger records: the timeline and the webhook say the same
            data={
                "purpose": purpose,
                "channel": channel,
                "wording_version": text.version,
                "consent": str(record.public_id),
            },
        )
        audit_record(
            action=AuditAction.CONSENT_CHANGED,
            actor=_user(by),
            request=request,
            target_type="candidate",
            target_id=candidate.public_id,
            data={"purpose": purpose, "action": action, "channel": channel},
            actor_label="" if _user(by) else "candidate",
        )
    return record


def consent_give(
    *,
    candidate: Candidate,
    purpose: str,
    channel: str,
    by=None,
    request=None,
    note: str = "",
    token_id: str = "",
    language: str = "",
    at: dt.datetime | None = None,
) -> ConsentRecord:
    """Record a consent given (at `at`, now by default). The survey consent plans the survey that was waiting
    for it (vivier.surveys.services.survey_plan_on_consent), in the same transaction."""
    with transaction.atomic():
        record = _record(
            candidate=candidate,
            purpose=purpose,
            action=ConsentAction.GIVEN,
            channel=channel,
            by=by,
            request=request,
            note=note,
            token_id=token_id,
            language=language,
            at=at,
        )
        if purpose == Purpose.SURVEY:
            from vivier.surveys.services import survey_plan_on_consent  # late: surveys build on privacy

            survey_plan_on_consent(candidate=candidate, by=_user(by), now=record.at)
    return record


def consent_withdraw(
    *,
    candidate: Candidate,
    purpose: str,
    channel: str,
    by=None,
    request=None,
    note: str = "",
    token_id: str = "",
    language: str = "",
) -> ConsentRecord | None:
    """Withdraw; nothing written when the purpose was not given (withdrawing twice is not an event)."""
    latest = rules.latest_consents(candidate).get(purpose)
    if latest is None or latest.action == ConsentAction.WITHDRAWN:
        return None
    record = _record(
        candidate=candidate,
        purpose=purpose,
        action=ConsentAction.WITHDRAWN,
        channel=channel,
        by=by,
        request=request,
        note=note,
        token_id=token_id,
        language=language,
    )
    if purpose in (Purpose.TALENT_POOL, Purpose.JOB_ALERTS, Purpose.SURVEY):
        _cancel_planned(candidate, purpose)
    return record


def _cancel_planned(candidate: Candidate, purpose: str) -> None:
    """Messages planned for a purpose just withdrawn are cancelled now, not left for the worker to skip."""
    from vivier.outreach.models import EDITABLE_STATUSES, Message, MessageStatus
    from vivier.privacy.policy import PURPOSE_OF

    kinds = [k for k, p in PURPOSE_OF.items() if p == purpose]
    if purpose == Purpose.TALENT_POOL:
        kinds.append("consent_renewal")
    Message.objects.filter(candidate=candidate, kind__in=kinds, status__in=EDITABLE_STATUSES).update(
        status=MessageStatus.CANCELLED, last_error="consent_withdrawn"
    )
