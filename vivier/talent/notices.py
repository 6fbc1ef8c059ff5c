"""What a person should check about a profile just saved: the same words for the form, the API and imports.

A phone number that could not be verified is kept as written (normalise.phone_checked), and a phone shared
with someone else (a switchboard, a couple's landline) makes a *possible* duplicate: the profile is saved, and
both people are named for review. Only the same e-mail or the same LinkedIn profile says "the same person".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from vivier.talent.models import Candidate

PHONE_UNVERIFIED = "phone_unverified"
POSSIBLE_DUPLICATE = "possible_duplicate"
MAX_SHARED = 5  # a switchboard may be shared by hundreds: naming the first few is enough to review


@dataclass(frozen=True)
class Notice:
    code: str
    message: str
    other: Candidate | None = None  # the other person, for a possible duplicate


def phone_unverified(phone: str) -> Notice:
    return Notice(
        PHONE_UNVERIFIED,
        _("Phone number to check: it could not be verified, so it was kept as written (%(phone)s).")
        % {"phone": phone},
    )


def possible_duplicate(other: Candidate) -> Notice:
    return Notice(
        POSSIBLE_DUPLICATE,
        _("Possible duplicate: %(name)s has the same phone number. Check whether it is the same person.")
        % {"name": other.full_name},
        other,
    )


def shared_phone(candidate: Candidate, *, limit: int = MAX_SHARED) -> list[Candidate]:
    """The other people with this profile's phone number, oldest first (one query, through the phone index)."""
    if not candidate.phone:
        return []
    return list(
        Candidate.objects.with_key("phone", [candidate.phone])
        .exclude(pk=candidate.pk)
        .only("id", "public_id", "first_name", "last_name")
        .order_by("created_at", "id")[:limit]
    )


def candidate_notices(candidate: Candidate) -> list[Notice]:
    notices = [] if candidate.phone_verified else [phone_unverified(candidate.phone)]
    return notices + [possible_duplicate(other) for other in shared_phone(candidate)]
