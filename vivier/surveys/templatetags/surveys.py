"""Template filters of the survey results."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def nps(value) -> str:
    """An NPS with its sign: +40, −12 (a true minus sign, which screen readers say), 0; "—" when hidden."""
    if value is None or value == "":
        return "—"
    value = int(value)
    if value > 0:
        return f"+{value}"
    if value < 0:
        return f"−{abs(value)}"
    return "0"


@register.inclusion_tag("surveys/_candidate_panel.html", takes_context=True)
def surveys_candidate_panel(context, candidate, limit: int = 5):
    """The person's candidate-experience surveys on their page (one query): planned, sent, answered with the
    score; the comment, in their own words, for recruiters and admins only (as on the results page)."""
    from vivier.surveys.models import SurveyResponse

    user = context.get("user")
    rows = list(
        SurveyResponse.objects.filter(candidate=candidate)
        .select_related("message", "client", "decline__job")
        .order_by("-created_at", "-id")[: limit + 1]
    )
    return {
        "candidate": candidate,
        "responses": rows[:limit],
        "more": len(rows) > limit,
        "comments_allowed": bool(getattr(user, "can_write", False)),
    }
