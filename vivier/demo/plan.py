"""The demo data as plain values, drawn from one seed: the same seed gives the same agency, whatever the day.

Times are ages in days before "now" (a float: 12.5 is twelve and a half days ago), so the plan does not depend
on the day it is drawn; `write.py` turns them into dates. Every chain of events is at least a day apart
(client → job → application → offer → answer), so the timeline reads in order.
"""

from __future__ import annotations

import hashlib
import json
import random
import unicodedata
from dataclasses import dataclass, field

from vivier.demo import current
from vivier.demo import vocabulary as V
from vivier.matching.rome import rome
from vivier.talent import normalise

N_CANDIDATES = 300
JOBS_PER_CLIENT = 5
N_OFFERS = 120
N_DECLINED = 60
N_ACCEPTED = 20
HORIZON_DAYS = 540  # about eighteen months of history
# How the 40 jobs stand today: one accepted offer per filled job.
JOB_STATUSES = {"filled": N_ACCEPTED, "open": 15, "on_hold": 3, "cancelled": 2}
EN_SHARE = 0.07

DOMAINS = {
    "dev": ("développement logiciel", "software development"),
    "data": ("data", "data"),
    "ops": ("infrastructure et cloud", "infrastructure and cloud"),
    "project": ("gestion de projet et produit", "project and product management"),
    "finance": ("finance et comptabilité", "finance and accounting"),
    "sales": ("vente B2B", "B2B sales"),
    "marketing": ("marketing et communication", "marketing and communications"),
    "hr": ("ressources humaines", "human resources"),
    "engineering": ("ingénierie industrielle", "industrial engineering"),
}
# French typography: a no-break space before ":" and a narrow one before ";".
NBSP, NNBSP = "\u00a0", "\u202f"
REMOTE_FR = {
    "onsite": "sur site",
    "hybrid": "en hybride",
    "remote": "en full remote",
    "any": "sans préférence de télétravail",
}


@dataclass
class CandidatePlan:
    first_name: str
    last_name: str
    email: str
    phone: str
    linkedin_url: str
    city: str
    headline: str
    summary: str
    skills: list[str]
    languages: list[str]
    salary_expectation: int
    remote_preference: str
    language: str
    source: str
    family: str
    age: float = 0.0  # set once its applications are known
    last_activity: float = 0.0


@dataclass
class JobPlan:
    client: int
    family: str
    rome_code: str
    title: str
    description: str
    city: str
    remote_policy: str
    remote_days_per_week: int
    contract_type: str
    salary_min: int
    salary_max: int
    skills: list[str]
    status: str
    age: float
    status_age: float | None  # when it left "open"; None for open jobs

    @property
    def window_end(self) -> float:
        """The last moment (age) the job took offers: its closing, or today."""
        return self.status_age if self.status_age is not None else 1.0


@dataclass
class DeclinePlan:
    kind: str
    primary: str
    reasons: list[str]
    detail: str
    competing_employer: str = ""
    competing_salary: int | None = None
    competing_remote_days: int | None = None
    counter_offer: bool = False
    open_to_future: str = "unknown"
    recontact_age: float | None = None  # negative: a date to come


@dataclass
class OfferPlan:
    job: int
    outcome: str  # open, accepted, declined
    age: float
    decided_age: float | None = None
    candidate: int = -1
    application_age: float = 0.0
    salary: int = 0
    remote_days_per_week: int = 0
    start_in_days: int = 45
    decline: DeclinePlan | None = None


@dataclass
class ApplicationPlan:
    candidate: int
    job: int
    age: float


@dataclass
class ExclusionPlan:
    candidate: int
    client: int
    reason: str
    age: float
    expires_in_days: int  # after its creation
    lifted_age: float | None = None


@dataclass
class Plan:
    seed: int
    clients: list[tuple[V.ClientSpec, float]] = field(default_factory=list)
    candidates: list[CandidatePlan] = field(default_factory=list)
    jobs: list[JobPlan] = field(default_factory=list)
    offers: list[OfferPlan] = field(default_factory=list)
    applications: list[ApplicationPlan] = field(default_factory=list)  # in process, no offer yet
    exclusions: list[ExclusionPlan] = field(default_factory=list)

    def digest(self) -> str:
        """A fingerprint of what the seed decided (people, jobs, offers, reasons), not of the dates."""
        data = {
            "candidates": [
                (c.first_name, c.last_name, c.email, c.phone, c.linkedin_url, c.city, c.skills)
                for c in self.candidates
            ],
            "jobs": [
                (j.client, j.title, j.rome_code, j.salary_min, j.salary_max, j.status) for j in self.jobs
            ],
            "offers": [
                (
                    o.job,
                    o.candidate,
                    o.outcome,
                    o.salary,
                    (o.decline.kind, o.decline.primary, o.decline.reasons) if o.decline else None,
                )
                for o in self.offers
            ],
        }
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


def _weighted(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(ch if ch.isalnum() else "-" for ch in folded).strip("-").replace("--", "-")


def _quota(pairs, total: int) -> list[str]:
    """Exactly `total` items, shared by largest remainder: the demo shows the prior, not a draw of it."""
    weight_sum = sum(w for _, w in pairs)
    exact = [(value, w * total / weight_sum) for value, w in pairs]
    counts = {value: int(x) for value, x in exact}
    rest = sorted(exact, key=lambda vx: vx[1] - int(vx[1]), reverse=True)
    for value, _ in rest[: total - sum(counts.values())]:
        counts[value] += 1
    return [value for value, _ in pairs for _ in range(counts[value])]


# --- Candidates -------------------------------------------------------------------------------------------


def _phone(rng: random.Random, taken: set[str]) -> str:
    while True:
        if rng.random() < 0.65:
            digits = "06" + "".join(str(rng.randint(0, 9)) for _ in range(8))
        else:
            digits = "07" + str(rng.randint(3, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(7))
        written = " ".join(digits[i : i + 2] for i in range(0, 10, 2))
        try:
            e164, verified = normalise.phone_checked(written)
        except Exception:  # noqa: BLE001, S112 - a number outside the allocated ranges: draw again
            continue
        if not verified or not e164.startswith("+33"):  # unallocated, or an overseas range: draw again
            continue
        if e164 not in taken:
            taken.add(e164)
            return e164


def _email(rng: random.Random, first: str, last: str, taken: set[str]) -> str:
    f, la = _ascii(first), _ascii(last).replace("-", "")
    local = rng.choice(
        (f"{f}.{la}", f"{f}.{la}", f"{f[0]}.{la}", f"{f}{la}", f"{la}.{f}", f"{f}.{la}{rng.randint(1, 99)}")
    )
    domain = rng.choice(V.EMAIL_DOMAINS)
    email, n = f"{local}@{domain}", 1
    while email in taken:
        n += 1
        email = f"{local}{n}@{domain}"
    taken.add(email)
    return email


def _candidate(rng: random.Random, taken: dict[str, set[str]]) -> CandidatePlan:
    family = V.FAMILY_BY_KEY[_weighted(rng, [(f.key, f.weight) for f in V.FAMILIES])]
    english = rng.random() < EN_SHARE
    feminine = rng.random() < 0.5
    if english:
        first = rng.choice(V.EN_FIRST_NAMES_F if feminine else V.EN_FIRST_NAMES_M)
        last = rng.choice(V.EN_LAST_NAMES)
        city = rng.choice(("Paris", "Paris", "Lyon", "Bordeaux", "Nice"))
    else:
        roll = rng.random()
        pool = V.FIRST_NAMES_EPICENE if roll < 0.06 else V.FIRST_NAMES_F if feminine else V.FIRST_NAMES_M
        first = rng.choice(pool)
        last = rng.choice(V.LAST_NAMES)
        city = _weighted(rng, V.CITIES)
    years = rng.choices(range(1, 21), weights=[6, 8, 9, 9, 9, 8, 8, 7, 6, 6, 5, 4, 4, 3, 3, 2, 2, 2, 1, 1])[0]
    level = min(1.0, (years - 1) / 15)
    low, high = family.salary
    salary = round((low + level * (high - low)) * rng.uniform(0.93, 1.08), -3)
    masc, fem, en, core = rng.choice(family.headlines)
    title = en if english else fem if feminine else masc
    # The skills the headline promises, then a few of the family's others.
    skills = list(core) + rng.sample([s for s in family.skills if s not in core], k=rng.randint(2, 5))
    remote = _weighted(rng, family.remote)
    domain_fr, domain_en = DOMAINS[family.key]
    if english:
        headline = f"{title} · {years} years' experience"
        languages = ["English", "French"] if rng.random() < 0.6 else ["English"]
        summary = (
            f"{years} years in {domain_en}, {', '.join(skills[:3])}. Based in {city}; "
            f"looking for a role where English is the working language."
        )
    else:
        headline = f"{title} · {years} an{'s' if years > 1 else ''} d'expérience"
        languages = ["Français"] + sorted({_weighted(rng, V.LANGUAGES_FR) for _ in range(rng.randint(0, 2))})
        summary = (
            f"{years} an{'s' if years > 1 else ''} d'expérience en {domain_fr} ({', '.join(skills[:3])}). "
            f"Basé{'e' if feminine else ''} à {city}, cherche un poste {REMOTE_FR[remote]}."
        )
    linkedin = ""
    if rng.random() < 0.45:
        slug = f"{_ascii(first)}-{_ascii(last)}"
        if slug in taken["linkedin"] or rng.random() < 0.4:
            slug += f"-{rng.randrange(16**6):06x}"
        taken["linkedin"].add(slug)
        linkedin = normalise.linkedin_url(f"linkedin.com/in/{slug}")
    return CandidatePlan(
        first_name=first,
        last_name=last,
        email=_email(rng, first, last, taken["email"]),
        phone=_phone(rng, taken["phone"]) if rng.random() < 0.7 else "",
        linkedin_url=linkedin,
        city=city,
        headline=headline,
        summary=summary,
        skills=skills,
        languages=languages,
        salary_expectation=int(salary),
        remote_preference=remote,
        language="en" if english else "fr",
        source=_weighted(rng, V.SOURCES),
        family=family.key,
    )


# --- Jobs -------------------------------------------------------------------------------------------------


def _description(
    rng: random.Random,
    spec: V.ClientSpec,
    title: str,
    code: str,
    years: int,
    skills: list[str],
    city: str,
    remote_policy: str,
    remote_days: int,
) -> str:
    sentences = rome().definitions.get(code) or [rome().label(code)]
    remote = {
        "onsite": "sur site",
        "hybrid": f"en hybride ({remote_days}{NBSP}jour{'s' if remote_days > 1 else ''} "
        "de télétravail par semaine)",
        "remote": "en télétravail complet",
    }[remote_policy]
    sector = spec.sector if spec.sector[1:2].isupper() else spec.sector[:1].lower() + spec.sector[1:]
    parts = [f"{spec.name} ({sector}) recrute{NBSP}: {title}.", sentences[0]]
    if len(sentences) > 1:
        parts.append(f"Missions{NBSP}:\n" + "\n".join(f"- {s.rstrip('.')}" for s in sentences[1:]))
    parts.append(f"Profil{NBSP}: {years}{NBSP}ans d'expérience au moins{NNBSP}; {', '.join(skills)}.")
    parts.append(f"Poste basé à {city}, {remote}.")
    return "\n\n".join(parts)


def _jobs(rng: random.Random, plan: Plan) -> None:
    statuses = [s for s, n in JOB_STATUSES.items() for _ in range(n)]
    rng.shuffle(statuses)
    used_titles: set[tuple[int, str]] = set()
    for ci, (spec, client_age) in enumerate(plan.clients):
        for _ in range(JOBS_PER_CLIENT):
            family = V.FAMILY_BY_KEY[
                rng.choices(spec.families, weights=[4, 3, 2, 1][: len(spec.families)])[0]
            ]
            choices = [j for j in family.jobs if (ci, j[1]) not in used_titles] or list(family.jobs)
            code, title = rng.choice(choices)
            used_titles.add((ci, title))
            level = rng.random()
            low, high = family.salary
            mid = low + level * (high - low)
            years = 1 + round(level * 9)
            core = rng.choice(family.headlines)[3]
            skills = list(core) + rng.sample([s for s in family.skills if s not in core], k=rng.randint(2, 3))
            city = spec.city if rng.random() < 0.8 else _weighted(rng, V.CITIES)
            onsite_weight = 70 if spec.sector == "Agroalimentaire" else 25
            remote_policy = _weighted(rng, (("hybrid", 60), ("onsite", onsite_weight), ("remote", 12)))
            remote_days = {"onsite": 0, "remote": 5}.get(remote_policy, rng.choice((1, 2, 2, 3)))
            contract = _weighted(rng, (("cdi", 82), ("cdd", 10), ("freelance", 8)))
            status = statuses.pop()
            if status == "open":
                age = rng.uniform(12, 160)
                status_age = None
            else:
                age = rng.uniform(130, min(client_age - 5, 500))
                status_age = max(age - rng.uniform(35, 110), rng.uniform(8, 30))
            plan.jobs.append(
                JobPlan(
                    client=ci,
                    family=family.key,
                    rome_code=code,
                    title=title,
                    description=_description(
                        rng, spec, title, code, years, skills, city, remote_policy, remote_days
                    ),
                    city=city,
                    remote_policy=remote_policy,
                    remote_days_per_week=remote_days,
                    contract_type=contract,
                    salary_min=int(round(mid * 0.92, -3)),
                    salary_max=int(round(mid * 1.12, -3)),
                    skills=skills,
                    status=status,
                    age=age,
                    status_age=status_age,
                )
            )


# --- Offers, declines and the candidates who got them ------------------------------------------------------


def _offers(rng: random.Random, plan: Plan) -> None:
    jobs = plan.jobs
    for ji, job in enumerate(jobs):
        if job.status == "filled":
            decided = job.status_age + rng.uniform(0.05, 0.3)
            plan.offers.append(
                OfferPlan(job=ji, outcome="accepted", age=decided + rng.uniform(3, 12), decided_age=decided)
            )
    open_jobs = [ji for ji, j in enumerate(jobs) if j.status == "open" and not current.nobody_yet(j)]
    n_open = N_OFFERS - N_DECLINED - N_ACCEPTED
    for k in range(n_open):
        ji = open_jobs[k % len(open_jobs)] if k < 2 * len(open_jobs) else rng.choice(open_jobs)
        plan.offers.append(OfferPlan(job=ji, outcome="open", age=rng.uniform(1.2, min(21, jobs[ji].age - 8))))
    # Declines happen while a job takes offers, a week after it opened at the earliest.
    eligible = [(ji, j.age - 7 - j.window_end) for ji, j in enumerate(jobs) if j.age - 7 - j.window_end > 6]
    for primary in rng.sample(_quota(V.PRIMARY_REASONS, N_DECLINED), N_DECLINED):
        ji = rng.choices([e[0] for e in eligible], weights=[e[1] for e in eligible])[0]
        job = jobs[ji]
        low = job.window_end + 1.5 if job.status == "open" else job.window_end + 2
        age = rng.uniform(low + 2, job.age - 7)
        decided = age - rng.uniform(1, min(10, age - low))
        plan.offers.append(
            OfferPlan(
                job=ji, outcome="declined", age=age, decided_age=decided, decline=_decline(rng, primary)
            )
        )


def _decline(rng: random.Random, primary: str) -> DeclinePlan:
    extra = rng.sample(V.RELATED_REASONS[primary], k=rng.choices((0, 1, 2), weights=(40, 40, 20))[0])
    reasons = [primary, *extra]
    rng.shuffle(reasons)  # the primary is not always the first one ticked
    openness = _weighted(rng, V.OPEN_TO_FUTURE)
    return DeclinePlan(
        kind=_weighted(rng, V.KINDS_BY_PRIMARY[primary]),
        primary=primary,
        reasons=reasons,
        detail=rng.choice(V.DETAILS[primary]) if rng.random() < 0.75 else "",
        counter_offer=primary == "counter_offer",
        open_to_future=openness,
    )


def _pick_candidate(
    rng: random.Random,
    plan: Plan,
    job: JobPlan,
    offer: OfferPlan,
    used: set[int],
    on_job: set[tuple[int, int]],
    ji: int,
) -> int:
    primary = offer.decline.primary if offer.decline else ""
    pool = [i for i, c in enumerate(plan.candidates) if c.family == job.family and (i, ji) not in on_job]

    def fits(i: int) -> bool:
        c = plan.candidates[i]
        if primary == "location_commute":
            return c.city != job.city
        if primary == "remote_policy":
            return c.remote_preference in ("remote", "hybrid")
        return c.city == job.city or c.remote_preference == "remote" or rng.random() < 0.3

    for candidates in (
        [i for i in pool if i not in used and fits(i)],
        [i for i in pool if i not in used],
        pool,
    ):
        if candidates:
            return rng.choice(candidates)
    raise RuntimeError(f"no candidate left for the job family {job.family}")


def _round(x: float, step: int = 500) -> int:
    return int(round(x / step) * step)


def _terms(rng: random.Random, plan: Plan, offer: OfferPlan) -> None:
    job, cand = plan.jobs[offer.job], plan.candidates[offer.candidate]
    expect = cand.salary_expectation
    primary = offer.decline.primary if offer.decline else ""
    if primary == "salary":
        salary = expect * rng.uniform(0.82, 0.94)
    elif offer.outcome == "accepted":
        salary = min(max(expect * rng.uniform(1.0, 1.07), job.salary_min), job.salary_max * 1.03)
    else:
        salary = min(max(expect * rng.uniform(0.95, 1.05), job.salary_min * 0.95), job.salary_max * 1.05)
    offer.salary = _round(salary)
    offer.remote_days_per_week = (
        min(job.remote_days_per_week, 1) if primary == "remote_policy" else job.remote_days_per_week
    )
    offer.start_in_days = rng.choice((30, 45, 60, 60, 90))
    offer.application_age = offer.age + rng.uniform(5, max(5.5, min(40, job.age - offer.age - 1)))
    offer.application_age = min(offer.application_age, job.age - 1)
    d = offer.decline
    if d is None:
        return
    if primary == "better_aligned_opportunity":
        d.competing_employer = rng.choice(V.COMPETING_EMPLOYERS)
        d.competing_salary = _round(offer.salary * rng.uniform(1.03, 1.18), 1000)
        d.competing_remote_days = rng.choice((offer.remote_days_per_week, 2, 3, 5))
    elif primary == "counter_offer":
        d.competing_salary = (
            _round(offer.salary * rng.uniform(1.02, 1.1), 1000) if rng.random() < 0.5 else None
        )
    d.detail = d.detail.format(
        gap=max(1, round((expect - offer.salary) / 1000)), competitor=d.competing_employer or "un concurrent"
    )
    if d.open_to_future == "yes":
        due = offer.decided_age - rng.uniform(90, 270)
        # A date already past would sit unused: half are dropped, half become the next weeks' to-do list.
        d.recontact_age = due if due < 0 else (-rng.uniform(3, 45) if rng.random() < 0.5 else None)


def _assign(rng: random.Random, plan: Plan) -> None:
    used: set[int] = set()
    on_job: set[tuple[int, int]] = set()
    # Constrained declines first, so location and remote declines find fitting profiles.
    order = sorted(
        range(len(plan.offers)),
        key=lambda k: (
            plan.offers[k].decline is None,
            plan.offers[k].decline
            and plan.offers[k].decline.primary not in ("location_commute", "remote_policy"),
            k,
        ),
    )
    for k in order:
        offer = plan.offers[k]
        offer.candidate = _pick_candidate(rng, plan, plan.jobs[offer.job], offer, used, on_job, offer.job)
        used.add(offer.candidate)
        on_job.add((offer.candidate, offer.job))
        _terms(rng, plan, offer)
    # People in process on the jobs still moving: interviews, no offer yet.
    for ji, job in enumerate(plan.jobs):
        if job.status not in ("open", "on_hold") or current.nobody_yet(job):
            continue
        for _ in range(rng.randint(2, 5) if job.status == "open" else rng.randint(1, 3)):
            pool = [
                i for i, c in enumerate(plan.candidates) if c.family == job.family and (i, ji) not in on_job
            ]
            i = rng.choice([i for i in pool if i not in used] or pool)
            used.add(i)
            on_job.add((i, ji))
            plan.applications.append(
                ApplicationPlan(candidate=i, job=ji, age=rng.uniform(job.window_end + 0.5, job.age - 1))
            )


def _timeline(rng: random.Random, plan: Plan) -> None:
    """Candidates join the pool before their first application and were last active at their latest step."""
    first: dict[int, float] = {}
    last: dict[int, float] = {}
    for o in plan.offers:
        first[o.candidate] = max(first.get(o.candidate, 0), o.application_age)
        last[o.candidate] = min(last.get(o.candidate, HORIZON_DAYS), o.decided_age or o.age)
    for a in plan.applications:
        first[a.candidate] = max(first.get(a.candidate, 0), a.age)
        last[a.candidate] = min(last.get(a.candidate, HORIZON_DAYS), a.age)
    for i, c in enumerate(plan.candidates):
        c.age = min(first[i] + rng.uniform(2, 60), HORIZON_DAYS - 2) if i in first else rng.uniform(2, 530)
        c.last_activity = last.get(i, c.age)


def _exclusions(rng: random.Random, plan: Plan) -> None:
    """A few clients vexed by a refusal: the exclusion is theirs alone and it ends."""
    # (client, candidate, age) of every time someone was put on a job.
    put_on = [(plan.jobs[o.job].client, o.candidate, o.application_age) for o in plan.offers]
    put_on += [(plan.jobs[a.job].client, a.candidate, a.age) for a in plan.applications]
    candidates = [
        o
        for o in plan.offers
        if o.decline
        and 20 < o.decided_age < 300
        and o.decline.primary
        in ("company_culture", "counter_offer", "better_aligned_opportunity", "recruitment_process")
    ]
    for n, offer in enumerate(rng.sample(candidates, k=min(4, len(candidates)))):
        client = plan.jobs[offer.job].client
        age = offer.decided_age - rng.uniform(1, 5)
        # The candidate must not have been put on another job of this client once excluded.
        if any(c == client and cand == offer.candidate and a < age for c, cand, a in put_on):
            continue
        plan.exclusions.append(
            ExclusionPlan(
                candidate=offer.candidate,
                client=client,
                reason=V.EXCLUSION_REASONS[n % len(V.EXCLUSION_REASONS)],
                age=age,
                expires_in_days=rng.choice((365, 365, 540)),
                # One client changed its mind: the exclusion was lifted before its end.
                lifted_age=age - rng.uniform(20, 60)
                if age > 70 and not any(x.lifted_age for x in plan.exclusions)
                else None,
            )
        )


def make_plan(seed: int = 42) -> Plan:
    """The whole demo agency for one seed; each part draws from its own stream, so one can change alone."""
    plan = Plan(seed=seed)

    def stream(name: str) -> random.Random:
        return random.Random(f"vivier-demo:{seed}:{name}")

    clients_rng = stream("clients")
    plan.clients = [(spec, HORIZON_DAYS - clients_rng.uniform(0, 30)) for spec in V.CLIENTS]
    people = stream("candidates")
    taken: dict[str, set[str]] = {"email": set(), "phone": set(), "linkedin": set()}
    plan.candidates = [_candidate(people, taken) for _ in range(N_CANDIDATES)]
    _jobs(stream("jobs"), plan)
    current.fresh_jobs(plan)
    _offers(stream("offers"), plan)
    _assign(stream("assign"), plan)
    current.this_week(plan)
    _timeline(stream("timeline"), plan)
    _exclusions(stream("exclusions"), plan)
    current.exclusion_ending(plan)
    return plan
