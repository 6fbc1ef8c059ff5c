"""Start-up refuses, with one line saying what to run, when every page would answer 500: the front-end packages
missing (a checkout with .venv but no node_modules), or the static files never collected. `vivier run`, the web
server (gunicorn on vivier.wsgi) and Django's runserver go through the same checks (vivier/assets.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from vivier.assets import STAMP, collect_static_if_stale, frontend_missing, web_problem

NPM_LINE = (
    "Front-end packages missing (node_modules_gone/bootstrap/dist, node_modules_gone/htmx.org/dist):"
    " run `make setup` (npm ci)."
)


def _env(tmp_path: Path, *, node_modules: bool) -> dict[str, str]:
    """The product's settings in a fresh data folder; without node_modules, the packages' folders point to a
    directory that does not exist (as in a checkout where `npm ci` never ran)."""
    (tmp_path / "startup_settings.py").write_text(
        textwrap.dedent(f"""
            from vivier.settings import *  # noqa: F403
            if not {node_modules}:
                STATICFILES_DIRS = [
                    (prefix, PROJECT_DIR / "node_modules_gone" / Path(path).relative_to(PROJECT_DIR / "node_modules"))
                    for prefix, path in STATICFILES_DIRS
                ]
        """)
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "startup_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), os.getcwd()]),
        "VIVIER_DATA_DIR": str(tmp_path / "var"),
        "VIVIER_BIND": "127.0.0.1:0",
    }


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own argv
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_vivier_run_refuses_without_the_front_end_packages_and_says_what_to_run(tmp_path):
    done = _run(["-m", "vivier.cli", "run"], _env(tmp_path, node_modules=False))
    assert done.returncode == 1
    assert done.stderr.strip() == NPM_LINE
    assert not (tmp_path / "var" / "vivier.sqlite3").exists()  # refused before migrating anything
    assert not (tmp_path / "var" / "static").exists()  # nor collecting a manifest without the packages


def test_gunicorn_refuses_without_the_front_end_packages(tmp_path):
    done = _run(
        ["-m", "gunicorn", "vivier.wsgi:application", "--bind", "127.0.0.1:0", "--workers", "1"],
        _env(tmp_path, node_modules=False),
    )
    assert done.returncode == 4  # gunicorn's "App failed to load": the master stops
    assert NPM_LINE in done.stderr.splitlines()


def test_the_web_server_refuses_static_files_never_collected(tmp_path):
    done = _run(["-c", "import vivier.wsgi"], _env(tmp_path, node_modules=True))
    assert done.returncode == 4
    assert done.stderr.strip() == "Static files not collected: run `vivier collectstatic --noinput`."


def test_the_checks_pass_once_the_packages_are_collected(settings, tmp_path):
    assert frontend_missing() is None  # the test run itself has node_modules
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    # A collect made while node_modules was missing: the manifest has the app's files only.
    manifest.write_text(json.dumps({"paths": {"front/vivier.css": "front/vivier.0123.css"}}))
    assert web_problem() == "Static files not collected: run `vivier collectstatic --noinput`."
    paths = {
        "front/vivier.css": "front/vivier.0123.css",
        "vendor/bootstrap/css/bootstrap.min.css": "vendor/bootstrap/css/bootstrap.min.4567.css",
        "vendor/htmx/htmx.min.js": "vendor/htmx/htmx.min.89ab.js",
    }
    manifest.write_text(json.dumps({"paths": paths}))
    assert web_problem() is None
    settings.DEBUG = True  # served from node_modules by the finders: their presence is enough
    assert web_problem() is None


def test_static_files_are_collected_once_then_only_when_a_source_changes(settings, tmp_path, monkeypatch):
    settings.STATIC_ROOT = tmp_path / "static"
    app_static = tmp_path / "app_static"
    app_static.mkdir()
    (app_static / "site.css").write_text("body { color: black }")
    settings.STATICFILES_DIRS = [("site", app_static)]
    calls = []
    monkeypatch.setattr("django.core.management.call_command", lambda *a, **kw: calls.append(a))
    assert collect_static_if_stale() is True
    assert (settings.STATIC_ROOT / STAMP).is_file()
    assert collect_static_if_stale() is False  # the first start after `make setup` collects nothing
    (app_static / "site.css").write_text("body { color: navy }")
    assert collect_static_if_stale() is True
    assert calls == [("collectstatic",), ("collectstatic",)]


def test_only_the_package_files_the_pages_use_are_collected(settings):
    from django.contrib.staticfiles import finders

    from vivier.assets import PackageFilesFinder

    listed = {f"{storage.prefix}/{path}" for path, storage in PackageFilesFinder().list([])}
    assert listed == {
        f"{prefix}/{name}" for prefix, names in settings.FRONTEND_FILES.items() for name in names
    }
    assert finders.find("vendor/bootstrap/css/bootstrap.min.css")
    assert finders.find("vendor/bootstrap/css/bootstrap-grid.css") is None  # in the package, never used
    assert finders.find("front/vivier.css")  # the apps' own files are all there


def test_a_package_missing_a_file_the_pages_use_counts_as_missing(settings, tmp_path):
    """A dist folder without the file the pages load (an interrupted or different install) is no better."""
    dist = tmp_path / "node_modules" / "htmx.org" / "dist"
    dist.mkdir(parents=True)
    (dist / "htmx.js").write_text("// not the minified file the pages load")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS[:1], ("vendor/htmx", dist)]
    assert frontend_missing().startswith("Front-end packages missing (")
    assert frontend_missing().endswith("/node_modules/htmx.org/dist): run `make setup` (npm ci).")
