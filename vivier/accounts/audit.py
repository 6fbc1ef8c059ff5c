"""The audit log: who did what, when, from where. Append-only, enforced by the database itself.

Write with `audit_record`; never store personal data of candidates in `data` (ids only), so an erasure leaves the
log intact and still says that an erasure happened.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
    SIGN_OUT = "sign_out", _("Signed out")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset")
    TWO_FACTOR_CHANGED = "two_factor_changed", _("Two-factor authentication changed")
    ROLE_CHANGED = "role_changed", _("Role or access changed")
    USER_CREATED = "user_created", _("User created")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    PROFILE_VIEWED = "profile_viewed", _("Candidate profile viewed")
    EXPORT = "export", _("Data exported")
    ERASURE = "erasure", _("Person erased")
    CONSENT_CHANGED = "consent_changed", _("Consent changed")
    SESSIONS_REVOKED = "sessions_revoked", _("Signed out everywhere")
    WEBHOOK_CHANGED = "webhook_changed", _("Webhook changed")
    WEBHOOK_SECRET_VIEWED = "webhook_secret_viewed", _("Webhook secret shown")


class AuditEntry(models.Model):
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as written at the time: the log must still read right after the account is renamed or deleted.
    actor_label = models.CharField(max_length=150, blank=True, default="")
    action = models.CharField(max_length=32, choices=AuditAction.choices)
    target_type = models.CharField(max_length=40, blank=True, default="")
    target_id = models.CharField(max_length=64, blank=True, default="")
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True, default="")
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        app_label = "accounts"
        ordering = ["-created_at", "-id"]
        indexes = [
            # the audit page, newest first, filtered by action
            models.Index(fields=["action", "-created_at"], name="audit_action_idx"),
            # "everything this user did"
            models.Index(fields=["actor", "-created_at"], name="audit_actor_idx"),
            # "everything done to this candidate / token / user"
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address; behind the documented reverse proxy, REMOTE_ADDR is set by it (see operations)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    actor=None,
    request: HttpRequest | None = None,
    target_type: str = "",
    target_id: Any = "",
    data: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEntry:
    """Append one entry. Written in its own savepoint so a failure to audit never hides the audited error."""
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    with transaction.atomic():
        return AuditEntry.objects.create(
            actor=actor,
            actor_label=actor_label or (actor.get_username() if actor is not None else ""),
            action=action,
            target_type=target_type,
            target_id=str(target_id or ""),
            ip=client_ip(request),
            user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:300],
            data=data or {},
        )


# The database refuses to change an entry, whoever asks (a shell, a bug), and on PostgreSQL to delete one.
# SQLite keeps deletes possible: its only bulk delete is the test runner's flush (DELETE FROM), and whoever can
# run SQL on the embedded file can replace the file anyway.
APPEND_ONLY_SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS accounts_auditentry_no_update BEFORE UPDATE ON accounts_auditentry
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
]
APPEND_ONLY_POSTGRES = [
    """CREATE OR REPLACE FUNCTION accounts_auditentry_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql""",
    """DROP TRIGGER IF EXISTS accounts_auditentry_append_only ON accounts_auditentry""",
    """CREATE TRIGGER accounts_auditentry_append_only BEFORE UPDATE OR DELETE ON accounts_auditentry
       FOR EACH ROW EXECUTE FUNCTION accounts_auditentry_append_only()""",
]


def install_append_only(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in (
        APPEND_ONLY_SQLITE if vendor == "sqlite" else APPEND_ONLY_POSTGRES if vendor == "postgresql" else []
    ):
        schema_editor.execute(sql)
