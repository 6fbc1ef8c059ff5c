"""Panels that the recruiter's pages include: `{% privacy_candidate_panel candidate %}` on the candidate page
and `{% privacy_dashboard %}` on the dashboard, so those shared templates need one line each."""

from __future__ import annotations

from django import template
from django.utils import timezone

from vivier.privacy import forms, selectors, tokens

register = template.Library()


@register.inclusion_tag("privacy/_candidate_panel.html", takes_context=True)
def privacy_candidate_panel(context, candidate):
    from vivier.privacy.services.erasure import is_placeholder

    user = context.get("user")
    writer = bool(getattr(user, "can_write", False))
    return {
        "candidate": candidate,
        "user": user,
        "request": context.get("request"),
        "writer": writer,
        "placeholder": is_placeholder(candidate),
        **selectors.candidate_panel(candidate),
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
    return selectors.dashboard_block()
