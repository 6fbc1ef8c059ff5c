"""Template helpers of the recruiter UI: optional links, money and numbers in the user's language."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from vivier.talent.models import (
    ApplicationStatus,
    EventKind,
    JobStatus,
    OfferStatus,
    RemotePreference,
)

register = template.Library()

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}


@register.simple_tag
def url_or_empty(name: str, *args, **kwargs) -> str:
    """The URL, or "" when the name is not (yet) defined: pages built by other apps stay optional links."""
    try:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def _group(value: int, sep: str) -> str:
    return f"{value:,}".replace(",", sep)


@register.filter
def money(value, currency: str = "EUR") -> str:
    """45 000 € in French (narrow no-break spaces), €45,000 in English. Empty for no amount."""
    if value in (None, ""):
        return ""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return str(value)
    currency = (currency or "EUR").upper()
    symbol = SYMBOLS.get(currency)
    if (get_language() or "fr").startswith("en"):
        digits = _group(amount, ",")
        return f"{symbol}{digits}" if symbol else f"{currency}{NBSP}{digits}"
    return f"{_group(amount, NARROW_NBSP)}{NBSP}{symbol or currency}"


@register.filter
def number(value) -> str:
    """An integer with the locale's grouping: 1 234 in French, 1,234 in English."""
    if value in (None, ""):
        return ""
    if (get_language() or "fr").startswith("en"):
        return _group(int(value), ",")
    return _group(int(value), NARROW_NBSP)


@register.filter
def percent(value) -> str:
    """-13,5 % in French (narrow no-break space), -13.5% in English."""
    if value in (None, ""):
        return ""
    if (get_language() or "fr").startswith("en"):
        return f"{float(value):+.1f}%"
    return f"{float(value):+.1f}".replace(".", ",") + f"{NARROW_NBSP}%"


@register.filter
def remote_preference_label(value: str) -> str:
    try:
        return RemotePreference(value).label
    except ValueError:
        return value or ""


@register.filter
def language_name(code: str, use: str = "") -> str:
    """The name of a language ("Anglais", or "anglais" with use="sentence") where its code ("en") was shown."""
    if use == "sentence":
        names = {"fr": pgettext("in a sentence", "French"), "en": pgettext("in a sentence", "English")}
        return names.get(code, code or "")
    return str(dict(settings.LANGUAGES).get(code, code or ""))


@register.filter
def remote_days(value) -> str:
    if value in (None, ""):
        return ""
    return _("%(days)s d/week") % {"days": value}


_BADGES = {
    "job": {
        JobStatus.OPEN: "text-bg-success",
        JobStatus.ON_HOLD: "text-bg-warning",
        JobStatus.FILLED: "text-bg-primary",
        JobStatus.CANCELLED: "text-bg-secondary",
    },
    "offer": {
        OfferStatus.OPEN: "text-bg-warning",
        OfferStatus.ACCEPTED: "text-bg-success",
        OfferStatus.DECLINED: "text-bg-danger",
    },
    "application": {
        ApplicationStatus.ACTIVE: "text-bg-info",
        ApplicationStatus.OFFER: "text-bg-warning",
        ApplicationStatus.HIRED: "text-bg-success",
        ApplicationStatus.DECLINED: "text-bg-danger",
    },
}


@register.filter
def status_badge(value: str, kind: str) -> str:
    """The Bootstrap badge class for the status of a job, an offer or an application (values overlap)."""
    return _BADGES.get(kind, {}).get(value, "text-bg-light border")


_EVENT_ICONS = {
    EventKind.CANDIDATE_CREATED: "+",
    EventKind.CANDIDATE_UPDATED: "✎",
    EventKind.APPLICATION_CREATED: "→",
    EventKind.OFFER_CREATED: "€",
    EventKind.OFFER_ACCEPTED: "✓",
    EventKind.OFFER_DECLINED: "✕",
    EventKind.EXCLUSION_ADDED: "⊘",
    EventKind.EXCLUSION_LIFTED: "↺",
}


@register.filter
def event_icon(kind: str) -> str:
    return _EVENT_ICONS.get(kind, "•")
