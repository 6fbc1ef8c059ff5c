"""Users and API tokens."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.accounts.models import ApiToken, Role, TokenScope, User

TOKEN_PREFIX = "viv_"  # noqa: S105 (a marker that tells tokens apart in logs and scanners, not a secret)


def user_create(
    *,
    username: str,
    password: str | None,
    role: str = Role.RECRUITER,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    language: str = "fr",
) -> User:
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        language=language,
        is_staff=False,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


def user_update(
    *, user: User, role: str, is_active: bool, first_name: str, last_name: str, email: str
) -> User:
    """Change a user's role, active flag and contact details; never leave Vivier without an active admin."""
    with transaction.atomic():
        if user.is_admin and (role != Role.ADMIN or not is_active):
            # Locking the other admins' rows serialises two admins demoting each other at the same time.
            others = list(
                User.objects.select_for_update()
                .filter(role=Role.ADMIN, is_active=True)
                .exclude(pk=user.pk)
                .values_list("pk", flat=True)
            )
            if not others:
                field = "role" if role != Role.ADMIN else "is_active"
                raise ValidationError(
                    {
                        field: [
                            _(
                                "This is the last active administrator: make someone else an administrator "
                                "first."
                            )
                        ]
                    }
                )
        user.role, user.is_active = role, is_active
        user.first_name, user.last_name, user.email = first_name, last_name, email
        user.save(update_fields=["role", "is_active", "first_name", "last_name", "email"])
    return user


def user_set_password(*, user: User, password: str) -> User:
    """An administrator sets a new password for someone who lost theirs; their other sessions end."""
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def profile_update(
    *,
    user: User,
    first_name: str,
    last_name: str,
    email: str,
    language: str,
    review_before_sending: bool | None = None,
) -> User:
    """What every user may change about themselves."""
    user.first_name, user.last_name, user.email, user.language = first_name, last_name, email, language
    fields = ["first_name", "last_name", "email", "language"]
    if review_before_sending is not None:
        user.review_before_sending = review_before_sending
        fields.append("review_before_sending")
    user.full_clean(exclude=["password"], validate_unique=False)
    user.save(update_fields=fields)
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
    token = ApiToken.objects.select_related("user").filter(digest=ApiToken.hash(raw)).first() if raw else None
    if token is None or not token.is_usable() or not token.user.is_active:
        return None
    now = timezone.now()
    # Written at most once a minute: a busy integration must not turn every read into a write.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        with transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
