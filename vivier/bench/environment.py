"""What a result is measured on: the machine, the database, the commit; and process memory from /proc."""

# ruff: noqa: S603, S607 - fixed argument lists (git)
from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection


def _proc_status(pid: int) -> dict[str, int]:
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS", "RssAnon", "RssFile", "RssShmem"):
                out[key] = int(value.split()[0]) * 1024
    except OSError:
        pass
    return out


def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            kids += [int(x) for x in (task / "children").read_text().split()]
    return kids


def machine() -> dict:
    mem = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem = int(line.split()[1]) * 1024
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "memory_bytes": mem,
        "memory_gib": round(mem / 2**30, 1),
        "cpu": model,
        "kernel": os.uname().release,
    }


def database() -> dict:
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("SELECT sqlite_version()")
            version = cur.fetchone()[0]
            size = sum(
                Path(f"{connection.settings_dict['NAME']}{s}").stat().st_size
                for s in ("", "-wal")
                if Path(f"{connection.settings_dict['NAME']}{s}").exists()
            )
        else:
            cur.execute("SHOW server_version")
            version = cur.fetchone()[0]
            cur.execute("SELECT pg_database_size(current_database())")
            size = cur.fetchone()[0]
    return {"vendor": connection.vendor, "version": version, "size_bytes": size}


def git_commit() -> dict:
    def git(*args):
        try:
            return subprocess.run(
                ["git", *args], cwd=settings.PROJECT_DIR, capture_output=True, text=True, timeout=10
            ).stdout.strip()
        except OSError:
            return ""

    return {
        "commit": git("rev-parse", "HEAD"),
        "short": git("rev-parse", "--short", "HEAD") or "nogit",
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
    }
