"""The data set: its shared state and random streams; the rows come from the mixins by table."""

from __future__ import annotations

import array
import random
from dataclasses import dataclass, field

from vivier.bench import vocab
from vivier.bench.generate.families import _families
from vivier.bench.generate.plan import SPAN, plan
from vivier.bench.generate.rows_events import EventRows
from vivier.bench.generate.rows_people import PeopleRows
from vivier.bench.generate.rows_pipeline import PipelineRows
from vivier.bench.generate.rows_privacy import PrivacyRows
from vivier.bench.generate.values import Weighted


@dataclass
class Dataset(PeopleRows, PipelineRows, EventRows, PrivacyRows):
    """Builds the rows, table by table; keeps in compact arrays only what later tables need."""

    scale: float
    seed: int
    anchor: float  # epoch seconds of the 'now' of the data set (UTC midnight of a date)
    user_ids: list[int]
    reason_ids: dict[str, int]
    counts: dict[str, int] = field(init=False)

    def __post_init__(self):
        self.counts = plan(self.scale)
        self.start = self.anchor - SPAN
        self.fams = _families()
        self.fam_pick = Weighted(
            (i, vocab.DOMAINS[f.domain][0] / sum(1 for g in self.fams if g.domain == f.domain))
            for i, f in enumerate(self.fams)
        )
        self.city_pick = Weighted(vocab.CITIES)
        self.source_pick = Weighted(vocab.SOURCES)
        self.users = [None] + list(self.user_ids) if self.user_ids else [None]
        self.client_name: list[str] = [""]
        self.job_title: list[str] = [""]
        self.job_client = array.array("l", [0])
        self.job_created = array.array("d", [0.0])
        self.job_salary = array.array("l", [0])
        self.job_domain: dict[str, list[int]] = {}
        self.cand_created = array.array("d", [0.0])
        self.cand_updated = array.array("d", [0.0])
        self.cand_fam = array.array("H", [0])
        self.cand_salary = array.array("l", [0])
        self.cand_remote = bytearray(b"\0")
        self.cand_source = bytearray(b"\0")

    def rng(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}:{name}")

    def _when(self, rng: random.Random, lo: float | None = None, hi: float | None = None) -> float:
        lo = self.start if lo is None else lo
        hi = self.anchor if hi is None else hi
        return lo + rng.random() * max(0.0, hi - lo)

    def _user(self, rng):
        return self.users[rng.randrange(len(self.users))]

    def _touch(self, cand: int, t: float) -> None:
        if t > self.cand_updated[cand]:
            self.cand_updated[cand] = t
