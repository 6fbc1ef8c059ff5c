"""Panels that the recruiter's pages include: `{% privacy_candidate_panel candidate %}` on the candidate page
and `{% privacy_dashboard %}` on the dashboard, so those shared templates need one line each."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from vivier.privacy import forms, rules, tokens
from vivier.privacy.models import (
    CandidateDeclineAnswer,
    CandidateFile,
    CandidatePrivacy,
    RightsRequest,
    RightsStatus,
)
from vivier.talent.models import DeclineReason

register = template.Library()


@register.inclusion_tag("privacy/_candidate_panel.html", takes_context=True)
def privacy_candidate_panel(context, candidate):
    from vivier.privacy.services.erasure import is_placeholder

    user = context.get("user")
    state, _ = CandidatePrivacy.objects.get_or_create(candidate=candidate)
    candidate._privacy_cache = state
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
    writer = bool(getattr(user, "can_write", False))
    return {
        "candidate": candidate,
        "user": user,
        "request": context.get("request"),
        "writer": writer,
        "placeholder": is_placeholder(candidate),
        "consents": rules.consent_states(candidate).values(),
        "retention": rules.retention(candidate),
        "state": state,
        "answers": answers,
        "files": CandidateFile.objects.filter(candidate=candidate)[:10],
        "requests": RightsRequest.objects.filter(candidate=candidate).order_by("-received_at")[:10],
        "consent_form": forms.RecruiterConsentForm(prefix="consent"),
        "request_form": forms.RightsRequestForm(
            prefix="rights", initial={"received_on": timezone.localdate()}
        ),
        "links": {
            "stay_in_touch": tokens.stay_in_touch_url(candidate),
            "preferences": tokens.preferences_url(candidate),
            "decline": tokens.decline_url(candidate),
        }
        if writer
        else {},
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("privacy/_dashboard.html", takes_context=True)
def privacy_dashboard(context):
    today = timezone.localdate()
    open_requests = RightsRequest.objects.filter(status=RightsStatus.OPEN)
    return {
        "requests": list(open_requests.select_related("candidate").order_by("deadline")[:5]),
        "request_count": open_requests.count(),
        "open_again": list(
            CandidatePrivacy.objects.filter(open_again_at__gte=timezone.now() - dt.timedelta(days=30))
            .select_related("candidate")
            .order_by("-open_again_at")[:10]
        ),
        "today": today,
    }
