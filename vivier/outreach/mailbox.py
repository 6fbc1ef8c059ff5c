"""The embedded default needs no mail server: messages are written as .eml files to a local mailbox folder."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class LocalMailboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        folder = Path(settings.MAILBOX_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            name = f"{message.extra_headers.get('X-Vivier-Id') or uuid.uuid4()}.eml"
            tmp = folder / f".{name}.tmp"
            tmp.write_bytes(message.message().as_bytes(linesep="\n"))
            # Atomic rename: a reader never sees half a message.
            os.replace(tmp, folder / name)
            sent += 1
        return sent
