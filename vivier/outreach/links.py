"""Links put in e-mails. The tokens are signed, bound to one person and one purpose, and expire."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core import signing

UNSUBSCRIBE = "unsubscribe"
# Long enough that an old e-mail still works; the consent issue may add revocation.
UNSUBSCRIBE_MAX_AGE = 400 * 24 * 3600


def _salt(purpose: str) -> str:
    return f"vivier.outreach.{purpose}"


def candidate_token(candidate, purpose: str) -> str:
    # The purpose is in the salt: a token made for one purpose does not verify for another.
    return signing.dumps(candidate.public_id.hex, salt=_salt(purpose))


def candidate_token_read(token: str, purpose: str, *, max_age: int) -> str:
    """The candidate public id in a token of this purpose; signing.BadSignature if invalid or expired."""
    value = signing.loads(token, salt=_salt(purpose), max_age=max_age)
    try:
        return str(uuid.UUID(hex=value))
    except (TypeError, ValueError, AttributeError) as exc:
        raise signing.BadSignature("not a candidate token") from exc


def unsubscribe_url(candidate) -> str:
    """The one-click unsubscribe link (RFC 8058) for List-Unsubscribe; its pages come with consent."""
    return f"{settings.BASE_URL}/u/{candidate_token(candidate, UNSUBSCRIBE)}"


STAY_IN_TOUCH = "stay_in_touch"
STAY_IN_TOUCH_MAX_AGE = 180 * 24 * 3600


def stay_in_touch_url(candidate) -> str:
    """The link of the stay-in-touch invitation: vivier.privacy's versioned, revocable token (page /t/…)."""
    from vivier.privacy.tokens import stay_in_touch_url as privacy_url

    return privacy_url(candidate)
