"""The user's own account: profile, password, two-factor authentication, sessions and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from vivier.accounts import sessions, twofactor
from vivier.accounts.audit import AuditAction, audit_record
from vivier.accounts.forms import (
    PasswordConfirmForm,
    PasswordForm,
    ProfileForm,
    TokenCreateForm,
    TwoFactorSetupForm,
    add_service_errors,
)
from vivier.accounts.models import ApiToken
from vivier.accounts.services import profile_update, token_create, token_revoke
from vivier.accounts.views.common import no_store, set_language


def _render_profile(request: HttpRequest, **forms) -> HttpResponse:
    user = request.user
    enabled = twofactor.is_enabled(user)
    context = {
        "profile_form": forms.get("profile_form")
        or ProfileForm(
            initial={
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "language": user.language,
                "review_before_sending": user.review_before_sending,
            }
        ),
        "password_form": forms.get("password_form") or PasswordForm(user),
        "token_form": forms.get("token_form") or TokenCreateForm(user=user),
        "two_factor_form": forms.get("two_factor_form") or PasswordConfirmForm(user=user),
        "two_factor_enabled": enabled,
        "recovery_codes_left": twofactor.recovery_codes_left(user) if enabled else 0,
        "recovery_codes": forms.get("recovery_codes"),
        "sessions": sessions.sessions_of(user),
        "current_session": sessions.session_current(request),
        "tokens": list(user.api_tokens.all()),
        "new_token": forms.get("new_token"),
        "new_raw_token": forms.get("new_raw_token"),
    }
    response = render(request, "accounts/profile.html", context)
    if context["new_raw_token"] or context["recovery_codes"]:
        no_store(response)
    return response


@require_http_methods(["GET", "POST"])
def profile_view(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _render_profile(request)
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            profile_update(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            language = form.cleaned_data["language"]
            translation.activate(language)
            messages.success(request, _("Your profile is saved."))
            return set_language(redirect("accounts:profile"), language)
    return _render_profile(request, profile_form=form)


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@require_POST
def password_change_view(request: HttpRequest) -> HttpResponse:
    form = PasswordForm(request.user, request.POST)
    if form.is_valid():
        form.save()
        # Changing the password invalidates other sessions; this one stays signed in.
        update_session_auth_hash(request, form.user)
        sessions.sessions_revoke_others(request=request, user=form.user)
        audit_record(
            action=AuditAction.PASSWORD_CHANGED,
            request=request,
            target_type="user",
            target_id=form.user.public_id,
        )
        messages.success(request, _("Your password is changed. Your other sessions are signed out."))
        return redirect("accounts:profile")
    return _render_profile(request, password_form=form)


# --- two-factor authentication --------------------------------------------------------------------------


@sensitive_post_parameters("password", "code")
@require_http_methods(["GET", "POST"])
def two_factor_setup_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if twofactor.is_enabled(user):
        return redirect("accounts:profile")
    device = twofactor.totp_begin(user=user)
    form = TwoFactorSetupForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.totp_confirm(device=device, code=form.cleaned_data["code"])
        if codes is None:
            form.add_error("code", _("This code is not valid. Check that your phone's clock is right."))
        else:
            audit_record(
                action=AuditAction.TWO_FACTOR_CHANGED,
                request=request,
                target_type="user",
                target_id=user.public_id,
                data={"enabled": True},
            )
            messages.success(request, _("Two-factor authentication is on."))
            return _render_profile(request, recovery_codes=codes)
    uri = twofactor.provisioning_uri(device)
    response = render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            # segno writes the SVG from the URI alone; no user-typed text goes into the markup.
            "qr_svg": mark_safe(twofactor.qr_svg(uri)),  # noqa: S308
            "secret": device.secret,
            "required": settings.REQUIRE_2FA,
        },
    )
    return no_store(response)


@sensitive_post_parameters("password")
@require_POST
def two_factor_disable_view(request: HttpRequest) -> HttpResponse:
    form = PasswordConfirmForm(request.POST, user=request.user)
    if settings.REQUIRE_2FA:
        messages.error(request, _("Two-factor authentication is mandatory here: it cannot be turned off."))
        return redirect("accounts:profile")
    if not form.is_valid():
        return _render_profile(request, two_factor_form=form)
    twofactor.disable(user=request.user)
    audit_record(
        action=AuditAction.TWO_FACTOR_CHANGED,
        request=request,
        target_type="user",
        target_id=request.user.public_id,
        data={"enabled": False},
    )
    messages.success(request, _("Two-factor authentication is off."))
    return redirect("accounts:profile")


@sensitive_post_parameters("password")
@require_POST
def recovery_codes_view(request: HttpRequest) -> HttpResponse:
    form = PasswordConfirmForm(request.POST, user=request.user)
    if not twofactor.is_enabled(request.user):
        return redirect("accounts:profile")
    if not form.is_valid():
        return _render_profile(request, two_factor_form=form)
    codes = twofactor.recovery_codes_regenerate(user=request.user)
    audit_record(
        action=AuditAction.TWO_FACTOR_CHANGED,
        request=request,
        target_type="user",
        target_id=request.user.public_id,
        data={"recovery_codes": "regenerated"},
    )
    return _render_profile(request, recovery_codes=codes)


# --- sessions -------------------------------------------------------------------------------------------


@require_POST
def sessions_revoke_view(request: HttpRequest) -> HttpResponse:
    count = sessions.sessions_revoke_others(request=request, user=request.user)
    audit_record(
        action=AuditAction.SESSIONS_REVOKED,
        request=request,
        target_type="user",
        target_id=request.user.public_id,
        data={"count": count},
    )
    messages.success(request, _("Your other sessions are signed out."))
    return redirect("accounts:profile")


# --- API tokens -----------------------------------------------------------------------------------------


@require_POST
def token_create_view(request: HttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST, user=request.user)
    if not form.is_valid():
        return _render_profile(request, token_form=form)
    token, raw = token_create(
        user=request.user,
        name=form.cleaned_data["name"],
        scope=form.cleaned_data["scope"],
        expires_at=form.expires_at,
    )
    audit_record(
        action=AuditAction.TOKEN_CREATED,
        request=request,
        target_type="token",
        target_id=token.public_id,
        data={"name": token.name, "scope": token.scope},
    )
    # Rendered, not redirected: the raw token must never be written to the session or a log.
    return _render_profile(request, new_token=token, new_raw_token=raw)


@require_POST
def token_revoke_view(request: HttpRequest, public_id) -> HttpResponse:
    token = get_object_or_404(ApiToken, public_id=public_id, user=request.user)
    if token.revoked_at is None:
        token_revoke(token=token)
        audit_record(
            action=AuditAction.TOKEN_REVOKED,
            request=request,
            target_type="token",
            target_id=token.public_id,
            data={"name": token.name},
        )
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    else:
        messages.info(request, _("The token “%(name)s” was already revoked.") % {"name": token.name})
    return redirect("accounts:profile")
