"""The browser and page fixtures of vivier/front's browser tests, shared here (pytest sees one conftest per
folder)."""

from vivier.front.tests.browser.conftest import browser, page  # noqa: F401
