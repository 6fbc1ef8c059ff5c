"""What fits a person: each open job's features computed once per run, each person's wishes, the rules.

The rules are the rediscovery's fit rules (vivier.matching.scoring: _place, _remote, _salary) turned into
filters, so that a digest never lists a job the rediscovery would call a poor fit on those counts:

- place: the job is fully remote, or either side has no place, or the job's city is one of the person's
  places (their wanted places, else their city), or the job is hybrid and they want remote or hybrid work
  (scoring._place ≥ 0.5);
- remote: not an on-site job for someone who wants full remote or hybrid work, nor a hybrid job with no remote
  day for someone who wants full remote (scoring._remote ≥ 0.5);
- salary: the top of the job's range (or its bottom when only that is known) is at least their expectation
  minus SALARY_TOLERANCE (scoring._salary ≥ 0.7); a job without a salary is not filtered out;
- contract: among the types they chose, when they chose any;
- never a job of a client they are excluded from (an active Exclusion).

Relevance (at least one is needed): the job's ROME code is one of the codes of the jobs they want (matching.rome
reads their words), or one of its ADJACENT_JOBS closest neighbours ("métiers proches"); or the job's title
shares at least TITLE_SHARE of its weight of words (stems of matching.text, weighted by rarity among the open
jobs) with the jobs they want; or the job asks for at least MIN_SKILLS of their skills (the same words once
analysed: "Développement commercial" and "développement commerciaux" are one skill; a skill that more than
COMMON_SKILL_SHARE of the open jobs ask for, "Pack Office", says nothing about a person and does not count).
The rank adds a little for a job opened since their last digest, a salary at or above their expectation, and
the remote policy they asked for.

The pairs are never compared one by one: jobs are indexed by ROME code, by stem, by city and by remote policy,
and each person's lookups are sets; a run of 100,000 people against 2,000 jobs stays well under a minute.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from vivier.matching import text
from vivier.matching.query import ADJACENT_JOBS
from vivier.matching.rome import Rome, rome, words
from vivier.matching.scoring import job_remote_days
from vivier.talent.models import RemotePolicy, RemotePreference

SALARY_TOLERANCE = 0.10
TITLE_SHARE = 0.6  # the share of a job title's weight of words that the person's wishes must cover
SAME_TITLE_SHARE = 0.9  # … and from which the title is theirs ("matches" rather than "close to")
MIN_SKILLS = 2  # skills in common that make a job relevant on their own
COMMON_SKILL_SHARE = 0.02
SAME_JOB, ADJACENT, TITLE, SKILLS = "same_job", "adjacent", "title", "skills"
RELEVANCE = {SAME_JOB: 1.0, ADJACENT: 0.7}
_SPLIT = re.compile(r"[,;|\n]+")
# A headline also separates with a middle dot or a dash: "Comptable · 5 ans d'expérience".
_HEADLINE_SPLIT = re.compile(r"[,;|\n·•]+|\s[-–—]\s")
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=100_000)
def stems(value: str) -> frozenset[str]:
    return frozenset(text.analyze(value or ""))


class RomeCodes:
    """matching.rome.suggest_rome_code for the many titles of a run, with the same answers (a test compares
    both on every ROME title and on sample wishes).

    Rome.suggest adds up each candidate title's word weights at every call, and scores every title holding
    any word of the query ("chef", "agent": thousands); here the weights are added up once, and only the titles
    that could reach the threshold are scored. A run asks for some 20,000 distinct wishes at 100,000 people:
    this is the difference between 30 s and 1 s. (Meant to move into matching.rome.)
    """

    THRESHOLD = 0.45  # suggest_rome_code's default
    # 2s/(q+s) + 0.01 ≥ 0.449 (what rounds to the threshold) needs s ≥ 0.2812·q; a little under, to be safe.
    FLOOR = 0.28

    def __init__(self, r: Rome) -> None:
        self.r = r
        self.weights = [sum(r._idf[w] for w in ws) for ws in r._title_words]
        self.bonus = [0.01 if main else 0.0 for _title, _code, main in r.titles]  # the fiche's main title

    def code(self, title: str) -> str:
        query = set(words(title))
        r = self.r
        idf, index = r._idf, r._index
        known = sorted((w for w in query if w in idf), key=lambda w: -idf[w])
        if not known:
            return ""
        # Summed in the order Rome.suggest sums them (the set's), so that equal scores stay equal.
        query_weight = sum(idf.get(w, 0.0) for w in query) or 1.0
        # A title scores at most 2s/(q+s) + 0.01 with s the weight of the query words it holds: below FLOOR·q it
        # cannot reach the threshold. Such a title holds none of the rarest words that make up the rest, so only
        # the titles holding one of those are looked at.
        floor = self.FLOOR * query_weight
        candidates: set[int] = set()
        rest = sum(idf[w] for w in known)
        for w in known:
            if rest < floor:
                break
            candidates.update(index[w])
            rest -= idf[w]
        weights, bonus, title_words = self.weights, self.bonus, r._title_words
        best, best_i = -1.0, -1
        for i in candidates:
            held = title_words[i]
            s = sum(idf[w] for w in query if w in held)
            if s < floor:
                continue
            score = 2 * s / (query_weight + weights[i]) + bonus[i]
            # Rome.suggest sorts (score, index) pairs in reverse: on a tie, the larger index wins.
            if score > best or (score == best and i > best_i):
                best, best_i = score, i
        return r.titles[best_i][1] if best_i >= 0 and round(best, 3) >= self.THRESHOLD else ""


@lru_cache(maxsize=1)
def _rome_codes() -> RomeCodes:
    return RomeCodes(rome())


@lru_cache(maxsize=50_000)
def rome_code(title: str) -> str:
    return _rome_codes().code(title)


@lru_cache(maxsize=10_000)
def place_key(value: str) -> str:
    return " ".join(text.fold(value or "").split())


def wanted_parts(value: str) -> list[str]:
    """'Développeur web, data analyst' → two wishes; a slash stays ('Développeur / Développeuse web')."""
    return [p.strip() for p in _SPLIT.split(value or "") if p.strip()][:5]


def headline_parts(value: str) -> list[str]:
    """The jobs a headline names: 'Comptable · 5 ans d'expérience' → ['Comptable']."""
    return [p.strip() for p in _HEADLINE_SPLIT.split(value or "") if p.strip() and not _DIGIT.search(p)][:3]


@dataclass(frozen=True, slots=True)
class Terms:
    """What a list of wished jobs looks for: their ROME codes, the adjacent ones, their words."""

    jobs: tuple[str, ...]
    codes: dict[str, str]  # ROME code → the wish that named it
    adjacent: dict[str, str]  # adjacent ROME code → the wish it is close to
    title_stems: dict[str, str]  # stem → the wish it comes from


@lru_cache(maxsize=50_000)
def terms(jobs: tuple[str, ...]) -> Terms:
    """One lookup per distinct list of wishes: many people want the same jobs, in the same words."""
    r = rome()
    codes: dict[str, str] = {}
    for wish in jobs:
        code = rome_code(wish)
        if code:
            codes.setdefault(code, wish)
    adjacent: dict[str, str] = {}
    for code, wish in codes.items():
        for near in r.adjacent(code)[:ADJACENT_JOBS]:
            if near not in codes:
                adjacent.setdefault(near, wish)
    title_stems: dict[str, str] = {}
    for wish in jobs:
        for s in stems(wish):
            title_stems.setdefault(s, wish)
    return Terms(jobs, codes, adjacent, title_stems)


@dataclass(slots=True)
class JobFeatures:
    pk: int
    public_id: str
    client_id: int
    title: str
    client_name: str
    code: str
    title_stems: frozenset[str]
    title_weight: float
    skills: dict[frozenset[str], str]  # the stems of each skill → the skill as the job ad writes it
    city: str
    place: str  # folded city
    policy: str
    remote_days: int
    contract: str
    salary_min: int | None
    salary_max: int | None
    currency: str
    top: int | None  # the top of the range, else its bottom
    opened_at: dt.datetime


@dataclass(slots=True)
class Wishes:
    """One person's wishes, from their own preferences (vivier.privacy) or else their profile."""

    terms: Terms  # the jobs they want, in their words (a preference, else the profile's headline)
    skills: frozenset[frozenset[str]]  # each skill as its stems
    places: frozenset[str]  # folded
    remote: str  # a RemotePreference value, "" when unknown
    contracts: frozenset[str]
    salary: int | None
    excluded_clients: frozenset[int] = frozenset()

    @classmethod
    def of(cls, candidate, privacy) -> Wishes:
        wanted = wanted_parts(privacy.wanted_jobs if privacy is not None else "")
        jobs = tuple(wanted or headline_parts(candidate.headline))
        skills = frozenset(filter(None, (stems(str(s)) for s in (candidate.skills or [])[:50])))
        places = privacy.wanted_places if privacy is not None and privacy.wanted_places.strip() else ""
        keys = (
            frozenset(filter(None, (place_key(p) for p in _SPLIT.split(places)))) if places else frozenset()
        )
        if not keys and candidate.city:
            keys = frozenset([place_key(candidate.city)])
        remote = (privacy.remote_preference if privacy is not None else "") or candidate.remote_preference
        salary = (privacy.salary_expectation if privacy is not None else None) or candidate.salary_expectation
        contracts = frozenset(privacy.contract_types or []) if privacy is not None else frozenset()
        return cls(
            terms=terms(jobs),
            skills=skills,
            places=keys,
            remote=remote or "",
            contracts=contracts,
            salary=salary or None,
        )


@dataclass(slots=True)
class Match:
    job: JobFeatures
    score: float
    reason: str  # SAME_JOB, ADJACENT, TITLE or SKILLS
    wish: str  # the wish it answers (SAME_JOB, ADJACENT, TITLE)
    skills: list[str] = field(default_factory=list)  # the skills in common, as the job writes them


class JobIndex:
    """The open jobs of a run, with the lookups every person's match needs."""

    def __init__(self, jobs: list[JobFeatures]) -> None:
        self.jobs = {j.pk: j for j in jobs}
        self.by_code: dict[str, list[int]] = defaultdict(list)
        self.by_title_stem: dict[str, list[int]] = defaultdict(list)
        # a skill (its stems) → the jobs asking for it, when few do
        self.by_skill: dict[frozenset[str], list[int]] = defaultdict(list)
        self.by_place: dict[str, set[int]] = defaultdict(set)
        self.no_place: set[int] = set()
        self.remote: set[int] = set()
        self.hybrid: set[int] = set()
        self.onsite: set[int] = set()
        self.hybrid_no_day: set[int] = set()
        for j in jobs:
            if j.code:
                self.by_code[j.code].append(j.pk)
            for s in j.title_stems:
                self.by_title_stem[s].append(j.pk)
            if j.policy == RemotePolicy.REMOTE:
                self.remote.add(j.pk)
            elif j.policy == RemotePolicy.HYBRID:
                self.hybrid.add(j.pk)
                if j.remote_days <= 0:
                    self.hybrid_no_day.add(j.pk)
            else:
                self.onsite.add(j.pk)
            if not j.place:
                self.no_place.add(j.pk)
            else:
                self.by_place[j.place].add(j.pk)
        n = len(jobs) or 1
        # Rarer words weigh more: "comptable" says more about a job than "assistant" or "senior".
        self.idf = {s: math.log(1 + n / len(ids)) for s, ids in self.by_title_stem.items()}
        for j in jobs:
            j.title_weight = sum(self.idf[s] for s in j.title_stems) or 1.0
        for j in jobs:
            for key in j.skills:
                self.by_skill[key].append(j.pk)
        limit = max(2, COMMON_SKILL_SHARE * n)
        for key in [k for k, ids in self.by_skill.items() if len(ids) > limit]:
            del self.by_skill[key]
        self._places: dict[tuple, frozenset[int]] = {}
        self._barred: dict[str, frozenset[int]] = {}
        self._by_terms: dict[tuple[str, ...], dict[int, tuple[float, str, str]]] = {}

    def __len__(self) -> int:
        return len(self.jobs)

    def place_ok(self, places: frozenset[str], remote: str) -> frozenset[int] | None:
        """The jobs a person can work at, or None when any job can do (they gave no place)."""
        if not places:
            return None
        key = (places, remote in (RemotePreference.REMOTE, RemotePreference.HYBRID))
        found = self._places.get(key)
        if found is None:
            ids = set(self.remote) | self.no_place
            for p in places:
                ids |= self.by_place.get(p, set())
            if key[1]:
                ids |= self.hybrid
            found = self._places[key] = frozenset(ids)
        return found

    def remote_barred(self, remote: str) -> frozenset[int]:
        found = self._barred.get(remote)
        if found is None:
            if remote == RemotePreference.REMOTE:
                found = frozenset(self.onsite | self.hybrid_no_day)
            elif remote == RemotePreference.HYBRID:
                found = frozenset(self.onsite)
            else:
                found = frozenset()
            self._barred[remote] = found
        return found

    def _for_terms(self, t: Terms) -> dict[int, tuple[float, str, str]]:
        """The jobs related to a list of wished jobs (once per run and distinct list)."""
        found = self._by_terms.get(t.jobs)
        if found is not None:
            return found
        found = self._by_terms[t.jobs] = {}
        for code, wish in t.codes.items():
            for pk in self.by_code.get(code, ()):
                found[pk] = (RELEVANCE[SAME_JOB], SAME_JOB, wish)
        for code, wish in t.adjacent.items():
            for pk in self.by_code.get(code, ()):
                found.setdefault(pk, (RELEVANCE[ADJACENT], ADJACENT, wish))
        if t.title_stems:
            weight: dict[int, float] = defaultdict(float)
            wish_of: dict[int, str] = {}
            for s, wish in t.title_stems.items():
                idf = self.idf.get(s, 0.0)
                for pk in self.by_title_stem.get(s, ()):
                    weight[pk] += idf
                    wish_of.setdefault(pk, wish)
            for pk, got in weight.items():
                share = got / self.jobs[pk].title_weight
                if share >= TITLE_SHARE:
                    value = 0.4 + 0.6 * min(1.0, share)
                    if value > found.get(pk, (0.0,))[0]:
                        reason = SAME_JOB if share >= SAME_TITLE_SHARE else TITLE
                        found[pk] = (value, reason, wish_of[pk])
        return found

    def relevant(self, w: Wishes) -> dict[int, tuple[float, str, str]]:
        """job id → (relevance, reason, wish) for every job related to the person's wishes or skills."""
        found = self._for_terms(w.terms)
        if w.skills:
            counts: dict[int, int] = defaultdict(int)
            for key in w.skills:
                for pk in self.by_skill.get(key, ()):
                    counts[pk] += 1
            extra = {pk: n for pk, n in counts.items() if n >= MIN_SKILLS and pk not in found}
            if extra:
                found = dict(found)
                for pk, n in extra.items():
                    found[pk] = (0.5 + 0.05 * min(n, 4), SKILLS, "")
        return found

    def matches(self, w: Wishes, *, sent: set[int], since: dt.datetime | None, limit: int) -> list[Match]:
        """The best `limit` jobs for one person, never one in `sent`; [] when nothing fits."""
        found = self.relevant(w)
        if not found:
            return []
        allowed = self.place_ok(w.places, w.remote)
        barred = self.remote_barred(w.remote)
        floor = w.salary * (1 - SALARY_TOLERANCE) if w.salary else None
        ranked: list[tuple[float, float, int, str, str]] = []
        for pk, (relevance, reason, wish) in found.items():
            if pk in sent or pk in barred or (allowed is not None and pk not in allowed):
                continue
            j = self.jobs[pk]
            if j.client_id in w.excluded_clients:
                continue
            if w.contracts and j.contract not in w.contracts:
                continue
            score = relevance
            if floor is not None and j.top is not None:
                if j.top < floor:
                    continue
                if j.top >= w.salary:
                    score += 0.1
            if w.remote and w.remote == j.policy:
                score += 0.1
            if since is None or j.opened_at > since:
                score += 0.2
            ranked.append((score, j.opened_at.timestamp(), -pk, reason, wish))
        ranked.sort(reverse=True)
        out = []
        for score, _opened, neg_pk, reason, wish in ranked[:limit]:
            j = self.jobs[-neg_pk]
            common = (
                [label for key, label in j.skills.items() if key in w.skills][:3] if reason == SKILLS else []
            )
            out.append(Match(j, round(score, 3), reason, wish, common))
        return out


def job_features(job) -> JobFeatures:
    skills: dict[frozenset[str], str] = {}
    for skill in (job.skills or [])[:50]:
        if isinstance(skill, str) and stems(skill):
            skills.setdefault(stems(skill), skill)
    return JobFeatures(
        pk=job.pk,
        public_id=str(job.public_id),
        client_id=job.client_id,
        title=job.title,
        client_name=job.client.name,
        code=job.rome_code or rome_code(job.title),
        title_stems=stems(job.title),
        title_weight=1.0,
        skills=skills,
        city=job.city,
        place=place_key(job.city),
        policy=job.remote_policy,
        remote_days=job_remote_days(job),
        contract=job.contract_type,
        salary_min=job.salary_min,
        salary_max=job.salary_max,
        currency=job.currency,
        top=job.salary_max or job.salary_min,
        opened_at=job.opened_at,
    )
