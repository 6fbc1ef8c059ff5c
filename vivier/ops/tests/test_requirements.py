"""`make run` installs requirements.lock alone: exactly what requirements.in needs, pinned. The test tools
(Playwright, ruff, pytest…: a third of a first start's download) are in requirements-dev.lock."""

from __future__ import annotations

import importlib.metadata as metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[3]


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-r "):
            package, version = line.split("==")
            pins[canonicalize_name(package)] = version
    return pins


def _closure(*requirements_in: str) -> set[str]:
    """The packages requirements.in needs, through the installed distributions' own requirements."""
    todo = [Requirement(line) for name in requirements_in for line in _lines(name) if line and line[0] != "-"]
    seen: set[tuple[str, tuple[str, ...]]] = set()
    while todo:
        requirement = todo.pop()
        key = (canonicalize_name(requirement.name), tuple(sorted(requirement.extras)))
        if key in seen:
            continue
        seen.add(key)
        for text in metadata.distribution(requirement.name).requires or []:
            needed = Requirement(text)
            extras = ("", *requirement.extras)
            if needed.marker is None or any(needed.marker.evaluate({"extra": e}) for e in extras):
                todo.append(needed)
    return {name for name, _extras in seen}


def _lines(name: str) -> list[str]:
    return [line.split("#", 1)[0].strip() for line in (ROOT / name).read_text().splitlines()]


def test_the_runtime_lock_pins_what_requirements_in_needs_and_nothing_else():
    runtime = _pins("requirements.lock")
    assert set(runtime) == _closure("requirements.in")
    for package, version in runtime.items():
        assert metadata.version(package) == version, f"{package} installed is not the pinned one"


def test_the_dev_lock_adds_the_test_tools_to_the_runtime_lock():
    assert "-r requirements.lock" in _lines("requirements-dev.lock")
    dev, runtime = _pins("requirements-dev.lock"), _pins("requirements.lock")
    assert not set(dev) & set(runtime)
    assert set(dev) | set(runtime) == _closure("requirements.in", "requirements-dev.in")
