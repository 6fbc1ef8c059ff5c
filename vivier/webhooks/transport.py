"""One HTTP POST to a receiver, with the standard library: a timeout, no redirects, a short excerpt of the answer.

urllib rather than a new dependency: one POST with a few headers needs nothing more. Proxies come from the
usual environment variables (HTTPS_PROXY, NO_PROXY); certificates are verified against the system's store.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

EXCERPT_BYTES = 2048  # read at most this much of an answer; the log keeps its first EXCERPT_CHARS characters
EXCERPT_CHARS = 500
DEFAULT_TIMEOUT = 10.0  # seconds, for the connection and for each read (settings.VIVIER_WEBHOOK_TIMEOUT)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A 3xx is an answer, not an instruction: the POST is not repeated elsewhere (the URL may have been moved
    by someone else than the receiver's owner); the administrator updates the URL."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


@dataclass(frozen=True)
class Answer:
    status_code: int | None  # None: no HTTP answer (refused, timed out, TLS, DNS)
    duration_ms: int
    excerpt: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def timeout() -> float:
    return float(getattr(settings, "VIVIER_WEBHOOK_TIMEOUT", DEFAULT_TIMEOUT))


def _excerpt(raw: bytes) -> str:
    # PostgreSQL's text refuses NUL characters; a binary answer is shown with replacement characters.
    return raw.decode("utf-8", errors="replace").replace("\x00", "\ufffd")[:EXCERPT_CHARS]


def _read(response) -> bytes:
    try:
        return response.read(EXCERPT_BYTES)
    except (OSError, http.client.HTTPException):  # the status is what counts; a broken body is not an error
        return b""


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 (validated)
    start = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - start) * 1000)

    try:
        with _opener.open(request, timeout=timeout()) as response:
            raw = _read(response)
            return Answer(response.status, elapsed(), _excerpt(raw))
    except urllib.error.HTTPError as exc:  # 3xx (not followed), 4xx, 5xx: an answer all the same
        raw = _read(exc)
        exc.close()
        error = f"redirect to {exc.headers.get('Location', '?')}" if 300 <= exc.code < 400 else ""
        return Answer(exc.code, elapsed(), _excerpt(raw), error[:500])
    except urllib.error.URLError as exc:
        return Answer(None, elapsed(), error=_reason(exc.reason))
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return Answer(None, elapsed(), error=_reason(exc))


def _reason(reason) -> str:
    return _why(reason).replace("\x00", "\ufffd")


def _why(reason) -> str:
    if isinstance(reason, TimeoutError):
        return f"timed out after {timeout():g} s"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error: {reason}"[:500]
    if isinstance(reason, socket.gaierror):
        return f"host not found: {reason}"[:500]
    if isinstance(reason, BaseException):
        return f"{type(reason).__name__}: {reason}"[:500]
    return str(reason)[:500]
