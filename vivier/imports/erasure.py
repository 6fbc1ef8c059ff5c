"""Was this person erased earlier? Then an import flags the row instead of bringing them back.

Erasure keeps only a keyed hash of the e-mail (DESIGN §6). When the privacy app is installed its
ErasedIdentity rows answer; without it (a trimmed install, or before that app existed) nobody is erased.
Imports ask once per chunk of rows (one IN query), not once per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType


def _policy() -> ModuleType | None:
    from django.apps import apps

    if not apps.is_installed("vivier.privacy"):
        return None
    try:
        from vivier.privacy import policy
    except ImportError:
        return None
    return policy


def is_erased(email: str) -> bool:
    """True when the e-mail belongs to someone erased from the pool."""
    policy = _policy()
    return bool(policy and policy.is_erased(email))


def erased_among(emails: Iterable[str]) -> set[str]:
    """The e-mails of `emails` that belonged to people erased from the pool."""
    policy = _policy()
    emails = {e for e in emails if e}
    if policy is None or not emails:
        return set()
    from vivier.privacy.models import ErasedIdentity

    if not ErasedIdentity.objects.exists():  # the usual case: no hashing of 100,000 addresses for nothing
        return set()
    hashes = {policy.email_hash(e): e for e in emails}
    found = ErasedIdentity.objects.filter(email_hash__in=list(hashes)).values_list("email_hash", flat=True)
    return {hashes[h] for h in found}
