"""What every view of the recruiter UI shares: write permission, service errors on forms, htmx or page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from vivier.errors import ServiceError
from vivier.front.access import require_write
from vivier.pagination import clamp, paginate


def write_required(view: Callable) -> Callable:
    """GET and POST alike: a viewer gets 403 on every page that changes something."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        require_write(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def apply_validation_error(form: Form, exc: ValidationError) -> None:
    """A service's field errors onto the form's fields; errors on fields the form lacks go on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, messages in exc.message_dict.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)


def apply_service_error(form: Form, exc: ServiceError) -> None:
    form.add_error(None, exc.message)


def safe_next(request: HttpRequest, default: str) -> str:
    """The page to return to after an action: a local URL given by the page, or the default."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def done(request: HttpRequest, url: str) -> HttpResponse:
    """After a successful write: a redirect, which htmx follows as a full page load (messages show)."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def render_form(
    request: HttpRequest, partial: str, context: dict, *, title: str, status: int = 200
) -> HttpResponse:
    """The form alone for htmx (shown in the page's dialog), or inside a full page without JavaScript."""
    context = {**context, "title": title, "partial": partial}
    if getattr(request, "htmx", False):
        return render(request, partial, {**context, "in_modal": True}, status=status)
    return render(request, "front/form_page.html", context, status=status)


def page_of(request: HttpRequest, qs, count: int | None = None):
    number, size = clamp(request.GET.get("page"), 50)
    return paginate(qs, page=number, page_size=size, count=count)
