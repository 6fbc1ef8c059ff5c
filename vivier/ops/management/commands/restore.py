from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vivier.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the embedded SQLite database by a backup. Stop `vivier run` first."

    def add_arguments(self, parser):
        parser.add_argument("source")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, source, yes, **options):
        if not yes:
            raise CommandError("Restoring replaces every row of the current database: add --yes to confirm.")
        try:
            target = restore(Path(source))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {source} into {target}.")
