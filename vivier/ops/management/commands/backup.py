from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from vivier.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Copy the embedded SQLite database to a file while Vivier keeps running (online backup)."

    def add_arguments(self, parser):
        parser.add_argument(
            "target", nargs="?", help="file to write (default: VIVIER_DATA_DIR/backups/<time>.sqlite3)"
        )

    def handle(self, *args, target=None, **options):
        from django.conf import settings

        path = (
            Path(target)
            if target
            else Path(settings.DATA_DIR)
            / "backups"
            / (timezone.now().strftime("vivier-%Y%m%d-%H%M%S") + ".sqlite3")
        )
        try:
            written = backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(written))
