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


def phone(value: str, *, region: str = "FR") -> str:
    """E.164 (+33612345678) from any French or international form; '' stays ''."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, region or "FR")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("Enter a valid phone number, for example 06 12 34 56 78 or +33 6 12 34 56 78.")
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Enter a valid phone number, for example 06 12 34 56 78 or +33 6 12 34 56 78.")
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


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
