import time

from django.core.management.base import BaseCommand

from vivier.demo.services import DEFAULT_SEED, DEMO_PASSWORD, DEMO_USERS, load


class Command(BaseCommand):
    help = (
        "Fill an empty database with a demo agency (300 candidates, 8 clients, 40 jobs, 120 offers, "
        "18 months of history) and the demo accounts. Does nothing when the demo data is already there."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"the same seed gives the same data (default {DEFAULT_SEED})",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="add the demo data even though the database already holds other data",
        )

    def handle(self, *args, seed: int, force: bool, **options):
        started = time.monotonic()
        result = load(seed=seed, force=force)
        if result.status == "present":
            self.stdout.write("Demo data already loaded: nothing to do.")
            self._logins()
            return
        if result.status == "not_empty":
            self.stdout.write(
                self.style.WARNING(
                    "The database already holds candidates, clients or jobs that are not the demo's: "
                    "demo data not loaded. Run `vivier demo --force` to add it anyway."
                )
            )
            return
        c = result.counts
        took = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded (seed {seed}) in {took:.1f} s: {c['candidates']} candidates, "
                f"{c['clients']} clients, {c['jobs']} jobs, {c['applications']} applications, "
                f"{c['offers']} offers ({c['declines']} declined), {c['exclusions']} client exclusions, "
                f"{c['events']} events; then {c['messages_sent']} messages sent (in the local mailbox: "
                f"{c['mailbox']}) and {c['messages_planned']} planned, {c['consents']} consents, "
                f"{c['survey_answers']} survey answers, a talent pool and this week's follow-ups."
            )
        )
        for username, role, created in result.users:
            if not created:
                self.stdout.write(f"  user {username} ({role}) already existed: its password is unchanged.")
        self._logins()

    def _logins(self):
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD!r}):")
        for username, role, _first, _last in DEMO_USERS:
            self.stdout.write(f"  {username:<11} {role.label}")
