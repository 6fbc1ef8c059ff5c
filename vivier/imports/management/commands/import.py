"""`vivier import <file> --kind candidates|jobs|offers|linkedin`: the same import as the UI, synchronously.

The exit status tells a script whether every row went in: 0 every row was imported (or, with --dry-run,
would be), 2 some rows were not (errors: see the report), 1 nothing was imported (the file, the mapping or the
run failed, or every row was an error). Rows skipped on purpose (already in the pool with --on-duplicate
skip, people erased earlier) are not failures.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from vivier.errors import ServiceError
from vivier.imports.columns import Kind, auto_map
from vivier.imports.models import ImportStatus
from vivier.imports.parsing import ParseError, open_table
from vivier.imports.services import import_file_now

EXIT_ALL, EXIT_NOTHING, EXIT_SOME_FAILED = 0, 1, 2


class Command(BaseCommand):
    help = (
        "Import candidates, jobs, past offers with their declines, or LinkedIn connections from CSV or XLSX. "
        "Exit status: 0 every row was imported (with --dry-run: would be); 2 some rows failed (see the "
        "report); 1 nothing was imported (unreadable file, refused mapping, failed run, or every row failed). "
        "Rows skipped on purpose (--on-duplicate skip, people erased earlier) do not count as failures."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", required=True, choices=Kind.values)
        parser.add_argument(
            "--mapping",
            default="auto",
            help='"auto" (headers recognised in French or English) or a JSON file {"header": "field"}',
        )
        parser.add_argument("--on-duplicate", default="merge", choices=["merge", "skip"])
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument("--user", default="", help="username recorded as the author of the changes")

    def handle(self, *args, **opts) -> None:
        path: Path = opts["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        by = None
        if opts["user"]:
            by = get_user_model().objects.filter(username=opts["user"]).first()
            if by is None:
                raise CommandError(f"No user named {opts['user']!r}.")
        fields = None
        if opts["mapping"] != "auto":
            try:
                given = json.loads(Path(opts["mapping"]).read_text())
                headers = open_table(path).headers
            except (OSError, ValueError, ParseError) as exc:
                raise CommandError(f"Cannot read the mapping: {exc}") from exc
            fields = [
                given.get(h, auto) for h, auto in zip(headers, auto_map(headers, opts["kind"]), strict=True)
            ]
        try:
            job = import_file_now(
                path=path,
                kind=opts["kind"],
                by=by,
                on_duplicate=opts["on_duplicate"],
                dry_run=opts["dry_run"],
                fields=fields,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        c = job.counts()
        label = "Dry run (nothing written)" if opts["dry_run"] else "Import"
        # The command speaks English, like every other command; the status in the same language.
        with translation.override("en"):
            status = job.get_status_display().lower()
        self.stdout.write(
            f"{label} {status}: {c['total']} rows, {c['created']} created, "
            f"{c['merged']} merged, "
            f"{c['unchanged']} unchanged, {c['skipped']} skipped, {c['errors']} errors"
        )
        if job.error:
            self.stderr.write(job.error)
        if job.report_path:
            self.stdout.write(f"Report: {Path(settings.MEDIA_ROOT) / job.report_path}")
        if job.status in (ImportStatus.FAILED, ImportStatus.CANCELLED):
            raise CommandError("Nothing was imported.", returncode=EXIT_NOTHING)
        if c["errors"] and c["errors"] == c["total"]:
            raise CommandError(
                f"No row could be {'read' if opts['dry_run'] else 'imported'}: see the report.",
                returncode=EXIT_NOTHING,
            )
        if c["errors"]:
            raise CommandError(
                f"{c['errors']} of {c['total']} rows {'would fail' if opts['dry_run'] else 'were not imported'}: "
                "see the report.",
                returncode=EXIT_SOME_FAILED,
            )
