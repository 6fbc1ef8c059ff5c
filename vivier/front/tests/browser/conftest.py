"""Real-browser tests: Debian's Chromium driven by Playwright against the live test server.

The `browser` and `page` fixtures live in the root conftest.py, so every app's browser tests share one browser
(two Playwright instances in one thread refuse to start).

Run with `make test-browser` (pytest -m browser). Screenshots of the main pages land in docs/screenshots, so the
README shows the product as it is.
"""

from __future__ import annotations

from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[4] / "docs" / "screenshots"


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
