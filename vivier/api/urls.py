from __future__ import annotations

from django.urls import URLPattern, re_path

from vivier.api.api import api
from vivier.api.views import json_method_not_allowed, not_found


def _patterns() -> list[URLPattern]:
    patterns = list(api.urls[0])
    for pattern in patterns:
        pattern.callback = json_method_not_allowed(pattern.callback)
    return patterns


urlpatterns = [
    *_patterns(),
    # Anything else under /api/v1/ answers in the API's error shape rather than with the HTML 404 page.
    re_path(r"^.*$", not_found),
]
# ninja reverses its own URLs in the namespace it was given; include() takes it from app_name.
app_name = api.urls_namespace
