"""Sign-in, the user's own profile and API tokens, and the administration of users and decline reasons."""

from __future__ import annotations

import math
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from vivier.accounts import throttle
from vivier.accounts.forms import (
    LoginForm,
    PasswordForm,
    ProfileForm,
    ReasonCreateForm,
    ReasonForm,
    TokenCreateForm,
    UserCreateForm,
    UserEditForm,
    add_service_errors,
)
from vivier.accounts.models import ApiToken, User
from vivier.accounts.services import (
    profile_update,
    token_create,
    token_revoke,
    user_create,
    user_set_password,
    user_update,
)
from vivier.talent.models import DeclineReason
from vivier.talent.services import reason_create, reason_update

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


# --- helpers --------------------------------------------------------------------------------------------


def admin_required(view):
    """Administration pages: a 403 for every signed-in user who is not an active administrator."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_admin:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _safe_next(request: HttpRequest, fallback: str | None = None) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(fallback or settings.LOGIN_REDIRECT_URL)


def _set_language(response: HttpResponse, language: str) -> HttpResponse:
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def _client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


# --- sign-in --------------------------------------------------------------------------------------------


@login_not_required
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request))
    form = LoginForm(request.POST or None)
    locked_minutes = None
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        address = _client_address(request)
        if throttle.is_locked(username=username, address=address):
            # The password is not even checked: a locked account cannot be guessed faster by trying on.
            locked_minutes = math.ceil(settings.LOGIN_FAILURE_WINDOW / 60)
            form.add_error(
                None,
                ngettext(
                    "Too many failed attempts. Try again in %(minutes)d minute.",
                    "Too many failed attempts. Try again in %(minutes)d minutes.",
                    locked_minutes,
                ) % {"minutes": locked_minutes},
            )
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                throttle.record_failure(username=username, address=address)
                form.add_error(None, _("Wrong username or password."))
            else:
                throttle.reset(username=username)
                login(request, user)
                return _set_language(redirect(_safe_next(request)), user.language)
    status = 429 if locked_minutes else 200
    return render(
        request, "accounts/login.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
        status=status,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("You are signed out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_not_required
@require_POST
def language_view(request: HttpRequest) -> HttpResponse:
    """The FR/EN switch: a cookie for everyone, and the saved preference of a signed-in user."""
    language = request.POST.get("language", "")
    target = _safe_next(request, fallback=settings.LOGIN_URL)
    if language not in LANGUAGE_CODES:
        return redirect(target)
    user = request.user
    if user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return _set_language(HttpResponseRedirect(target), language)


# --- profile and API tokens -----------------------------------------------------------------------------


def _render_profile(request: HttpRequest, **forms) -> HttpResponse:
    user = request.user
    context = {
        "profile_form": forms.get("profile_form") or ProfileForm(initial={
            "first_name": user.first_name, "last_name": user.last_name, "email": user.email,
            "language": user.language, "review_before_sending": user.review_before_sending,
        }),
        "password_form": forms.get("password_form") or PasswordForm(user),
        "token_form": forms.get("token_form") or TokenCreateForm(user=user),
        "tokens": list(user.api_tokens.all()),
        "new_token": forms.get("new_token"),
        "new_raw_token": forms.get("new_raw_token"),
    }
    response = render(request, "accounts/profile.html", context)
    if context["new_raw_token"]:
        # The page carries a secret shown once: no browser or proxy may keep a copy.
        response["Cache-Control"] = "no-store"
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
            return _set_language(redirect("accounts:profile"), language)
    return _render_profile(request, profile_form=form)


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@require_POST
def password_change_view(request: HttpRequest) -> HttpResponse:
    form = PasswordForm(request.user, request.POST)
    if form.is_valid():
        form.save()
        # Changing the password invalidates other sessions; this one stays signed in.
        update_session_auth_hash(request, form.user)
        messages.success(request, _("Your password is changed. Your other sessions are signed out."))
        return redirect("accounts:profile")
    return _render_profile(request, password_form=form)


@require_POST
def token_create_view(request: HttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST, user=request.user)
    if not form.is_valid():
        return _render_profile(request, token_form=form)
    token, raw = token_create(
        user=request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"],
        expires_at=form.expires_at,
    )
    # Rendered, not redirected: the raw token must never be written to the session or a log.
    return _render_profile(request, new_token=token, new_raw_token=raw)


@require_POST
def token_revoke_view(request: HttpRequest, public_id) -> HttpResponse:
    token = get_object_or_404(ApiToken, public_id=public_id, user=request.user)
    if token.revoked_at is None:
        token_revoke(token=token)
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    else:
        messages.info(request, _("The token “%(name)s” was already revoked.") % {"name": token.name})
    return redirect("accounts:profile")


# --- administration: users ------------------------------------------------------------------------------


@admin_required
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def users_view(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_create(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The user %(username)s is created.") % {"username": user.username})
            return redirect("accounts:users")
    users = User.objects.order_by("username").only(
        "pk", "public_id", "username", "first_name", "last_name", "email", "role", "is_active", "last_login",
    )
    return render(
        request, "accounts/users.html", {"users": users, "form": form}
    )


@admin_required
@require_http_methods(["GET", "POST"])
def user_edit_view(request: HttpRequest, public_id) -> HttpResponse:
    user = get_object_or_404(User, public_id=public_id)
    form = UserEditForm(request.POST or None, user=user, initial={
        "first_name": user.first_name, "last_name": user.last_name, "email": user.email, "role": user.role,
        "is_active": user.is_active,
    })
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        new_password = data.pop("new_password")
        try:
            with transaction.atomic():
                user_update(user=user, **data)
                if new_password:
                    user_set_password(user=user, password=new_password)
        except ValidationError as exc:
            user.refresh_from_db()
            add_service_errors(form, exc)
        else:
            if user.pk == request.user.pk and new_password:
                update_session_auth_hash(request, user)
            messages.success(request, _("The user %(username)s is saved.") % {"username": user.username})
            return redirect("accounts:users")
    return render(
        request, "accounts/user_edit.html", {"edited": user, "form": form}
    )


# --- administration: decline reasons --------------------------------------------------------------------


@admin_required
@require_http_methods(["GET", "POST"])
def reasons_view(request: HttpRequest) -> HttpResponse:
    form = ReasonCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reason = reason_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The reason “%(code)s” is added.") % {"code": reason.code})
            return redirect("accounts:reasons")
    return render(
        request, "accounts/reasons.html", {"reasons": DeclineReason.objects.all(), "form": form}
    )


@admin_required
@require_http_methods(["GET", "POST"])
def reason_edit_view(request: HttpRequest, code: str) -> HttpResponse:
    reason = get_object_or_404(DeclineReason, code=code)
    form = ReasonForm(request.POST or None, initial={
        "category": reason.category, "label_fr": reason.label_fr, "label_en": reason.label_en,
        "position": reason.position, "active": reason.active,
    })
    if request.method == "POST" and form.is_valid():
        try:
            reason_update(by=request.user, reason=reason, **form.cleaned_data)
        except ValidationError as exc:
            reason.refresh_from_db()
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The reason “%(code)s” is saved.") % {"code": reason.code})
            return redirect("accounts:reasons")
    return render(
        request, "accounts/reason_edit.html", {"reason": reason, "form": form}
    )

