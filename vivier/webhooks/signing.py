"""The signature of a webhook: Stripe's scheme, under Vivier's header name.

    Vivier-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>[,v1=<…>]

The timestamp is signed with the body, so a receiver can refuse replays older than a few minutes. After a
rotation the header carries one v1 per valid secret (the new one first, the old one for a day); a receiver
accepts the request when any of them matches its secret. docs/webhooks.md has the receiver's code.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, as in Stripe's secrets: easy to spot in a leak)


def secret_new() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secrets_: list[str], timestamp: int, body: bytes) -> str:
    return ",".join([f"t={timestamp}", *(f"v1={signature(s, timestamp, body)}" for s in secrets_ if s)])
