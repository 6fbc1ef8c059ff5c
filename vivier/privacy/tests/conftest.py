"""Fixtures of the privacy tests: the outreach worker factory, and a media folder of the test's own."""

import pytest

from vivier.outreach.tests.conftest import worker_factory  # noqa: F401


@pytest.fixture(autouse=True)
def _own_folders(settings, tmp_path):
    """Each test writes its files (CVs, the local mailbox) in its own folder, which the erasure test dumps."""
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.MAILBOX_DIR = tmp_path / "mailbox"
    settings.BASE_URL = "https://vivier.agence.example"
    settings.EMAIL_BACKEND = "vivier.outreach.mailbox.LocalMailboxBackend"
