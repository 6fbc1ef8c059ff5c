"""Users and API tokens."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from vivier.accounts.models import ApiToken, Role, TokenScope, User

TOKEN_PREFIX = "viv_"


def user_create(
    *, username: str, password: str | None, role: str = Role.RECRUITER, email: str = "",
    first_name: str = "", last_name: str = "", language: str = "fr",
) -> User:
    user = User(
        username=username, email=email, first_name=first_name, last_name=last_name, role=role,
        language=language, is_staff=False,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


def user_update(*, user: User, role: str, is_active: bool, first_name: str, last_name: str, email: str) -> User:
    user.role, user.is_active = role, is_active
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.save(update_fields=["role", "is_active", "first_name", "last_name", "email"])
    return user


def token_create(
    *, user: User, name: str, scope: str = TokenScope.WRITE, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Return the token row and the raw token, which is never stored and cannot be shown again."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[:12], digest=ApiToken.hash(raw), scope=scope, expires_at=expires_at
    )
    return token, raw


def token_revoke(*, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


def token_authenticate(raw: str) -> ApiToken | None:
    token = (
        ApiToken.objects.select_related("user").filter(digest=ApiToken.hash(raw)).first() if raw else None
    )
    if token is None or not token.is_usable() or not token.user.is_active:
        return None
    now = timezone.now()
    # Written at most once a minute: a busy integration must not turn every read into a write.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        with transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
