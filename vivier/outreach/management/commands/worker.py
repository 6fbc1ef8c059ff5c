from django.core.management.base import BaseCommand

from vivier.outreach.worker import Worker, WorkerConfig


class Command(BaseCommand):
    help = "Deliver the outbox: send each due message once (vivier worker). SIGTERM finishes the current one."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="send everything due, then exit")
        parser.add_argument(
            "--max-messages", type=int, default=None, metavar="N", help="exit after N messages"
        )
        parser.add_argument(
            "--poll",
            type=float,
            default=None,
            help="seconds between looks at an empty outbox (VIVIER_WORKER_POLL, default 1)",
        )
        parser.add_argument(
            "--id",
            dest="worker_id",
            default=None,
            help="this worker's id (VIVIER_WORKER_ID, default the host name); distinct per worker",
        )

    def handle(self, *args, once, max_messages, poll, worker_id, **options):
        worker = Worker(WorkerConfig.from_env(poll=poll, worker_id=worker_id))
        worker.install_signal_handlers()
        processed = worker.run(once=once, max_messages=max_messages)
        if options["verbosity"] > 1:
            self.stderr.write(f"{processed} message(s) processed")
