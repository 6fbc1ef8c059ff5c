"""Numbers of the insights in the active language: 12,5 % and 2,5 in French, 12.5% and 2.5 in English.

Integers and money reuse the recruiter UI's filters (vivier.front.templatetags.front) so both read alike.
"""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from vivier.front.templatetags.front import NARROW_NBSP, money, number  # noqa: F401  (re-exported to templates)
from vivier.insights import numbers, selectors

register = template.Library()
register.filter("money", money)
register.filter("number", number)


register.filter("decimal", numbers.decimal)
register.filter("pct", numbers.pct)
register.filter("signed_pct", numbers.signed_pct)


@register.simple_tag
def options(choices, selected="") -> str:
    """The <option>s of a select, built here rather than by a template loop: the client filter can list
    thousands of clients, and a loop of the template language costs milliseconds per hundred."""
    chosen = "" if selected is None else str(selected)
    html = "".join(
        f'<option value="{escape(value)}"{" selected" if str(value) == chosen else ""}>{escape(label)}</option>'
        for value, label in choices
    )
    return mark_safe(html)  # noqa: S308 (every value and label escaped above)


@register.filter
def signed(value, places: int = 1) -> str:
    """A change with its sign: +1,5 or −2 (a true minus sign)."""
    if value in (None, ""):
        return ""
    return ("−" if float(value) < 0 else "+") + numbers.decimal(abs(float(value)), places)


@register.filter
def get(mapping, key):
    """mapping[key] in a template, 0 when absent (the count of one reason in a cross-table row)."""
    try:
        return mapping.get(key, 0)
    except AttributeError:
        return 0


@register.filter
def remote_label(value: str) -> str:
    """A candidate's remote preference, "not stated" when none was recorded."""
    from django.utils.translation import gettext as _

    from vivier.front.templatetags.front import remote_preference_label

    if value in (None, "", "none"):
        return _("Not stated")
    return remote_preference_label(value)


# --- the codes of the filters, as words (the badges of the declines and drill-down pages) ------------------


@register.filter
def reason_label(code: str) -> str:
    """A decline reason's label in the active language ("salary" → "Salaire"); the code if unknown."""
    from vivier.talent.models import DeclineReason

    reason = DeclineReason.objects.filter(code=code).first() if code else None
    return reason.label if reason is not None else code


@register.filter
def kind_label(code: str) -> str:
    from vivier.talent.models import DeclineKind

    return str(dict(DeclineKind.choices).get(code, code))


@register.filter
def band_label(key: str) -> str:
    return str(selectors.band_label(key)) if key else ""
