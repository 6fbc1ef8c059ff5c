"""The client report as PDF, drawn by WeasyPrint from the same HTML as the shared page.

WeasyPrint needs Pango at the system level (Debian: libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b
libpangocairo-1.0-0). Without it the PDF is unavailable and the page says so; nothing else breaks.
It is only ever given our own HTML, and may fetch nothing but our static files: no network, no file://.
"""

from __future__ import annotations

import logging
from urllib.parse import urlparse

from django.contrib.staticfiles import finders

STATIC_PREFIX = "/static/"
# WeasyPrint (and fontTools under it) log every rendering step at INFO: noise in the application's log.
for _name in ("weasyprint", "weasyprint.progress", "fontTools"):
    logging.getLogger(_name).setLevel(logging.WARNING)


class PdfUnavailable(Exception):
    pass


def _static_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = urlparse(url).path
            found = finders.find(path.split(STATIC_PREFIX, 1)[1]) if STATIC_PREFIX in path else None
            if not found:
                raise ValueError(f"the report PDF may not load {url!r}")
            with open(found, "rb") as fh:
                body = fh.read()
            content_type = "text/css" if found.endswith(".css") else "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return StaticOnlyFetcher()


def render(html: str) -> bytes:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # the package, or the system's Pango, is missing
        raise PdfUnavailable(str(exc)) from exc
    return weasyprint.HTML(
        string=html, base_url="http://vivier.invalid/", url_fetcher=_static_fetcher()
    ).write_pdf()
