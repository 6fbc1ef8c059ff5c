"""The rows of the people who asked for job alerts: their preferences (CandidatePrivacy) and their consent.

At scale 1.0, 100,000 of the million candidates (a fixed random sample), so that the job-alert measurement has
what the issue names: 100,000 opted-in people (about 2 % of whom asked not to be contacted, like the rest of
the pool) against the 2,000 open jobs.
"""

# ruff: noqa: UP031 - %-formatting in the hot loops is the fastest
from __future__ import annotations

import json
from collections.abc import Iterator

from vivier.bench.generate.families import _gendered
from vivier.bench.generate.values import Weighted, _uuid_hex, ts

FREQUENCIES = Weighted((("weekly", 55), ("monthly", 40), ("never", 5)))
REMOTE = Weighted((("", 60), ("onsite", 10), ("hybrid", 15), ("remote", 8), ("any", 7)))
CONTRACTS = Weighted(((json.dumps([]), 60), (json.dumps(["cdi"]), 30), (json.dumps(["cdi", "cdd"]), 10)))


class PrivacyRows:
    """Mixed into Dataset (dataset.py), which holds the state these methods read."""

    def alert_people(self) -> list[int]:
        """The candidate ids (sorted) of the people who opted in to job alerts."""
        found = getattr(self, "_alert_people", None)
        if found is None:
            rng = self.rng("alert-people")
            n = self.counts["candidates"]
            found = self._alert_people = sorted(rng.sample(range(1, n + 1), self.counts["alert_people"]))
        return found

    def privacy_rows(self, people: list[int] | None = None) -> Iterator[tuple]:
        """One CandidatePrivacy row per person: half say which jobs they want, most leave the rest empty
        (their profile is used), a few choose contract types, a salary or 'never'."""
        rng = self.rng("privacy")
        for k, cand in enumerate(people or self.alert_people(), 1):
            f = self.fams[self.cand_fam[cand]]
            roll = rng.random()
            if roll < 0.5:
                wanted = _gendered(rng.choice(f.titles[:6]), False)
            elif roll < 0.6:
                wanted = ", ".join(
                    _gendered(t, False) for t in rng.sample(f.titles[:6], min(2, len(f.titles)))
                )
            else:
                wanted = ""
            roll = rng.random()
            if roll < 0.4:
                places = ""
            elif roll < 0.8:
                places = self.city_pick.pick(rng)
            else:
                places = "%s, %s" % (self.city_pick.pick(rng), self.city_pick.pick(rng))
            salary = self.cand_salary[cand] if rng.random() < 0.3 and self.cand_salary[cand] else None
            when = self._when(rng, lo=self.cand_created[cand])
            yield (
                k,
                cand,
                1,
                wanted[:300],
                places[:300],
                REMOTE.pick(rng),
                CONTRACTS.pick(rng),
                salary,
                FREQUENCIES.pick(rng),
                "",
                "",
                None,
                None,
                ts(when),
            )

    def consent_rows(self, people: list[int] | None = None) -> Iterator[tuple]:
        """Their job_alerts consent, given on their own page after they arrived."""
        rng = self.rng("consents")
        for k, cand in enumerate(people or self.alert_people(), 1):
            yield (
                k,
                _uuid_hex(rng),
                cand,
                "job_alerts",
                "given",
                ts(self._when(rng, lo=self.cand_created[cand])),
                "bench",
                "",
                "",
                "fr",
                "web_form",
                "",
                None,
                "",
                "",
                None,
                None,
            )
