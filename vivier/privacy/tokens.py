"""Signed links of the candidate's own pages: one person, one purpose, an expiry, a version, an id.

The purpose is in the salt (a preferences link does not open the decline form), the candidate's
CandidatePrivacy.token_version is in the payload (bumping it revokes every link sent so far), each link has
a random id: single-use links (stay in touch, decline answer) record it when used. The payload names the
person's public id only, never an e-mail: a link says nothing about whether an address is known.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from vivier.talent.models import Candidate

STAY_IN_TOUCH = "stay_in_touch"
PREFERENCES = "preferences"
DECLINE = "decline"
# The candidate-experience survey (vivier.surveys): signed when planned, a week before it goes.
SURVEY = "survey"

MAX_AGE = {
    STAY_IN_TOUCH: 180 * 24 * 3600,
    PREFERENCES: 400 * 24 * 3600,
    DECLINE: 120 * 24 * 3600,
    SURVEY: 90 * 24 * 3600,
}
SINGLE_USE = {STAY_IN_TOUCH, DECLINE}
# Links already in e-mails sent before this module existed (vivier.outreach.links): version 0.
_LEGACY_SALT = "vivier.outreach.stay_in_touch"

OK, INVALID, USED = "ok", "invalid", "used"


def _salt(purpose: str) -> str:
    return f"vivier.privacy.{purpose}"


def token_version(candidate: Candidate) -> int:
    from vivier.privacy.selectors import privacy_state

    return privacy_state(candidate).token_version


def make(candidate: Candidate, purpose: str, **extra: str) -> str:
    payload = {
        "c": candidate.public_id.hex,
        "v": token_version(candidate),
        "j": secrets.token_hex(8),
        **extra,
    }
    return signing.dumps(payload, salt=_salt(purpose), compress=True)


@dataclass
class Checked:
    state: str
    candidate: Candidate | None = None
    token_id: str = ""
    extra: dict | None = None

    @property
    def ok(self) -> bool:
        return self.state == OK


def _payload(token: str, purpose: str) -> dict | None:
    try:
        value = signing.loads(token, salt=_salt(purpose), max_age=MAX_AGE[purpose])
    except signing.BadSignature:
        value = None
        if purpose == STAY_IN_TOUCH:
            try:
                legacy = signing.loads(token, salt=_LEGACY_SALT, max_age=MAX_AGE[purpose])
                value = {"c": legacy, "v": 0, "j": "legacy-" + str(legacy)[:32]}
            except signing.BadSignature:
                return None
    return value if isinstance(value, dict) else None


def check(token: str, purpose: str) -> Checked:
    """What a link is worth now. Every failure (tampered, expired, revoked, unknown person) looks the same."""
    if not token or len(token) > 600:
        return Checked(INVALID)
    payload = _payload(token, purpose)
    if payload is None:
        return Checked(INVALID)
    try:
        public_id = uuid.UUID(hex=str(payload.get("c")))
    except ValueError:
        return Checked(INVALID)
    candidate = Candidate.objects.filter(public_id=public_id).first()
    version = token_version(candidate) if candidate is not None else None
    # A legacy link (version 0) is good until the person's links are revoked once (version 1 → 2).
    if candidate is None or payload.get("v") not in ({version, 0} if version == 1 else {version}):
        return Checked(INVALID)
    token_id = str(payload.get("j", ""))[:64]
    extra = {k: v for k, v in payload.items() if k not in ("c", "v", "j")}
    if purpose in SINGLE_USE:
        from vivier.privacy.models import UsedToken

        if UsedToken.objects.filter(token_id=token_id).exists():
            return Checked(USED, candidate, token_id, extra)
    return Checked(OK, candidate, token_id, extra)


def mark_used(token_id: str) -> bool:
    """Record a single-use link as used; False when another request used it first (a replay)."""
    from django.db import IntegrityError, transaction

    from vivier.privacy.models import UsedToken

    try:
        with transaction.atomic():
            UsedToken.objects.create(token_id=token_id)
    except IntegrityError:
        return False
    return True


def _url(name: str, token: str) -> str:
    return settings.BASE_URL + reverse(name, args=[token])


def stay_in_touch_url(candidate: Candidate) -> str:
    return _url("privacy:stay_in_touch", make(candidate, STAY_IN_TOUCH))


def preferences_url(candidate: Candidate) -> str:
    return _url("privacy:preferences", make(candidate, PREFERENCES))


def decline_url(candidate: Candidate, decline=None) -> str:
    extra = {"d": decline.public_id.hex} if decline is not None else {}
    return _url("privacy:decline_answer", make(candidate, DECLINE, **extra))
