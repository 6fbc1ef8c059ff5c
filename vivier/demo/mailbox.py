"""The messages the demo says went, in the local mailbox, as the worker would have delivered them.

Each sent message is built by the worker's own `build_email` (headers, unsubscribe link, HTML part) and written
by the local mailbox backend (`LocalMailboxBackend`, the one used when no mail server is configured), with the
Date it went. Always the local mailbox, whatever EMAIL_URL says: the demo's people are invented, no demo message
is ever sent to a real server. The file's time is set to that date too, since the mailbox lists the newest first.
"""

from __future__ import annotations

import os
from email.utils import format_datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from vivier.outreach.mailbox import LocalMailboxBackend
from vivier.outreach.models import Message, MessageStatus
from vivier.outreach.worker import Worker, WorkerConfig


def write(batch: int = 200) -> int:
    """Write every sent message into the local mailbox, oldest first; returns how many were written."""
    worker = Worker(WorkerConfig(worker_id="demo"))
    backend = LocalMailboxBackend()
    folder = Path(settings.MAILBOX_DIR)
    written = 0
    sent = (
        Message.objects.filter(status=MessageStatus.SENT)
        .select_related("candidate")
        .order_by("sent_at", "pk")
    )
    for message in sent.iterator(chunk_size=batch):
        email = worker.build_email(message)
        email.extra_headers["Date"] = format_datetime(timezone.localtime(message.sent_at))
        written += backend.send_messages([email])
        stamp = message.sent_at.timestamp()
        os.utime(folder / f"{message.public_id}.eml", (stamp, stamp))
    return written
