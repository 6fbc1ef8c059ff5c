"""vivier retention [--dry-run]: the daily retention sweep by hand (the worker runs it once a day)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from vivier.privacy.services import retention_preview, retention_sweep


class Command(BaseCommand):
    help = "Plan consent renewals and information notices; anonymise people whose time is up."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Say what would happen; change nothing.")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        result = retention_sweep(dry_run=dry_run)
        self.stdout.write(json.dumps(result))
        if dry_run:
            for due in retention_preview(days=0):
                self.stdout.write(
                    f"would anonymise {due.candidate.public_id} ({due.reason}, since {due.until:%Y-%m-%d})"
                )
