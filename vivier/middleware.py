"""Site-wide response headers a security review expects."""

from __future__ import annotations

from django.conf import settings

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
