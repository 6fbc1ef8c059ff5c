"""What the account views share: the admin check, safe redirects, the language cookie, the client's address."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def admin_required(view):
    """Administration pages: a 403 for every signed-in user who is not an active administrator."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_admin:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def safe_next(request: HttpRequest, fallback: str | None = None, target: str | None = None) -> str:
    target = target if target is not None else (request.POST.get("next") or request.GET.get("next") or "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(fallback or settings.LOGIN_REDIRECT_URL)


def set_language(response: HttpResponse, language: str) -> HttpResponse:
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def no_store(response: HttpResponse) -> HttpResponse:
    """For pages that carry a secret shown once: no browser or proxy may keep a copy."""
    response["Cache-Control"] = "no-store"
    return response
