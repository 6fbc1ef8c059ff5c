from __future__ import annotations

import hashlib
import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    RECRUITER = "recruiter", _("Recruiter")
    VIEWER = "viewer", _("Viewer (read only)")


class User(AbstractUser):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.RECRUITER)
    language = models.CharField(
        _("language"), max_length=2, choices=[("fr", "Français"), ("en", "English")], default="fr"
    )
    # When this user records a decline, the thank-you and the stay-in-touch invitation wait for their approval
    # (status "review") instead of leaving on their own the next working morning.
    review_before_sending = models.BooleanField(
        _("review thank-you messages before they are sent"), default=True
    )
    # Bumped by "sign out everywhere" and by an admin's reset: it is part of the session hash below, so every
    # session opened before the bump stops being valid at its next request, whatever the session backend.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret=None) -> str:
        from django.utils.crypto import salted_hmac

        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)  # sessions from before the field stay valid
        key_salt = "vivier.accounts.User.get_session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}:{self.session_generation}", secret=secret, algorithm="sha256"
        ).hexdigest()

    @property
    def is_admin(self) -> bool:
        return self.is_active and self.role == Role.ADMIN

    @property
    def can_write(self) -> bool:
        """Recruiters and admins write candidates, jobs, offers and declines; viewers only read."""
        return self.is_active and self.role in (Role.ADMIN, Role.RECRUITER)


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the token itself is shown once."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    # The first characters, kept in clear so a user can tell their tokens apart.
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("scope"), max_length=8, choices=TokenScope.choices, default=TokenScope.WRITE)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


from vivier.accounts.audit import AuditAction, AuditEntry  # noqa: E402  (the model lives beside its service)
from vivier.accounts.sessions import UserSession  # noqa: E402
from vivier.accounts.twofactor import RecoveryCode, TwoFactorDevice  # noqa: E402

__all__ = [
    "ApiToken",
    "AuditAction",
    "AuditEntry",
    "RecoveryCode",
    "Role",
    "TokenScope",
    "TwoFactorDevice",
    "User",
    "UserSession",
]
