"""Requests over the API's size limits get its JSON error shape (413, 414), not Django's or gunicorn's HTML, and a
client sending a body over the limit reads the answer instead of a reset connection (issue #14)."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.test import RequestFactory

from vivier.api.tests.conftest import BASE, assert_error
from vivier.middleware import ApiLimitsMiddleware

FIVE_MB = json.dumps({"name": "x" * 5_000_000})


def test_a_body_over_the_limit_gets_413_in_the_error_shape(api):
    assert len(FIVE_MB) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    error = assert_error(api.post("/clients", raw=FIVE_MB), 413, "too_large")
    assert str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) in error["message"]
    assert_error(api.patch(f"/candidates/{'0' * 8}", raw=FIVE_MB), 413, "too_large")


def test_a_body_under_the_limit_is_read(api):
    body = json.dumps({"name": "Acme", "notes": "x" * 5000})
    assert api.post("/clients", raw=body).status_code == 201


def test_the_413_reads_the_rest_of_the_body():
    """So that gunicorn, which discards only 64 KB of an unread body before closing, keeps the connection."""
    request = RequestFactory().post(f"{BASE}/clients", FIVE_MB, content_type="application/json")
    response = ApiLimitsMiddleware(lambda r: pytest.fail("the view must not run"))(request)
    assert response.status_code == 413
    assert request._stream.read() == b""


def test_djangos_own_check_answers_413_too():
    request = RequestFactory().post(f"{BASE}/clients", "{}", content_type="application/json")
    response = ApiLimitsMiddleware(lambda r: None).process_exception(request, RequestDataTooBig("too big"))
    assert response.status_code == 413 and json.loads(response.content)["error"]["code"] == "too_large"
    outside = RequestFactory().post("/candidats/nouveau", "{}", content_type="application/json")
    assert (
        ApiLimitsMiddleware(lambda r: None).process_exception(outside, RequestDataTooBig("too big")) is None
    )


def test_a_query_string_over_the_limit_gets_414_in_the_error_shape(api):
    q = "x" * (settings.API_MAX_QUERY_STRING + 1)
    error = assert_error(api.get("/clients", {"q": q}), 414, "uri_too_long")
    assert str(settings.API_MAX_QUERY_STRING) in error["message"]
    assert_error(api.get("/health", {"padding": q}), 414, "uri_too_long")


def test_the_longest_valid_query_string_is_under_the_limit(api):
    # 500 characters of 4 bytes each, percent-encoded: 6,000 bytes, and the city's 100 more.
    params = {"q": "𝔸" * 500, "city": "𝔸" * 100, "remote_preference": "hybrid", "page_size": 200}
    assert sum(len(quote(v)) for v in (params["q"], params["city"])) == 7200
    assert api.get("/candidates", params).status_code == 200


def test_the_document_declares_413_and_414(outsider, db):
    paths = outsider.get(f"{BASE}/openapi.json").json()["paths"]
    operations = [op for ops in paths.values() for op in ops.values()]
    assert all("414" in op["responses"] for op in operations)
    with_body = [op for op in operations if "requestBody" in op]
    assert with_body and all("413" in op["responses"] for op in with_body)
    assert all("413" not in op["responses"] for op in operations if "requestBody" not in op)


# --- gunicorn, as `vivier run` starts it ----------------------------------------------------------------------


def _run_argv(monkeypatch) -> list[str]:
    """The web server's command line that `vivier run` builds (its children and their supervision stubbed)."""
    from django.core.management import call_command

    from vivier.outreach.management.commands import run

    children = []

    class Idle:
        def __init__(self, given):
            pass

        def install_signal_handlers(self):
            pass

        def run(self):
            return 0

    monkeypatch.setattr(run, "pending_migrations", lambda: 0)
    monkeypatch.setattr(run, "collect_static_if_stale", lambda stdout=None: False)
    monkeypatch.setattr(run, "Supervisor", Idle)
    monkeypatch.setattr(run, "python_child", lambda name, *args, env=None: children.append((name, args)))
    call_command("run")
    return next(list(args) for name, args in children if name == "web")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gunicorn(monkeypatch, tmp_path, collected_static):
    argv = _run_argv(monkeypatch)
    port = _free_port()
    argv[argv.index("--bind") + 1] = f"127.0.0.1:{port}"
    argv[argv.index("--workers") + 1] = "1"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"VIVIER_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "vivier.settings"}
    # The answers tested come from the middleware, before any database access: an empty data folder will do.
    process = subprocess.Popen(  # noqa: S603 - the command line of `vivier run`
        [sys.executable, *argv],
        cwd=settings.PROJECT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", f"{BASE}/unknown")
                connection.getresponse().read()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)


def _answer(connection: http.client.HTTPConnection) -> tuple[int, str, dict | str]:
    response = connection.getresponse()
    body = response.read().decode()
    kind = response.getheader("Content-Type", "")
    return response.status, kind, json.loads(body) if kind.startswith("application/json") else body


def test_gunicorn_lets_the_api_answer_413_and_414(gunicorn):
    connection = http.client.HTTPConnection("127.0.0.1", gunicorn, timeout=30)
    # A 5 MB body: the answer is read, and the connection serves the next request.
    connection.request("POST", f"{BASE}/clients", body=FIVE_MB, headers={"Content-Type": "application/json"})
    status, kind, body = _answer(connection)
    assert (status, body["error"]["code"]) == (413, "too_large"), body
    connection.request("GET", f"{BASE}/unknown")
    assert _answer(connection)[0] == 404
    # A query string past the API's limit, which gunicorn's default (4,094 bytes) would have refused in HTML.
    connection.request("GET", f"{BASE}/clients?q={'x' * (settings.API_MAX_QUERY_STRING + 1)}")
    status, kind, body = _answer(connection)
    assert (status, body["error"]["code"]) == (414, "uri_too_long"), body
    # Past gunicorn's largest fixed limit (8,190 bytes) too: the API's JSON, not gunicorn's HTML.
    connection = http.client.HTTPConnection("127.0.0.1", gunicorn, timeout=30)
    connection.request("GET", f"{BASE}/clients?q={'x' * 100_000}")
    status, kind, body = _answer(connection)
    assert (status, body["error"]["code"]) == (414, "uri_too_long"), body
    # 5 KB under the limit reaches the API (which wants a token).
    connection = http.client.HTTPConnection("127.0.0.1", gunicorn, timeout=30)
    connection.request("GET", f"{BASE}/clients?q={'x' * 5000}")
    status, kind, body = _answer(connection)
    assert (status, body["error"]["code"]) == (401, "unauthorized"), body
