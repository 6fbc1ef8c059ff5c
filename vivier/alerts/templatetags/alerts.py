"""`{% alerts_candidate_panel candidate %}`: the job alerts of one person on the candidate page, so the shared
template needs one line."""

from __future__ import annotations

from django import template

from vivier.alerts import selectors

register = template.Library()


@register.inclusion_tag("alerts/_candidate_panel.html")
def alerts_candidate_panel(candidate):
    return {"candidate": candidate, **selectors.candidate_panel(candidate)}
