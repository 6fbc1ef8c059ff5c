"""Backup and restore of the embedded SQLite database, with SQLite's online backup API.

The backup is consistent while the web server and the worker keep writing: SQLite copies the pages under its own
lock and restarts the copy if a writer changes a page already copied. PostgreSQL deployments use pg_dump instead.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from django.db import connections


class BackupError(RuntimeError):
    pass


def _sqlite_path(alias: str = "default") -> Path:
    conn = connections[alias]
    if conn.vendor != "sqlite":
        raise BackupError(
            f"The database is {conn.vendor}: use its own tools (pg_dump / pg_restore for PostgreSQL)."
        )
    return Path(conn.settings_dict["NAME"])


def _check(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            result = db.execute("PRAGMA integrity_check").fetchone()[0]
            is_vivier = db.execute("SELECT 1 FROM sqlite_master WHERE name='django_migrations'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a readable SQLite database: {exc}") from exc
    if result != "ok":
        raise BackupError(f"{path} failed the integrity check: {result}")
    if not is_vivier:
        raise BackupError(f"{path} is not a Vivier database (no django_migrations table)")


def backup(target: Path, *, alias: str = "default", pages_per_step: int = 4096) -> Path:
    source = _sqlite_path(alias)
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".partial")
    tmp.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(tmp) as dst:
        src.backup(dst, pages=pages_per_step)
    # The copy is journalled in DELETE mode so the backup is one self-contained file.
    with sqlite3.connect(tmp) as dst:
        dst.execute("PRAGMA journal_mode=DELETE")
    _check(tmp)
    tmp.rename(target)
    return target


def restore(source: Path, *, alias: str = "default") -> Path:
    """Replace the live database by a backup. Stop `vivier run` first: open connections would keep old pages."""
    source = Path(source)
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    _check(source)
    target = _sqlite_path(alias)
    connections[alias].close()
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target
