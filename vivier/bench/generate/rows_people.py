"""The rows of the clients, the jobs and the candidates."""

# ruff: noqa: UP031 - %-formatting in the hot loops is the fastest
from __future__ import annotations

import json
from collections.abc import Iterator

from vivier.bench import vocab
from vivier.bench.generate.families import _gendered
from vivier.bench.generate.plan import YEAR
from vivier.bench.generate.values import Weighted, _slug, _uuid_hex, ts


class PeopleRows:
    """Mixed into Dataset (dataset.py), which holds the state these methods read and fill."""

    # clients ------------------------------------------------------------------------------------------
    def clients(self) -> Iterator[tuple]:
        rng = self.rng("clients")
        used = set()
        sectors = [
            "Informatique",
            "Industrie",
            "Santé",
            "Commerce",
            "Banque",
            "Assurance",
            "BTP",
            "Transport",
            "Hôtellerie",
            "Conseil",
            "Énergie",
            "Agroalimentaire",
            "Services",
            "Public",
        ]
        for i in range(1, self.counts["clients"] + 1):
            name = (
                f"{rng.choice(vocab.COMPANY_A)} {rng.choice(vocab.COMPANY_B)} {rng.choice(vocab.COMPANY_C)}"
            )
            while name.lower() in used:
                name = f"{name} {rng.randrange(2, 99)}"
            used.add(name.lower())
            self.client_name.append(name)
            yield (
                i,
                _uuid_hex(rng),
                name,
                rng.choice(sectors),
                self.city_pick.pick(rng),
                "" if rng.random() < 0.7 else "Client historique, process en trois entretiens.",
                ts(self._when(rng, hi=self.start + YEAR)),
            )

    # jobs ---------------------------------------------------------------------------------------------
    def jobs(self) -> Iterator[tuple]:
        rng = self.rng("jobs")
        n_clients = self.counts["clients"]
        # 10 % open: 2,000 open jobs at scale 1.0, what the job-alert measurement runs against.
        statuses = Weighted((("open", 10), ("on_hold", 5), ("filled", 65), ("cancelled", 20)))
        contracts = Weighted(
            (
                ("cdi", 70),
                ("cdd", 12),
                ("freelance", 8),
                ("internship", 4),
                ("apprenticeship", 3),
                ("temporary", 3),
            )
        )
        for i in range(1, self.counts["jobs"] + 1):
            f = self.fams[self.fam_pick.pick(rng)]
            client = (
                1 + min(int(rng.paretovariate(1.2)) - 1, n_clients - 1)
                if rng.random() < 0.5
                else rng.randint(1, n_clients)
            )
            title = _gendered(rng.choice(f.titles[:4]), False)
            base = vocab.DOMAINS[f.domain][1]
            smin = int(base * rng.uniform(0.85, 1.4)) // 1000 * 1000
            smax = smin + rng.choice((3000, 5000, 8000, 10000, 15000))
            remote = rng.choice(("onsite", "onsite", "hybrid", "hybrid", "remote"))
            days = {"onsite": 0, "hybrid": rng.randint(1, 3), "remote": 5}[remote]
            created = self._when(rng)
            self.job_title.append(title)
            self.job_client.append(client)
            self.job_created.append(created)
            self.job_salary.append((smin + smax) // 2)
            self.job_domain.setdefault(f.domain, []).append(i)
            skills = rng.sample(f.skills, min(len(f.skills), 4)) + rng.sample(
                vocab.FR_TOOLS[f.domain], min(2, len(vocab.FR_TOOLS[f.domain]))
            )
            yield (
                i,
                _uuid_hex(rng),
                title,
                f.code,
                ". ".join(d.rstrip(".") for d in f.definitions) + ".",
                self.city_pick.pick(rng),
                "FR",
                remote,
                days,
                contracts.pick(rng),
                smin,
                smax,
                "EUR",
                json.dumps(skills, ensure_ascii=False),
                statuses.pick(rng),
                ts(created),
                ts(min(self.anchor, created + rng.uniform(0, 90) * 86400)),
                ts(created),  # opened_at: open since it was created
                client,
                self._user(rng),
            )

    # candidates, core attributes (first pass: what the other tables need) --------------------------------
    def candidate_core(self) -> None:
        rng = self.rng("candidate-core")
        remote = Weighted(((1, 25), (2, 40), (3, 15), (4, 20)))  # onsite, hybrid, remote, any
        for _ in range(self.counts["candidates"]):
            fi = self.fam_pick.pick(rng)
            created = self._when(rng)
            self.cand_created.append(created)
            self.cand_updated.append(created)
            self.cand_fam.append(fi)
            base = vocab.DOMAINS[self.fams[fi].domain][1]
            self.cand_salary.append(
                0 if rng.random() < 0.15 else int(base * rng.lognormvariate(0.1, 0.3)) // 500 * 500
            )
            self.cand_remote.append(remote.pick(rng))
            self.cand_source.append(self.source_pick.items.index(self.source_pick.pick(rng)))

    # candidates, rows (second pass, after every touch is known) ------------------------------------------
    def candidates(self) -> Iterator[tuple]:
        rng = self.rng("candidates")
        remote_names = (None, "onsite", "hybrid", "remote", "any")
        for i in range(1, self.counts["candidates"] + 1):
            f = self.fams[self.cand_fam[i]]
            english = rng.random() < 0.3
            female = rng.random() < 0.5
            if english:
                first = rng.choice(vocab.EN_FIRST_F if female else vocab.EN_FIRST_M)
                last = rng.choice(vocab.EN_LAST)
                title = rng.choice(vocab.EN_TITLES[f.domain])
                headline = rng.choice(vocab.SENIORITY_EN) + title
                skills = rng.sample(
                    vocab.EN_SKILLS[f.domain], min(len(vocab.EN_SKILLS[f.domain]), rng.randint(3, 6))
                )
                years = rng.randint(1, 20)
                summary = (
                    f"{title} with {years} years of experience in {skills[0]}"
                    f"{' and ' + skills[1] if len(skills) > 1 else ''}. Open to new opportunities."
                )
                langs = rng.choice(vocab.LANGS_EN)
            else:
                first = rng.choice(vocab.FR_FIRST_F if female else vocab.FR_FIRST_M)
                last = rng.choice(vocab.FR_LAST)
                title = _gendered(rng.choice(f.titles[:6]), female)
                headline = (rng.choice(vocab.SENIORITY_FR) + title)[:200]
                own = rng.sample(f.skills, min(len(f.skills), rng.randint(2, 5)))
                tools = rng.sample(
                    vocab.FR_TOOLS[f.domain], min(len(vocab.FR_TOOLS[f.domain]), rng.randint(1, 3))
                )
                skills = own + tools
                years = rng.randint(1, 20)
                summary = (
                    f"{years} ans d'expérience. "
                    + ". ".join(d.rstrip(".") for d in rng.sample(f.definitions, min(2, len(f.definitions))))
                    + "."
                )
                langs = rng.choice(vocab.LANGS_FR)
            city = self.city_pick.pick(rng)
            domain = rng.choice(("gmail.com", "outlook.fr", "yahoo.fr", "proton.me", "orange.fr", "free.fr"))
            email = f"{_slug(first)}.{_slug(last)}.{i}@{domain}"
            phone = (
                "" if rng.random() < 0.2 else "+33%d%08d" % (rng.choice((6, 7)), rng.randrange(100_000_000))
            )
            linkedin = (
                ""
                if rng.random() < 0.55
                else f"https://www.linkedin.com/in/{_slug(first)}-{_slug(last)}-{i:x}"
            )
            sal = self.cand_salary[i]
            yield (
                i,
                _uuid_hex(rng),
                first,
                last,
                email,
                phone,
                city,
                vocab.FOREIGN_COUNTRY.get(city, "FR"),
                headline,
                summary[:10000],
                json.dumps(skills, ensure_ascii=False),
                json.dumps(langs, ensure_ascii=False),
                linkedin,
                sal or None,
                "EUR",
                remote_names[self.cand_remote[i]],
                "en" if english else "fr",
                vocab.SOURCES[self.cand_source[i]][0],
                1 if rng.random() < 0.02 else 0,
                ts(self.cand_created[i]),
                ts(self.cand_updated[i]),
                self._user(rng),
            )
