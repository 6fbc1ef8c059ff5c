"""The browser and page fixtures of vivier/front's browser tests, shared here."""

from vivier.front.tests.browser.conftest import browser, page  # noqa: F401
