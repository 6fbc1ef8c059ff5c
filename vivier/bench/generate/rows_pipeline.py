"""The rows of the pipeline: applications, offers, declines and their reasons."""

from __future__ import annotations

from collections.abc import Iterator

from vivier.bench import vocab
from vivier.bench.generate.values import Weighted, _uuid_hex, day, ts


class PipelineRows:
    """Mixed into Dataset (dataset.py), which holds the state these methods read and fill."""

    # applications, offers, declines (computed together, written table by table) -------------------------
    def pipeline(self) -> None:
        rng = self.rng("pipeline")
        n = self.counts
        n_cand, n_jobs = n["candidates"], n["jobs"]
        # 2 % of the jobs (the newest open ones, in practice) stay without candidates.
        empty = set(rng.sample(range(1, n_jobs + 1), n_jobs // 50)) if n_jobs >= 50 else set()
        by_domain = {d: [j for j in js if j not in empty] or js for d, js in self.job_domain.items()}
        all_jobs = [j for j in range(1, n_jobs + 1) if j not in empty] or list(range(1, n_jobs + 1))
        seen: set[tuple[int, int]] = set()
        self.apps: list[tuple] = []
        while len(self.apps) < n["applications"]:
            c = rng.randint(1, n_cand)
            dom = self.fams[self.cand_fam[c]].domain
            pool = by_domain.get(dom) if rng.random() < 0.7 else None
            j = rng.choice(pool or all_jobs)
            if (c, j) in seen:
                continue
            seen.add((c, j))
            t = self._when(rng, lo=max(self.cand_created[c], self.job_created[j]))
            self.apps.append((c, j, t))
        del seen
        self.apps.sort(key=lambda a: a[2])
        # Which applications got an offer, and how each offer ended.
        offered = sorted(rng.sample(range(len(self.apps)), n["offers"]))
        outcomes = ["declined"] * n["declines"] + ["accepted"] * n["accepted"]
        outcomes += ["open"] * (n["offers"] - len(outcomes))
        rng.shuffle(outcomes)
        self.app_status = ["active"] * len(self.apps)
        self.offers: list[
            tuple
        ] = []  # (app index, status, created, decided, salary, remote days, contract, start)
        for k, ai in enumerate(offered):
            c, j, t_app = self.apps[ai]
            status = outcomes[k]
            if status == "open":
                created = self._when(rng, lo=max(t_app, self.anchor - 40 * 86400))
                decided = None
            else:
                created = self._when(rng, lo=t_app, hi=min(self.anchor, t_app + 45 * 86400))
                decided = self._when(rng, lo=created, hi=min(self.anchor, created + 21 * 86400))
            salary = int(self.job_salary[j] * rng.uniform(0.9, 1.1)) // 500 * 500
            self.offers.append(
                (
                    ai,
                    status,
                    created,
                    decided,
                    salary,
                    rng.choice((0, 1, 2, 2, 3, 5)),
                    rng.choice(("cdi", "cdi", "cdi", "cdd", "freelance")),
                    created + rng.randint(20, 90) * 86400,
                )
            )
            self.app_status[ai] = {"open": "offer", "accepted": "hired", "declined": "declined"}[status]
            self._touch(c, decided or created)
        for c, _j, t in self.apps:
            self._touch(c, t)
        # The reasons of each decline (one to three, the first is the main one), needed by the events too.
        codes = list(self.reason_ids)
        weights = {
            "salary": 30,
            "remote_policy": 14,
            "better_aligned_opportunity": 12,
            "counter_offer": 8,
            "location_commute": 8,
            "career_growth": 5,
            "role_scope": 5,
        }
        reason_pick = Weighted((c, weights.get(c, 2)) for c in codes)
        self.decline_codes: list[list[str]] = []
        self.decline_of_offer: dict[int, int] = {}
        for oi, offer in enumerate(self.offers, start=1):
            if offer[1] != "declined":
                continue
            n_reasons = min(rng.choice((1, 1, 2, 2, 3)), len(codes))
            chosen: list[str] = []
            while len(chosen) < n_reasons:
                code = reason_pick.pick(rng)
                if code not in chosen:
                    chosen.append(code)
            self.decline_codes.append(chosen)
            self.decline_of_offer[oi] = len(self.decline_codes)

    def applications(self) -> Iterator[tuple]:
        rng = self.rng("applications")
        for i, (c, j, t) in enumerate(self.apps, start=1):
            yield (i, _uuid_hex(rng), self.app_status[i - 1], ts(t), self._user(rng), c, j)

    def offer_rows(self) -> Iterator[tuple]:
        rng = self.rng("offers")
        for i, (ai, status, created, decided, salary, rdays, contract, start) in enumerate(
            self.offers, start=1
        ):
            yield (
                i,
                _uuid_hex(rng),
                salary,
                "EUR",
                rdays,
                day(start),
                contract,
                "" if rng.random() < 0.8 else "Package négocié avec le client.",
                status,
                ts(created),
                ts(decided) if decided else None,
                ai + 1,
                self._user(rng),
            )

    def declines(self) -> Iterator[tuple]:
        rng = self.rng("declines")
        kinds = Weighted(
            (
                ("declined_by_candidate", 70),
                ("withdrawn", 12),
                ("rejected_by_client", 12),
                ("rejected_by_us", 6),
            )
        )
        remote_names = (None, "onsite", "hybrid", "remote", "any")
        k = 0
        for oi, (ai, status, _created, decided, salary, rdays, contract, start) in enumerate(
            self.offers, start=1
        ):
            if status != "declined":
                continue
            k += 1
            c, j, _t = self.apps[ai]
            chosen = self.decline_codes[k - 1]
            competing = "better_aligned_opportunity" in chosen or rng.random() < 0.2
            recontact = decided + rng.randint(60, 365) * 86400 if rng.random() < 0.5 else None
            english = rng.random() < 0.3
            yield (
                k,
                _uuid_hex(rng),
                kinds.pick(rng),
                rng.choice(vocab.DETAILS_EN if english else vocab.DETAILS_FR),
                rng.choice(vocab.COMPETITORS) if competing else "",
                int(salary * rng.uniform(1.0, 1.2)) // 500 * 500
                if competing and rng.random() < 0.6
                else None,
                rng.choice((0, 2, 3, 5)) if competing and rng.random() < 0.5 else None,
                1 if "counter_offer" in chosen else 0,
                rng.choice(("yes", "yes", "no", "unknown")),
                day(recontact) if recontact else None,
                salary,
                "EUR",
                rdays,
                contract,
                day(start),
                self.cand_salary[c] or None,
                remote_names[self.cand_remote[c]],
                ts(decided),
                c,
                self._user(rng),
                self.reason_ids[chosen[0]],
                oi,
                j,
                self.job_client[j],
            )

    def decline_reason_rows(self) -> Iterator[tuple]:
        i = 0
        for k, codes in enumerate(self.decline_codes, start=1):
            for code in codes:
                i += 1
                yield (i, k, self.reason_ids[code])
