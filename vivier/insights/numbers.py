"""Numbers as the insights write them, in pages, reports and sentences alike: one decimal at most, percentages with
French typography ("12,5 %", narrow no-break space) or English ("12.5%"). Plain functions: the template filters of
templatetags/insights.py and the sentences of shifts.py both use them."""

from __future__ import annotations

from django.utils.translation import get_language

from vivier.front.templatetags.front import NARROW_NBSP, number


def _english() -> bool:
    return (get_language() or "fr").startswith("en")


def decimal(value, places: int = 1) -> str:
    """One decimal at most, without a trailing ",0": 2,5 / 2."""
    if value in (None, ""):
        return ""
    rounded = round(float(value), int(places))
    text = f"{rounded:.{int(places)}f}".rstrip("0").rstrip(".") if places else f"{rounded:.0f}"
    if text in ("-0", ""):
        text = "0"
    whole, _sep, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = number(abs(int(whole)))
    if _english():
        return f"{sign}{digits}{'.' + frac if frac else ''}"
    return f"{sign}{digits}{',' + frac if frac else ''}"


def pct(value, places: int = 1) -> str:
    """A percentage: "12,5 %" (narrow no-break space) in French, "12.5%" in English; empty for none."""
    if value in (None, ""):
        return ""
    text = decimal(value, places)
    return f"{text}%" if _english() else f"{text}{NARROW_NBSP}%"


def signed_pct(value, places: int = 1) -> str:
    """A gap with its sign: +4,2 % or −7 % (a true minus sign, which screen readers say as "minus")."""
    if value in (None, ""):
        return ""
    text = pct(abs(float(value)), places)
    return ("−" if float(value) < 0 else "+") + text
