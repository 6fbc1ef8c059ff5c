from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.shortcuts import redirect

from vivier.accounts import sessions, twofactor


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a signed-in user, except the views marked `login_not_required`.

    The JSON API is left to its own bearer-token authentication (it answers 401 in the error shape, not a
    redirect to the login page).
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


SEEN_KEY = "vivier_seen"


class SessionTrackingMiddleware:
    """Keeps each session's "last seen" (written at most once a minute, so most requests cost no query).

    Revocation does not depend on this: it works through the session hash (see vivier.accounts.sessions). A
    session whose row is gone is still signed out here, within a minute, as a second line.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path_info.startswith("/api/")
            and sessions.SESSION_KEY in request.session
        ):
            now = time.time()
            if now - request.session.get(SEEN_KEY, 0) >= sessions.TOUCH_EVERY.total_seconds():
                row = sessions.session_current(request)
                if row is None or row.user_id != user.pk:
                    logout(request)
                else:
                    sessions.session_touch(row)
                    request.session[SEEN_KEY] = now
        return self.get_response(request)


# What a user who must enrol may still reach: the enrolment itself and the way out.
TWO_FACTOR_EXEMPT = {
    "accounts:two_factor_setup",
    "accounts:two_factor_qr",
    "accounts:logout",
    "accounts:language",
    "accounts:login",
    "accounts:login_verify",
    "set_language",
}


class TwoFactorRequiredMiddleware:
    """With VIVIER_REQUIRE_2FA, a signed-in user without 2FA is sent to enrol before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(settings, "REQUIRE_2FA", False) or request.path_info.startswith("/api/"):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or twofactor.is_enabled(user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in TWO_FACTOR_EXEMPT:
            return None
        return redirect("accounts:two_factor_setup")
