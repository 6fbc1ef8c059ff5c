"""Sign-in (password, then the 2FA code when enabled), sign-out, the language switch and password reset."""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from vivier.accounts import sessions, throttle, twofactor
from vivier.accounts.audit import AuditAction, audit_record
from vivier.accounts.forms import (
    LoginForm,
    PasswordResetRequestForm,
    SetPasswordResetForm,
    TwoFactorLoginForm,
)
from vivier.accounts.models import User
from vivier.accounts.views.common import LANGUAGE_CODES, client_address, safe_next, set_language

# The password step is good for this long: past it, the second step starts over from the password.
PENDING_SECONDS = 300
PENDING_KEY = "vivier_2fa_pending"


def _locked_error(form) -> None:
    minutes = math.ceil(settings.LOGIN_FAILURE_WINDOW / 60)
    form.add_error(
        None,
        ngettext(
            "Too many failed attempts. Try again in %(minutes)d minute.",
            "Too many failed attempts. Try again in %(minutes)d minutes.",
            minutes,
        )
        % {"minutes": minutes},
    )


def _complete_login(request: HttpRequest, user: User, *, method: str, target: str) -> HttpResponse:
    throttle.record_success(username=user.get_username(), address=client_address(request))
    login(request, user)
    sessions.session_register(request=request, user=user)
    audit_record(action=AuditAction.SIGN_IN, actor=user, request=request, data={"method": method})
    return set_language(redirect(safe_next(request, target=target)), user.language)


@login_not_required
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect(safe_next(request))
    form = LoginForm(request.POST or None)
    locked = False
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        address = client_address(request)
        if throttle.is_locked(username=username, address=address):
            # The password is not even checked: a locked account cannot be guessed faster by trying on.
            locked = True
            _locked_error(form)
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            next_url = request.POST.get("next", "")
            if user is None:
                throttle.record_failure(username=username, address=address)
                audit_record(action=AuditAction.SIGN_IN_FAILED, request=request, actor_label=username[:150])
                form.add_error(None, _("Wrong username or password."))
            elif twofactor.is_enabled(user):
                # Not signed in yet: the session only remembers who passed the first step, and when.
                request.session.cycle_key()
                request.session[PENDING_KEY] = {
                    "uid": user.pk,
                    "at": time.time(),
                    "backend": user.backend,
                    "next": next_url,
                }
                return redirect("accounts:login_verify")
            else:
                return _complete_login(request, user, method="password", target=next_url)
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
        status=429 if locked else 200,
    )


def _pending_user(request: HttpRequest) -> tuple[User | None, dict]:
    pending = request.session.get(PENDING_KEY) or {}
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None, {}
    user = User.objects.filter(pk=pending.get("uid"), is_active=True).first()
    if user is not None:
        user.backend = pending.get("backend")
    return user, pending


@login_not_required
@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_verify_view(request: HttpRequest) -> HttpResponse:
    """The second step of a sign-in: a code of the authenticator app, or one of the recovery codes."""
    user, pending = _pending_user(request)
    if user is None:
        request.session.pop(PENDING_KEY, None)
        messages.info(request, _("Sign in again: the first step has expired."))
        return redirect("accounts:login")
    form = TwoFactorLoginForm(request.POST or None)
    locked = False
    if request.method == "POST" and form.is_valid():
        username, address = user.get_username(), client_address(request)
        if throttle.is_locked(username=username, address=address):
            locked = True
            _locked_error(form)
        else:
            method = twofactor.verify(user=user, code=form.cleaned_data["code"])
            if method is None:
                throttle.record_failure(username=username, address=address)
                audit_record(
                    action=AuditAction.SIGN_IN_FAILED,
                    request=request,
                    actor=user,
                    data={"step": "two_factor"},
                )
                form.add_error(
                    "code", _("This code is not valid. Check the time of your phone, or use a recovery code.")
                )
            else:
                del request.session[PENDING_KEY]
                if method == "recovery":
                    left = twofactor.recovery_codes_left(user)
                    messages.warning(
                        request,
                        ngettext(
                            "You used a recovery code: %(count)d is left. Make new ones on your profile.",
                            "You used a recovery code: %(count)d are left. Make new ones on your profile.",
                            left,
                        )
                        % {"count": left},
                    )
                return _complete_login(request, user, method=method, target=pending.get("next", ""))
    return render(request, "accounts/login_verify.html", {"form": form}, status=429 if locked else 200)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    audit_record(action=AuditAction.SIGN_OUT, request=request)
    sessions.session_end(request)
    logout(request)
    messages.success(request, _("You are signed out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_not_required
@require_POST
def language_view(request: HttpRequest) -> HttpResponse:
    """The FR/EN switch: a cookie for everyone, and the saved preference of a signed-in user."""
    language = request.POST.get("language", "")
    target = safe_next(request, fallback=settings.LOGIN_URL)
    if language not in LANGUAGE_CODES:
        return redirect(target)
    user = request.user
    if user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return set_language(HttpResponseRedirect(target), language)


# --- password reset by e-mail ---------------------------------------------------------------------------


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Always the same answer, whether the address has an account or not, and whether it was throttled."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if not throttle.reset_allowed(email=email, address=client_address(self.request)):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # A reset often follows a suspected compromise: every open session of the account ends.
        sessions.sessions_revoke_all(user=form.user)
        audit_record(
            action=AuditAction.PASSWORD_RESET,
            actor=form.user,
            request=self.request,
            target_type="user",
            target_id=form.user.public_id,
        )
        return response


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
