"""Site-wide response headers a security review expects, and the API's answers to requests over its size limits."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import UnreadablePostError
from django.utils.translation import gettext as _

# No inline scripts or styles anywhere: the pages load their JavaScript and CSS from /static/ only.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
# The interactive API docs page (django-ninja's Swagger UI) needs its own inline bootstrap script.
CSP_EXEMPT_PREFIXES = ("/api/v1/docs",)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path_info.startswith(CSP_EXEMPT_PREFIXES):
            response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if getattr(settings, "HTTPS", False):
            response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


API_PREFIX = "/api/"
# At most this much of a body over the limit is read and thrown away, so that gunicorn keeps the connection and the
# client reads the 413 (gunicorn itself discards only 64 KB, then closes: a client still sending sees the
# connection reset instead of the answer). Beyond it the connection closes after the answer.
DISCARD_AT_MOST = 16 * 1024 * 1024
_CHUNK = 64 * 1024


class ApiLimitsMiddleware:
    """Requests to the API over its size limits get the API's JSON error (413, 414), not an HTML page.

    The query string is limited here (settings.API_MAX_QUERY_STRING), below gunicorn's request line limit, so this
    answer comes first; the body by Django's DATA_UPLOAD_MAX_MEMORY_SIZE, checked on the declared length before
    anything reads the body (and caught if Django's own check fires later).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        # A WSGI QUERY_STRING is the raw bytes read as latin-1: its length is the length on the wire.
        if len(request.META.get("QUERY_STRING", "")) > settings.API_MAX_QUERY_STRING:
            return _too_long()
        if _declared_length(request) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return _too_large(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RequestDataTooBig) and request.path_info.startswith(API_PREFIX):
            return _too_large(request)
        return None


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _too_long():
    from vivier.api.errors import error_response

    return error_response(
        414,
        "uri_too_long",
        _("The query string is too long: at most %(limit)d bytes.")
        % {"limit": settings.API_MAX_QUERY_STRING},
    )


def _too_large(request):
    from vivier.api.errors import error_response

    _discard_body(request)
    return error_response(
        413,
        "too_large",
        _("The body is too large: at most %(limit)d bytes.")
        % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
    )


def _discard_body(request) -> None:
    length = _declared_length(request)
    if length > DISCARD_AT_MOST or getattr(request, "_read_started", False):
        return
    remaining = length
    try:
        while remaining > 0:
            chunk = request.read(min(_CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
    except (OSError, UnreadablePostError):
        # The client went away: nothing left to answer.
        pass
