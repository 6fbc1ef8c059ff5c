"""vivier alerts build [--dry-run] [--limit N]: today's job-alert digests by hand (the worker builds them once a
day); prints the counts."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from vivier.alerts.services import alerts_build

LABELS = (
    ("people", "people with a job-alert consent on record"),
    ("never", "chose never"),
    ("not_due", "had their last digest less than a period ago"),
    ("due", "due"),
    ("nothing_fits", "due, but no open job fits them"),
    ("not_allowed", "may not be written to (consent withdrawn, do not contact, erased)"),
    ("planned", "digests planned"),
    ("items", "jobs listed in them"),
    ("released", "jobs given back from digests that did not go out"),
    ("conflicts", "already planned by another worker"),
    ("template_fallback", "digests written with the default wording (the template does not list the jobs)"),
)


class Command(BaseCommand):
    help = "Job alerts: build today's digests now (the worker does it once a day)."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="plan the digests of the people who are due")
        build.add_argument(
            "--dry-run", action="store_true", help="count what would be planned; write nothing"
        )
        build.add_argument("--limit", type=int, default=None, help="plan at most this many digests")

    def handle(self, *args, action: str, dry_run: bool = False, limit: int | None = None, **options) -> None:
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1")
        result = alerts_build(dry_run=dry_run, limit=limit)
        self.stdout.write(
            f"{'Dry run: nothing written. ' if dry_run else ''}{result.get('open_jobs', 0):,} open jobs; "
            f"{result['seconds']} s."
        )
        for key, label in LABELS:
            if key in result:
                self.stdout.write(f"  {result[key]:>9,}  {label}")
