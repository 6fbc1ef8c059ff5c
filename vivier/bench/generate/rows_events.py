"""The rows of the events: creations, offer outcomes, then candidate updates up to the planned count."""

# ruff: noqa: UP031 - %-formatting in the hot loops is the fastest
from __future__ import annotations

import json
from collections.abc import Iterator

from vivier.bench import vocab
from vivier.bench.generate.plan import YEAR
from vivier.bench.generate.values import _uuid_hex, ts


class EventRows:
    """Mixed into Dataset (dataset.py), which holds the state these methods read and fill."""

    # events -------------------------------------------------------------------------------------------
    def events(self) -> Iterator[tuple]:
        rng = self.rng("events")
        n = self.counts
        i = 0
        user = self._user

        def ev(kind, t, actor, cand, client, job, data):
            nonlocal i
            i += 1
            return (i, _uuid_hex(rng), kind, ts(t), data, actor, cand, client, job)

        for c in range(1, n["clients"] + 1):
            yield ev(
                "client.created",
                self.start + (c / n["clients"]) * YEAR,
                user(rng),
                None,
                c,
                None,
                json.dumps({"name": self.client_name[c]}, ensure_ascii=False),
            )
        for j in range(1, n["jobs"] + 1):
            yield ev(
                "job.created",
                self.job_created[j],
                user(rng),
                None,
                self.job_client[j],
                j,
                json.dumps({"title": self.job_title[j]}, ensure_ascii=False),
            )
        for c in range(1, n["candidates"] + 1):
            yield ev(
                "candidate.created",
                self.cand_created[c],
                user(rng),
                c,
                None,
                None,
                '{"source": "%s"}' % vocab.SOURCES[self.cand_source[c]][0],
            )
        for c, j, t in self.apps:
            yield ev(
                "application.created",
                t,
                user(rng),
                c,
                self.job_client[j],
                j,
                json.dumps({"job": self.job_title[j]}, ensure_ascii=False),
            )
        for oi, (ai, status, created, decided, salary, rdays, contract, _start) in enumerate(self.offers, 1):
            c, j, _t = self.apps[ai]
            title = json.dumps(self.job_title[j], ensure_ascii=False)
            yield ev(
                "offer.created",
                created,
                user(rng),
                c,
                self.job_client[j],
                j,
                '{"salary": %d, "currency": "EUR", "remote_days_per_week": %d, "contract_type": "%s", '
                '"job": %s}' % (salary, rdays, contract, title),
            )
            if status == "accepted":
                yield ev(
                    "offer.accepted",
                    decided,
                    user(rng),
                    c,
                    self.job_client[j],
                    j,
                    '{"salary": %d, "job": %s}' % (salary, title),
                )
            elif status == "declined":
                yield ev(
                    "offer.declined",
                    decided,
                    user(rng),
                    c,
                    self.job_client[j],
                    j,
                    json.dumps(
                        {
                            "reasons": self.decline_codes[self.decline_of_offer[oi] - 1],
                            "primary_reason": self.decline_codes[self.decline_of_offer[oi] - 1][0],
                            "job": self.job_title[j],
                            "client": self.client_name[self.job_client[j]],
                            "offered_salary": salary,
                        },
                        ensure_ascii=False,
                    ),
                )
        fields = (
            ["headline"],
            ["skills"],
            ["phone"],
            ["city"],
            ["salary_expectation"],
            ["summary", "skills"],
            ["remote_preference"],
            ["languages"],
        )
        updates = n["events"] - i
        for _ in range(updates):
            c = rng.randint(1, n["candidates"])
            t = self._when(rng, lo=self.cand_created[c])
            self._touch(c, t)
            yield ev(
                "candidate.updated", t, user(rng), c, None, None, json.dumps({"fields": rng.choice(fields)})
            )
