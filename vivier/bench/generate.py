"""The benchmark's synthetic data set: reproducible (same seed and anchor date, same rows) and fast to load.

At scale 1.0: 1,000,000 candidates (French and English profiles built from the ROME taxonomy), 2,000 clients,
20,000 jobs, 600,000 applications, 300,000 offers of which 200,000 declined with one to three reasons (one
primary) and 80,000 accepted, and 3,000,000 events. Everything scales with --scale.

Rows bypass the ORM: they are built as tuples in the column order of the models' _meta, then written with
executemany (SQLite, in large transactions, secondary indexes and the FTS triggers dropped during the load and
rebuilt after) or COPY (PostgreSQL, secondary indexes dropped and rebuilt too).
"""

# ruff: noqa: UP031 - %-formatting in the hot loops is the fastest
from __future__ import annotations

import array
import bisect
import datetime as dt
import hashlib
import json
import random
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from vivier.bench import vocab

YEAR = 365 * 86400
SPAN = 3 * YEAR
CHUNK = 20_000
BASE_COUNTS = {
    "users": 20,
    "candidates": 1_000_000,
    "clients": 2_000,
    "jobs": 20_000,
    "applications": 600_000,
    "offers": 300_000,
    "declines": 200_000,
    "accepted": 80_000,
    "events": 3_000_000,
}
# Tables the generator fills, in load order; the bench never touches the others.
TABLES = (
    "talent_client",
    "talent_job",
    "talent_candidate",
    "talent_application",
    "talent_offer",
    "talent_decline",
    "talent_decline_reasons",
    "talent_event",
)
META_TABLE = "vivier_bench_meta"


def plan(scale: float) -> dict[str, int]:
    """The row counts for a scale; the ratios of scale 1.0, at least one of each."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    n = {k: max(1, round(v * scale)) for k, v in BASE_COUNTS.items()}
    n["users"] = max(2, min(n["users"], 20))
    n["clients"] = max(2, n["clients"])
    n["jobs"] = max(n["clients"], n["jobs"])
    n["offers"] = min(n["offers"], n["applications"])
    n["declines"] = min(n["declines"], n["offers"])
    n["accepted"] = min(n["accepted"], n["offers"] - n["declines"])
    fixed = (
        n["candidates"]
        + n["clients"]
        + n["jobs"]
        + n["applications"]
        + n["offers"]
        + n["declines"]
        + n["accepted"]
    )
    n["events"] = max(n["events"], fixed)
    return n


# --- small helpers --------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _fold(text)).strip("-")


def _uuid_hex(rng: random.Random) -> str:
    # A version-4 UUID as Django stores it on SQLite (32 hex digits); PostgreSQL's uuid type reads it too.
    v = (rng.getrandbits(128) & ~(0xF000 << 64) | (0x4000 << 64)) & ~(0xC000 << 48) | (0x8000 << 48)
    return "%032x" % v


def ts(t: float) -> str:
    """UTC timestamp as Django writes it on SQLite."""
    s = int(t)
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(s)) + ".%06d" % int((t - s) * 1_000_000)


def day(t: float) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(int(t)))


class Weighted:
    """rng-driven choice from (item, weight) pairs, O(log n)."""

    def __init__(self, pairs: Iterable[tuple[object, float]]):
        self.items, self.cum, total = [], [], 0.0
        for item, w in pairs:
            total += w
            self.items.append(item)
            self.cum.append(total)
        self.total = total

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect(self.cum, rng.random() * self.total)]


_ARTICLE = re.compile(r"\b(?:(?:les|des|du|la|le|un|une)\s+|[ld]['’])", re.I)
_STOPWORD = {
    "selon",
    "pour",
    "en",
    "de",
    "des",
    "du",
    "à",
    "aux",
    "au",
    "et",
    "par",
    "avec",
    "dans",
    "sur",
    "ou",
    "afin",
    "qui",
    "que",
    "d'un",
    "d'une",
    "le",
    "la",
    "les",
    "l",
    "sous",
    "entre",
    "dont",
    "est",
}


def _phrases(sentence: str) -> list[str]:
    """Noun phrases after the articles of a ROME activity sentence: 'Conçoit des applications informatiques
    selon…' → ['applications informatiques', …]."""
    out = []
    for m in _ARTICLE.finditer(sentence):
        words = []
        for w in sentence[m.end() :].split():
            w = w.strip('.,;:()"«»')
            if not w or w.lower() in _STOPWORD or "'" in w or "’" in w:
                break
            words.append(w)
            if len(words) == 3:
                break
        if words and len(" ".join(words)) >= 4:
            out.append(" ".join(words))
    return out


@dataclass
class Family:
    code: str
    domain: str
    titles: list[str]
    definitions: list[str]
    skills: list[str]


def _families() -> list[Family]:
    from vivier.matching.rome import rome

    r = rome()
    by_code: dict[str, list[str]] = {}
    for title, code, main in r.titles:
        by_code.setdefault(code, []).insert(0, title) if main else by_code.setdefault(code, []).append(title)
    fams = []
    for code in sorted(r.fiches):
        defs = r.definitions.get(code) or [r.fiches[code]]
        seen, skills = set(), []
        for s in defs[1:] or defs:
            for p in _phrases(s):
                if p.lower() not in seen:
                    seen.add(p.lower())
                    skills.append(p)
        fams.append(Family(code, code[0], by_code.get(code) or [r.fiches[code]], defs, skills[:12]))
    return fams


def _gendered(title: str, female: bool) -> str:
    """'Développeur / Développeuse web' → one of the two forms; 'Attaché(e) commercial(e)' → as written."""
    if " / " not in title:
        return title
    left, right = title.split(" / ", 1)
    # The shared tail ("web", "informatique") follows the second form.
    right_words = right.split()
    left_words = left.split()
    if len(left_words) >= 1 and len(right_words) > len(left_words):
        tail = right_words[len(left_words) :]
        masc = " ".join(left_words + tail)
        fem = right
    else:
        masc, fem = left, right
    return fem if female else masc


# --- the data set ---------------------------------------------------------------------------------------


@dataclass
class Dataset:
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
        statuses = Weighted((("open", 25), ("on_hold", 5), ("filled", 55), ("cancelled", 15)))
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

    def _touch(self, cand: int, t: float) -> None:
        if t > self.cand_updated[cand]:
            self.cand_updated[cand] = t

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
            )

    def decline_reason_rows(self) -> Iterator[tuple]:
        i = 0
        for k, codes in enumerate(self.decline_codes, start=1):
            for code in codes:
                i += 1
                yield (i, k, self.reason_ids[code])

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


# --- writing ---------------------------------------------------------------------------------------------


def model_columns() -> dict[str, list[str]]:
    """Each table's columns in the order the generator builds rows, checked against the models' _meta."""
    from vivier.talent.models import Application, Candidate, Client, Decline, Event, Job, Offer

    cols = {
        "talent_client": ["id", "public_id", "name", "sector", "city", "notes", "created_at"],
        "talent_job": [
            "id",
            "public_id",
            "title",
            "rome_code",
            "description",
            "city",
            "country",
            "remote_policy",
            "remote_days_per_week",
            "contract_type",
            "salary_min",
            "salary_max",
            "currency",
            "skills",
            "status",
            "created_at",
            "updated_at",
            "client_id",
            "owner_id",
        ],
        "talent_candidate": [
            "id",
            "public_id",
            "first_name",
            "last_name",
            "email",
            "phone",
            "city",
            "country",
            "headline",
            "summary",
            "skills",
            "languages",
            "linkedin_url",
            "salary_expectation",
            "currency",
            "remote_preference",
            "language",
            "source",
            "do_not_contact",
            "created_at",
            "updated_at",
            "created_by_id",
        ],
        "talent_application": [
            "id",
            "public_id",
            "status",
            "created_at",
            "created_by_id",
            "candidate_id",
            "job_id",
        ],
        "talent_offer": [
            "id",
            "public_id",
            "salary",
            "currency",
            "remote_days_per_week",
            "start_date",
            "contract_type",
            "notes",
            "status",
            "created_at",
            "decided_at",
            "application_id",
            "created_by_id",
        ],
        "talent_decline": [
            "id",
            "public_id",
            "kind",
            "detail",
            "competing_employer",
            "competing_salary",
            "competing_remote_days",
            "counter_offer",
            "open_to_future",
            "recontact_after",
            "offered_salary",
            "offered_currency",
            "offered_remote_days",
            "offered_contract_type",
            "offered_start_date",
            "expected_salary",
            "expected_remote",
            "created_at",
            "candidate_id",
            "recorded_by_id",
            "primary_reason_id",
            "offer_id",
        ],
        "talent_event": [
            "id",
            "public_id",
            "kind",
            "created_at",
            "data",
            "actor_id",
            "candidate_id",
            "client_id",
            "job_id",
        ],
        "talent_decline_reasons": ["id", "decline_id", "declinereason_id"],
    }
    models = {
        "talent_client": Client,
        "talent_job": Job,
        "talent_candidate": Candidate,
        "talent_application": Application,
        "talent_offer": Offer,
        "talent_decline": Decline,
        "talent_event": Event,
    }
    for table, model in models.items():
        assert model._meta.db_table == table
        expected = {f.column for f in model._meta.concrete_fields}
        unknown = set(cols[table]) - expected
        if unknown:
            raise RuntimeError(
                f"{table}: no column {sorted(unknown)} any more; update vivier/bench/generate.py"
            )
    through = Decline.reasons.through._meta
    assert through.db_table == "talent_decline_reasons"
    assert {f.column for f in through.concrete_fields} == set(cols["talent_decline_reasons"])
    return cols


def default_columns(connection, cols: dict[str, list[str]]) -> dict[str, tuple[list[str], tuple]]:
    """Columns added to the models after the generator was written: filled with the field's default (or NULL),
    so that a new field does not break the benchmark; a new required field without a default does."""
    from django.apps import apps

    out: dict[str, tuple[list[str], tuple]] = {}
    for model in apps.get_app_config("talent").get_models():
        table = model._meta.db_table
        if table not in cols:
            continue
        names, values = [], []
        for f in model._meta.concrete_fields:
            if f.column in cols[table]:
                continue
            if f.has_default() and f.get_internal_type() == "JSONField":
                value = json.dumps(f.get_default())
            elif f.has_default():
                value = f.get_db_prep_save(f.get_default(), connection)
            elif f.null:
                value = None
            else:
                raise RuntimeError(
                    f"{table}.{f.column} is required and has no default: teach "
                    "vivier/bench/generate.py to fill it"
                )
            names.append(f.column)
            values.append(value)
        if names:
            out[table] = (names, tuple(values))
    return out


def datetime_columns() -> dict[str, set[str]]:
    from django.apps import apps
    from django.db import models

    out: dict[str, set[str]] = {}
    for model in apps.get_app_config("talent").get_models():
        out[model._meta.db_table] = {
            f.column for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)
        }
    return out


class Writer:
    log: Callable[[str], None]

    def __init__(self, connection, log=print, fts_mode: str = "rebuild"):
        self.connection = connection
        self.log = log
        self.fts_mode = fts_mode
        self.in_atomic = connection.in_atomic_block
        connection.ensure_connection()
        self.raw = connection.connection
        self.dropped_indexes: list[str] = []

    def _chunks(self, rows: Iterable[tuple], digest) -> Iterator[list[tuple]]:
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= CHUNK:
                digest.update(repr(batch).encode())
                yield batch
                batch = []
        if batch:
            digest.update(repr(batch).encode())
            yield batch


class SqliteWriter(Writer):
    def begin(self) -> None:
        cur = self.raw.cursor()
        if not self.in_atomic:
            cur.execute("PRAGMA journal_mode=MEMORY")
            cur.execute("PRAGMA synchronous=OFF")
            cur.execute("PRAGMA cache_size=-1048576")  # 1 GiB
            cur.execute("PRAGMA temp_store=MEMORY")
            cur.execute("PRAGMA foreign_keys=OFF")
            cur.execute("BEGIN")
        # Secondary indexes (not those of UNIQUE columns, which SQLite cannot drop): rebuilt after the load.
        placeholders = ",".join("?" * len(TABLES))
        for name, sql in cur.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "  # noqa: S608
            f"AND tbl_name IN ({placeholders})",
            TABLES,
        ).fetchall():
            self.dropped_indexes.append(sql)
            cur.execute(f'DROP INDEX "{name}"')
        if self.fts_mode == "rebuild":
            from vivier.talent.search import SQLITE_TEARDOWN

            for sql in SQLITE_TEARDOWN:
                cur.execute(sql)

    def write(self, table: str, columns: list[str], rows: Iterable[tuple], digest, dt_cols) -> int:
        cur = self.raw.cursor()
        sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'  # noqa: S608
        n = 0
        for batch in self._chunks(rows, digest):
            cur.executemany(sql, batch)
            n += len(batch)
        return n

    def finish(self) -> dict[str, float]:
        cur = self.raw.cursor()
        timings = {}
        t0 = time.monotonic()
        for sql in self.dropped_indexes:
            cur.execute(sql)
        timings["indexes_s"] = round(time.monotonic() - t0, 1)
        self.log(f"  secondary indexes rebuilt in {timings['indexes_s']} s")
        if self.fts_mode == "rebuild":
            from vivier.talent.search import SQLITE_SETUP

            t0 = time.monotonic()
            for sql in SQLITE_SETUP:  # the table, the triggers, then 'rebuild'
                cur.execute(sql)
            timings["fts_rebuild_s"] = round(time.monotonic() - t0, 1)
            self.log(f"  full-text index rebuilt in {timings['fts_rebuild_s']} s")
        if not self.in_atomic:
            t0 = time.monotonic()
            cur.execute("COMMIT")
            cur.execute("ANALYZE")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            timings["analyze_s"] = round(time.monotonic() - t0, 1)
        return timings


class PostgresWriter(Writer):
    def begin(self) -> None:
        cur = self.raw.cursor()
        if not self.in_atomic:
            self.raw.autocommit = False
        cur.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
            "AND i.tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conname = i.indexname)",
            (list(TABLES),),
        )
        for name, sql in cur.fetchall():
            self.dropped_indexes.append(sql)
            cur.execute(f'DROP INDEX "{name}"')

    def write(self, table, columns, rows, digest, dt_cols) -> int:
        cur = self.raw.cursor()
        positions = [k for k, c in enumerate(columns) if c in dt_cols]
        n = 0
        with cur.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
            for batch in self._chunks(rows, digest):
                for row in batch:
                    if positions:
                        row = list(row)
                        for k in positions:
                            if row[k] is not None:
                                row[k] += "+00"
                    copy.write_row(row)
                n += len(batch)
        return n

    def finish(self) -> dict[str, float]:
        cur = self.raw.cursor()
        t0 = time.monotonic()
        for sql in self.dropped_indexes:
            cur.execute(sql)
        for table in TABLES:
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f'COALESCE((SELECT max(id) FROM "{table}"), 1))'
            )
        timings = {"indexes_s": round(time.monotonic() - t0, 1)}
        self.log(f"  indexes (full-text included) rebuilt in {timings['indexes_s']} s")
        if not self.in_atomic:
            self.raw.commit()
            self.raw.autocommit = True
            cur.execute("ANALYZE")
        return timings


def bench_users(n: int) -> list[int]:
    """A few recruiters who own the jobs and write the events (created once, reused)."""
    from vivier.accounts.models import User

    ids = []
    for k in range(1, n + 1):
        user, _ = User.objects.get_or_create(
            username=f"bench-recruiter-{k}",
            defaults={
                "role": "recruiter",
                "first_name": "Recruteur",
                "last_name": f"Bench {k}",
                "email": f"bench-recruiter-{k}@agence.example",
                "password": "!",
            },
        )
        ids.append(user.pk)
    return ids


def table_counts(connection) -> dict[str, int]:
    with connection.cursor() as cur:
        out = {}
        for table in TABLES:
            cur.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608
            out[table] = cur.fetchone()[0]
        return out


def anchor_of(date: dt.date) -> float:
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC).timestamp()


def generate(
    connection,
    *,
    scale: float,
    seed: int = 42,
    anchor: dt.date | None = None,
    log=print,
    fts_mode: str = "rebuild",
) -> dict:
    """Fill the (empty) talent tables of `connection`; returns counts, timings and the data digest."""
    from vivier.talent.models import DeclineReason

    if connection.vendor not in ("sqlite", "postgresql"):
        raise RuntimeError(f"the generator writes SQLite or PostgreSQL, not {connection.vendor}")
    existing = table_counts(connection)
    if any(existing.values()):
        raise RuntimeError(f"the talent tables are not empty ({existing}); use a fresh bench database")
    anchor = anchor or dt.datetime.now(dt.UTC).date()
    t_start = time.monotonic()
    cols = model_columns()
    dts = datetime_columns()
    dts["talent_decline_reasons"] = set()
    reasons = {r.code: r.pk for r in DeclineReason.objects.filter(active=True).order_by("position", "code")}
    if not reasons:
        raise RuntimeError("no decline reasons: run the migrations first")
    users = bench_users(plan(scale)["users"])
    data = Dataset(scale=scale, seed=seed, anchor=anchor_of(anchor), user_ids=users, reason_ids=reasons)
    log(
        f"Generating scale {scale} (seed {seed}, anchor {anchor}) into {connection.vendor}: "
        + ", ".join(f"{v:,} {k}" for k, v in data.counts.items())
    )
    writer = (SqliteWriter if connection.vendor == "sqlite" else PostgresWriter)(connection, log, fts_mode)
    digest = hashlib.sha256()
    timings: dict[str, float] = {}
    writer.begin()

    extra = default_columns(connection, cols)
    if extra:
        log(
            "  filled with their defaults: "
            + ", ".join(f"{t}.{c}" for t, (cs, _v) in extra.items() for c in cs)
        )

    def step(table: str, rows: Iterable[tuple]):
        t0 = time.monotonic()
        columns = cols[table]
        if table in extra:
            names, values = extra[table]
            columns = columns + names
            rows = (row + values for row in rows)
        n = writer.write(table, columns, rows, digest, dts[table])
        timings[f"{table}_s"] = round(time.monotonic() - t0, 1)
        log(f"  {table:24} {n:>10,} rows in {timings[f'{table}_s']:6.1f} s")

    step("talent_client", data.clients())
    step("talent_job", data.jobs())
    t0 = time.monotonic()
    data.candidate_core()
    data.pipeline()
    timings["plan_s"] = round(time.monotonic() - t0, 1)
    log(f"  (candidates' core attributes and the pipeline planned in {timings['plan_s']} s)")
    # Events before candidates: the 'candidate.updated' events move the candidates' updated_at.
    step("talent_event", data.events())
    step("talent_candidate", data.candidates())
    step("talent_application", data.applications())
    step("talent_offer", data.offer_rows())
    step("talent_decline", data.declines())
    step("talent_decline_reasons", data.decline_reason_rows())
    timings.update(writer.finish())
    timings["total_s"] = round(time.monotonic() - t_start, 1)
    counts = table_counts(connection)
    result = {
        "scale": scale,
        "seed": seed,
        "anchor": anchor.isoformat(),
        "planned": data.counts,
        "counts": counts,
        "digest": digest.hexdigest(),
        "timings": timings,
        "fts_mode": fts_mode,
        "vendor": connection.vendor,
    }
    log(f"Loaded in {timings['total_s']} s (digest {result['digest'][:16]}…)")
    return result


def write_meta(connection, meta: dict) -> None:
    with connection.cursor() as cur:
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key varchar(50) PRIMARY KEY, value text NOT NULL)"
        )
        cur.execute(f"DELETE FROM {META_TABLE} WHERE key = 'dataset'")  # noqa: S608
        cur.execute(f"INSERT INTO {META_TABLE} (key, value) VALUES ('dataset', %s)", [json.dumps(meta)])  # noqa: S608


def read_meta(connection) -> dict | None:
    try:
        with connection.cursor() as cur:
            if META_TABLE not in connection.introspection.table_names(cur):
                return None
            cur.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'dataset'")  # noqa: S608
            row = cur.fetchone()
            return json.loads(row[0]) if row else None
    except Exception:  # noqa: BLE001 - no database yet
        return None
