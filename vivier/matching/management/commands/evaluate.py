"""`vivier evaluate`: rediscovery (rjdb) and title normalisation (MELO) quality, Vivier against plain BM25."""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from vivier.matching import evaluation as ev

SHARED = Path(settings.PROJECT_DIR).parent / "shared" / "data"


class Command(BaseCommand):
    help = "Measure rediscovery and title normalisation on the public evaluation sets (never shipped)."

    def add_arguments(self, parser):
        parser.add_argument("--rjdb", default=str(SHARED / "rjdb" / "dev.jsonl"), help="rjdb JSONL file")
        parser.add_argument("--melo", default=str(SHARED / "melo_fr" / "fra_q_fr_c_fr"), help="MELO folder")
        parser.add_argument("--only", choices=("rjdb", "melo"), default="", help="run one benchmark")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")

    def handle(self, *args, **opts):
        report: dict[str, dict] = {}
        try:
            if opts["only"] in ("", "rjdb"):
                started = time.monotonic()
                rows = ev.load_rjdb(Path(opts["rjdb"]))
                report["rediscovery (rjdb)"] = self._run(ev.evaluate_rjdb(rows), started, len(rows), "jobs")
            if opts["only"] in ("", "melo"):
                started = time.monotonic()
                queries, corpus, qrels = ev.load_melo(Path(opts["melo"]))
                report["title normalisation (MELO fr)"] = self._run(
                    ev.evaluate_melo(queries, corpus, qrels), started, len(queries), "titles"
                )
        except ev.DataMissing as exc:
            raise CommandError(str(exc)) from exc
        if opts["json"]:
            self.stdout.write(json.dumps(report, indent=2))
            return
        for name, block in report.items():
            self.stdout.write(f"\n{name}: {block['size']} {block['unit']}, {block['seconds']} s")
            metrics = list(next(iter(block["results"].values())))
            self.stdout.write(f"  {'method':<16}" + "".join(f"{m:>20}" for m in metrics))
            for method, values in block["results"].items():
                self.stdout.write(f"  {method:<16}" + "".join(f"{values[m]:>20.3f}" for m in metrics))

    @staticmethod
    def _run(results: list[ev.Result], started: float, size: int, unit: str) -> dict:
        return {
            "size": size,
            "unit": unit,
            "seconds": round(time.monotonic() - started, 1),
            "results": {r.name: {k: round(v, 4) for k, v in r.metrics.items()} for r in results},
        }
