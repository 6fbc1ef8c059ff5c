"""Reads of the privacy domain for the recruiter's pages: the candidate panel and the dashboard block."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from vivier.privacy import rules
from vivier.privacy.models import (
    CandidateDeclineAnswer,
    CandidateFile,
    CandidatePrivacy,
    RightsRequest,
    RightsStatus,
)
from vivier.talent.models import Candidate, DeclineReason


def privacy_state(candidate: Candidate) -> CandidatePrivacy:
    """The person's privacy row, or an unsaved one with the defaults: reading a page never writes a row."""
    state = getattr(candidate, "_privacy_cache", None)
    if state is None:
        # candidate_id, not candidate: the unsaved default must not land in the candidate's `privacy` cache.
        state = CandidatePrivacy.objects.filter(candidate=candidate).first() or CandidatePrivacy(
            candidate_id=candidate.pk
        )
        candidate._privacy_cache = state
    return state


def candidate_panel(candidate: Candidate) -> dict[str, Any]:
    """What the candidate page shows of consents, retention, the person's own answers, files and requests."""
    state = privacy_state(candidate)
    rules.prime([candidate])  # the consents and the retention below read one snapshot, in fixed queries
    answers = list(
        CandidateDeclineAnswer.objects.filter(candidate=candidate)
        .select_related("decline__primary_reason")
        .prefetch_related("decline__reasons")
    )
    labels = {r.code: r.label for r in DeclineReason.objects.all()}
    for answer in answers:
        answer.reason_labels = [labels.get(code, code) for code in answer.reasons]
        answer.primary_label = labels.get(answer.primary_reason, answer.primary_reason)
    return {
        "state": state,
        "consents": rules.consent_states(candidate).values(),
        "retention": rules.retention(candidate),
        "answers": answers,
        "files": list(CandidateFile.objects.filter(candidate=candidate)[:10]),
        "requests": list(RightsRequest.objects.filter(candidate=candidate).order_by("-received_at")[:10]),
    }


def dashboard_block(now: dt.datetime | None = None) -> dict[str, Any]:
    """Rights requests to handle (oldest deadline first) and people who said they are open again this month."""
    now = now or timezone.now()
    open_requests = RightsRequest.objects.filter(status=RightsStatus.OPEN)
    return {
        "requests": list(open_requests.select_related("candidate").order_by("deadline")[:5]),
        "request_count": open_requests.count(),
        "open_again": list(
            CandidatePrivacy.objects.filter(open_again_at__gte=now - dt.timedelta(days=30))
            .select_related("candidate")
            .order_by("-open_again_at")[:10]
        ),
        "today": timezone.localdate(),
    }
