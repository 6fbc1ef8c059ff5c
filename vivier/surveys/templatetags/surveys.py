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
