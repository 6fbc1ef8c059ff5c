"""Canonical forms of e-mails, phone numbers and LinkedIn URLs, so duplicates are found as written."""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

_LINKEDIN = re.compile(
    r"^(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/in/(?P<slug>[^/?#\s]+)/?(?:[?#].*)?$", re.IGNORECASE
)


def email(value: str) -> str:
    value = (value or "").strip().lower()
    validate_email(value)
    return value


# Overseas departments and regions are in the French numbering plan (dialled 0692… from Paris) but have their
# own country codes: 0692 12 34 56 is +262 692 12 34 56, not +33 692 12 34 56. The national prefix says which.
OVERSEAS_PREFIXES = {
    "0262": "RE",
    "0263": "RE",
    "0692": "RE",
    "0693": "RE",
    "0269": "YT",
    "0639": "YT",
    "0590": "GP",
    "0690": "GP",
    "0691": "GP",
    "0594": "GF",
    "0694": "GF",
    "0596": "MQ",
    "0696": "MQ",
    "0697": "MQ",
}
# Where a number written without a country code is looked for: France, then its overseas regions and territories.
FRENCH_REGIONS = ("FR", "RE", "YT", "GP", "MQ", "GF", "PM", "BL", "MF", "NC", "PF", "WF")
PHONE_MAX_LENGTH = 40  # Candidate.phone: a number kept as written must fit
PHONE_MIN_DIGITS = 6  # the shortest numbers of the French territories (Saint-Pierre, Nouméa, Wallis) have 6
_NATIONAL = re.compile(r"0\d{9}")
_SEPARATORS = re.compile(r"[\s.\-/()]")


def _e164(text: str, region: str) -> str:
    """The E.164 form when phonenumbers reads `text` as a valid number (of `region`, or of the country code it
    starts with); '' otherwise."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _verified(written: str, region: str) -> str:
    compact = _SEPARATORS.sub("", written)
    if compact.startswith(("+33", "0033")):
        national = "0" + compact.removeprefix("+33").removeprefix("0033")
        if national[:4] in OVERSEAS_PREFIXES:  # +33 692…: an overseas number written with France's code
            compact = national
    if compact.startswith(("+", "00")):
        return _e164(written, region)  # the country code decides: +262, +590…
    if _NATIONAL.fullmatch(compact):
        return _e164(compact, OVERSEAS_PREFIXES.get(compact[:4], region))
    # Neither a country code nor the national 0 (a spreadsheet dropped it, or a Pacific number): taken only
    # when exactly one country of the French territories reads it as valid (412345 is Saint-Pierre's and
    # Nouméa's alike).
    found = {e for e in (_e164(written, r) for r in dict.fromkeys([region, *FRENCH_REGIONS])) if e}
    return found.pop() if len(found) == 1 else ""


def phone_checked(value: str, *, region: str = "FR") -> tuple[str, bool]:
    """(E.164, True) for a number valid in France, in its overseas regions or, written with its country code,
    anywhere; (the number as written, False) for one that looks like a phone number but cannot be verified (a
    range newer than phonenumbers' tables, an extension, two numbers in one cell): kept for a person to check,
    never thrown away. ValidationError when it is no phone number at all ('n/a', '12'). '' stays ''."""
    written = " ".join((value or "").split())
    if not written:
        return "", True
    # Digits of other scripts (٠١٢, fullwidth ０１２) are read by phonenumbers but by no pattern a client can
    # check: such a number is not verified, and counts only its ASCII digits, as the API's document says.
    ascii_only = not any(c.isdigit() and c not in "0123456789" for c in written)
    e164 = _verified(written, region or "FR") if ascii_only else ""
    if e164:
        return e164, True
    if sum(c in "0123456789" for c in written) < PHONE_MIN_DIGITS:  # ASCII digits, as the API's pattern
        raise ValidationError(
            _("Enter a valid phone number, for example 06 12 34 56 78 or +33 6 12 34 56 78."), code="invalid"
        )
    if len(written) > PHONE_MAX_LENGTH:
        raise ValidationError(
            _("A phone number has at most %(max)d characters.") % {"max": PHONE_MAX_LENGTH}, code="max_length"
        )
    return written, False


def phone(value: str, *, region: str = "FR") -> str:
    """What is stored: E.164 (+33612345678) when the number is verified, else the number as written (see
    phone_checked); '' stays ''."""
    return phone_checked(value, region=region)[0]


def phone_verified(stored: str) -> bool:
    """False for a stored number that was kept as written (or that phonenumbers no longer reads as valid)."""
    return not stored or (stored.startswith("+") and _e164(stored, "FR") == stored)


def linkedin_url(value: str) -> str:
    """https://www.linkedin.com/in/<slug> from any form of a profile URL; '' stays ''."""
    value = (value or "").strip()
    if not value:
        return ""
    match = _LINKEDIN.match(value)
    if not match:
        raise ValidationError(_("Enter a LinkedIn profile URL, like https://www.linkedin.com/in/prenom-nom."))
    return f"https://www.linkedin.com/in/{match['slug'].lower()}"


def tags(values: list[str] | str | None, *, limit: int = 50, max_length: int = 80) -> list[str]:
    """A clean list of skills or languages: trimmed, deduplicated (case-insensitively), in the given order."""
    if isinstance(values, str):
        values = re.split(r"[,;\n]", values)
    seen: set[str] = set()
    out: list[str] = []
    for raw in values or []:
        item = " ".join(str(raw).split())[:max_length]
        if item and item.lower() not in seen:
            seen.add(item.lower())
            out.append(item)
    if len(out) > limit:
        raise ValidationError(_("At most %(limit)d items.") % {"limit": limit})
    return out
