"""Static files at start: the front-end packages must be installed, and STATIC_ROOT collected once.

The pages load Bootstrap and htmx from node_modules (settings.STATICFILES_DIRS, installed by `npm ci`, never
copied into the repository). Without them every page answers 500 (no manifest entry for the file), after a
warning nobody reads (staticfiles.W004): `vivier run` and the web server refuse to start instead, with one line
saying what to run. The worker does not check: it renders no page and loads no static file.

Collecting is slow (each file compressed twice, brotli at its slowest), so `vivier run` does it only when
the sources changed: a fingerprint of them is written next to the collected files, here and nowhere else.
`make setup` leaves it to `vivier run` (it used to collect too, without the stamp: twice on a first start).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import FileSystemFinder

STAMP = ".vivier-collected"
NPM_HINT = "run `make setup` (npm ci)"


def _package_dirs() -> list[tuple[str, Path]]:
    return [
        (entry[0], Path(entry[1])) if isinstance(entry, tuple | list) else ("", Path(entry))
        for entry in settings.STATICFILES_DIRS
    ]


def frontend_missing() -> str | None:
    """The line to show when a front-end package is not installed (or lacks a file the pages use), else None."""
    missing = [
        path
        for prefix, path in _package_dirs()
        if not path.is_dir()
        or not all((path / name).is_file() for name in settings.FRONTEND_FILES.get(prefix, ()))
    ]
    if not missing:
        return None
    shown = ", ".join(os.path.relpath(p, settings.PROJECT_DIR) for p in missing)
    return f"Front-end packages missing ({shown}): {NPM_HINT}."


def web_problem() -> str | None:
    """Why the web server would answer 500 on every page, as one line; None when it can serve them.

    With DEBUG the packages are served from node_modules. Without, from STATIC_ROOT through its manifest, which
    needs an entry under each package's prefix (a collect made while node_modules was missing has none).
    """
    if settings.DEBUG:
        return frontend_missing()
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    try:
        paths = json.loads(manifest.read_text()).get("paths", {})
    except (OSError, ValueError):
        paths = {}
    if all(any(name.startswith(prefix + "/") for name in paths) for prefix, _path in _package_dirs()):
        return None
    return frontend_missing() or "Static files not collected: run `vivier collectstatic --noinput`."


class PackageFilesFinder(FileSystemFinder):
    """STATICFILES_DIRS, limited to the files settings.FRONTEND_FILES names for each prefix: the pages use 5 of
    the 75 files of Bootstrap's and htmx's dist folders, and each file collected is compressed twice (brotli at
    its slowest), which took 4 s of a first start for files nobody asks for."""

    def _wanted(self, prefix: str, path: str) -> bool:
        names = settings.FRONTEND_FILES.get(prefix)
        return names is None or path in names

    def list(self, ignore_patterns):
        for path, storage in super().list(ignore_patterns):
            if self._wanted(storage.prefix, path):
                yield path, storage

    def find_location(self, root, path, prefix=None):
        relative = path.removeprefix(f"{prefix}/") if prefix else path
        return super().find_location(root, path, prefix) if self._wanted(prefix or "", relative) else None


def static_fingerprint() -> str:
    """A digest of the static sources (paths, sizes, times): a change means STATIC_ROOT is stale."""
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256()
    entries = []
    for finder in get_finders():
        for path, storage in finder.list([]):
            full = storage.path(path)
            try:
                stat = os.stat(full)
            except OSError:
                continue
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode())
    return digest.hexdigest()


def collect_static_if_stale(stdout=None) -> bool:
    """Collect the static files unless the stamp says the sources did not change; True if it collected."""
    from django.core.management import call_command

    root = Path(settings.STATIC_ROOT)
    fingerprint = static_fingerprint()
    stamp = root / STAMP
    if stamp.exists() and stamp.read_text().strip() == fingerprint:
        return False
    if stdout is not None:
        stdout.write("Collecting static files (once per change of the front-end packages)…")
        stdout.flush()
    call_command("collectstatic", interactive=False, verbosity=0)
    root.mkdir(parents=True, exist_ok=True)
    stamp.write_text(fingerprint)
    return True
