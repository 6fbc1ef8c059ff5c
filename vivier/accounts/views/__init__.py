"""Account views, split by what they serve: sign-in (auth), the user's own account (profile), administration."""

from vivier.accounts.views.admin import (
    audit_view,
    reason_edit_view,
    reasons_view,
    user_edit_view,
    user_two_factor_reset_view,
    users_view,
)
from vivier.accounts.views.auth import (
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
    language_view,
    login_verify_view,
    login_view,
    logout_view,
)
from vivier.accounts.views.common import admin_required
from vivier.accounts.views.profile import (
    password_change_view,
    profile_view,
    recovery_codes_view,
    sessions_revoke_view,
    token_create_view,
    token_revoke_view,
    two_factor_disable_view,
    two_factor_setup_view,
)

__all__ = [
    "PasswordResetCompleteView",
    "PasswordResetConfirmView",
    "PasswordResetDoneView",
    "PasswordResetView",
    "admin_required",
    "audit_view",
    "language_view",
    "login_verify_view",
    "login_view",
    "logout_view",
    "password_change_view",
    "profile_view",
    "reason_edit_view",
    "reasons_view",
    "recovery_codes_view",
    "sessions_revoke_view",
    "token_create_view",
    "token_revoke_view",
    "two_factor_disable_view",
    "two_factor_setup_view",
    "user_edit_view",
    "user_two_factor_reset_view",
    "users_view",
]
