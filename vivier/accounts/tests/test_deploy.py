"""The production settings pass Django's deployment checklist, and the web server does not tell its name."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIVIER_", "DJANGO_"))}
    env.update(
        VIVIER_BASE_URL="https://vivier.agence.example",
        VIVIER_SECRET_KEY="x" * 20 + "a-long-random-production-key-0123456789-abcdefghij",
        VIVIER_DATA_DIR=str(tmp_path),
        VIVIER_ALLOWED_HOSTS="vivier.agence.example",
        DJANGO_SETTINGS_MODULE="vivier.settings",
    )
    return env


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    # A subprocess: settings are read once, at import, from the environment.
    result = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_does_not_tell_its_name_or_version(tmp_path, collected_static):
    port = _free_port()
    env = {**_production_env(tmp_path), "VIVIER_ALLOWED_HOSTS": "127.0.0.1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "python:vivier.gunicorn_conf",
            "vivier.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                # X-Forwarded-Proto: the production settings redirect plain HTTP to HTTPS otherwise.
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/api/v1/openapi.json", headers={"X-Forwarded-Proto": "https"}
                )
                with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                    headers = response.headers
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert headers["Server"] == "vivier"
        assert "gunicorn" not in str(headers).lower()
        assert headers["Strict-Transport-Security"].startswith("max-age=")
        assert headers["X-Content-Type-Options"] == "nosniff"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
