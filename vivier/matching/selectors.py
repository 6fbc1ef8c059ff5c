"""Rediscovery: rank the pool for a job, and say why, in a fixed number of queries whatever the pool's size.

1. the job becomes a weighted query (vivier.matching.query): title, skills, description, ROME and ESCO
   synonyms, adjacent ROME jobs at a low weight;
2. the database's full-text index proposes a few hundred people (vivier.matching.retrieval);
3. they are re-ranked here: text relevance (BM25F over headline, skills and summary, the same code as
   `vivier evaluate`), fit, decline resolution and relationship (vivier.matching.scoring).
People excluded for this client, who asked not to be contacted, or already on the job never appear; people
who may not be contacted for another reason appear only when asked for, marked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max, Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vivier.matching import retrieval, scoring, text
from vivier.matching.query import DESCRIPTION_WEIGHT, JobQuery, job_query
from vivier.talent.models import (
    Application,
    Candidate,
    Decline,
    DeclineReason,
    Event,
    Exclusion,
    Job,
    JobStatus,
)
from vivier.talent.selectors import LIST_FIELDS

WEIGHTS = {"text": 0.5, "fit": 0.2, "decline_resolution": 0.2, "relationship": 0.1}
MAX_LIMIT = 200
# The purpose asked of the consent rules: a recruiter writing to a person about a job.
CONTACT_KIND = "personal"
CANDIDATE_FIELDS = (
    "id",
    "public_id",
    "first_name",
    "last_name",
    "email",
    "city",
    "headline",
    "summary",
    "skills",
    "languages",
    "salary_expectation",
    "currency",
    "remote_preference",
    "do_not_contact",
    "language",
    "created_at",  # the consent rules' "last contact" falls back on it (privacy.rules.prime)
)
SUMMARY_CHARS = 4000


try:
    from vivier.outreach.policy import may_contact as _policy
    from vivier.outreach.policy import may_contact_prime as _prime
except ImportError:  # pragma: no cover - the outreach app is optional for matching; its absence hides no one
    _policy = _prime = None


def may_contact(candidate: Candidate, kind: str = CONTACT_KIND) -> tuple[bool, str]:
    """The outreach app's answer (the consent rules live there), else: unless they asked not to be."""
    if _policy is not None:
        return _policy(candidate, kind)
    return (not candidate.do_not_contact, "do_not_contact" if candidate.do_not_contact else "")


def _why_not(code: str) -> str:
    return WHY_NOT[code]() if code in WHY_NOT else code


WHY_NOT = {
    "do_not_contact": lambda: _("they asked not to be contacted"),
    "no_email": lambda: _("no e-mail address"),
    # vivier.privacy.policy: the legal basis of a recruiter's message is gone
    "outside_process_window": lambda: _("no talent-pool consent, and their process ended over 3 months ago"),
    "no_consent": lambda: _("no talent-pool consent"),
    "consent_expired": lambda: _("their talent-pool consent expired"),
    "consent_withdrawn": lambda: _("they withdrew their consent"),
    "erased": lambda: _("erased at their request"),
}


@dataclass
class Match:
    candidate: Candidate
    score: float
    components: dict[str, float]
    explanations: list[str]
    resolves: list[str]
    contactable: bool
    adjacent: bool = False
    # (code, label in the current language) of each resolved reason, for the panel's badges.
    resolve_labels: list[tuple[str, str]] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def bar_class(self) -> str:
        """A Bootstrap width class for the score bar: the CSP forbids style attributes."""
        return f"w-{min(100, max(25, round(self.score * 4) * 25))}"


@dataclass
class Rediscovery:
    job: Job
    matches: list[Match] = field(default_factory=list)
    query: JobQuery | None = None
    # Why the list is empty (or short), in plain words; "" when there is nothing to say.
    note: str = ""
    hidden_uncontactable: int = 0


def _document(c: Candidate) -> text.Document:
    skills = " ; ".join(str(s) for s in (c.skills or []) if s)[:2000]
    return text.Document.from_fields(
        [(c.headline, 3.0), (skills, 2.0), ((c.summary or "")[:SUMMARY_CHARS], 1.0)]
    )


def _skill_stems(values) -> list[tuple[str, set[str]]]:
    return [(str(s), set(text.analyze(str(s)))) for s in (values or [])[:50] if str(s).strip()]


def _text_reasons(
    q: JobQuery, doc: text.Document, job_skills, title_terms: set[str]
) -> tuple[list[str], bool]:
    reasons = []
    shared = [name for name, stems in job_skills if stems and stems <= doc.tf.keys()]
    if shared:
        reasons.append(_("Skills in common: %(skills)s.") % {"skills": ", ".join(shared[:6])})
    title_hit = title_terms & doc.tf.keys()
    if title_hit and len(title_hit) * 2 >= len(title_terms):
        reasons.append(_("Their profile names this job."))
    adjacent_hit = bool(q.adjacent_terms & doc.tf.keys()) and not title_hit
    if adjacent_hit and q.adjacent:
        reasons.append(
            _("Found through an adjacent job (ROME): %(jobs)s.")
            % {"jobs": ", ".join(label for _c, label in q.adjacent)}
        )
    return reasons, adjacent_hit


def _labels(codes: list[str], declines: list[Decline]) -> list[tuple[str, str]]:
    known = {r.code: r.label for d in declines for r in [d.primary_reason, *d.reasons.all()]}
    return [(code, known.get(code, code)) for code in codes]


def _load(job: Job, ids: list[int]) -> tuple[list[Candidate], dict[int, list[Decline]]]:
    today = timezone.localdate()
    excluded = Exclusion.objects.active(today).filter(client_id=job.client_id).values("candidate_id")
    on_job = Application.objects.filter(job=job).values("candidate_id")
    candidates = list(
        Candidate.objects.filter(pk__in=ids, do_not_contact=False)
        .exclude(pk__in=excluded)
        .exclude(pk__in=on_job)
        .only(*CANDIDATE_FIELDS)
    )
    kept = [c.pk for c in candidates]
    declines: dict[int, list[Decline]] = {}
    for d in (
        Decline.objects.filter(candidate_id__in=kept)
        .select_related("primary_reason", "job__client")
        # the old job's place and client are compared, never its long texts
        .defer("job__description", "job__skills", "job__client__notes")
        .prefetch_related(Prefetch("reasons", queryset=DeclineReason.objects.all()))
        .order_by("-created_at")
    ):
        declines.setdefault(d.candidate_id, []).append(d)
    return candidates, declines


def _relationship_facts(candidates: list[Candidate]) -> dict[int, dt.datetime]:
    """For a batch about to get its relationship score: the consent rules' facts (primed on the rows) and
    each person's last event in the engagement window, in a fixed number of queries."""
    if _prime is not None:
        _prime(candidates)
    since = timezone.now() - scoring.ENGAGEMENT_WINDOW
    return dict(
        Event.objects.filter(candidate_id__in=[c.pk for c in candidates], created_at__gte=since)
        .order_by()
        .values_list("candidate_id")
        .annotate(last=Max("created_at"))
    )


def rediscovery(
    job: Job,
    *,
    limit: int = 50,
    include_uncontactable: bool = False,
    declined_only: bool = False,
    now: dt.datetime | None = None,
) -> Rediscovery:
    """Rank the pool for `job`; with `declined_only`, only people who declined an offer before."""
    limit = max(1, min(MAX_LIMIT, int(limit)))
    now = now or timezone.now()
    result = Rediscovery(job=job, query=job_query(job))
    q = result.query
    if q.is_empty:
        result.note = _(
            "No match because this job has no words to search on: add a title, skills or a description."
        )
        return result
    ids, n, dfs = retrieval.candidate_ids(q, pool=max(retrieval.POOL, 3 * limit))
    if not ids:
        result.note = (
            _("No match because the pool is empty.")
            if not n
            else _("No match because nobody in the pool mentions the job's words (%(words)s).")
            % {"words": ", ".join(sorted({w for ws in list(q.surfaces.values())[:8] for w in ws})[:8])}
        )
        return result
    candidates, declines = _load(job, ids)
    # Words nobody has are left out of the idf table: they would only raise the yardstick out of reach.
    idfs = {t: text.idf(df, max(n, 1)) for t, df in dfs.items() if df}
    docs = {c.pk: _document(c) for c in candidates}
    avg_length = sum(d.length for d in docs.values()) / (len(docs) or 1)
    # A profile that holds the recruiter's own words (not the synonyms) scores a full text component.
    yardstick = text.ideal({t: w for t, w in q.terms.items() if w >= DESCRIPTION_WEIGHT}, idfs)
    job_skills = _skill_stems(job.skills)
    title_terms = {t for t in text.analyze(job.title or "")}
    required = scoring.required_languages(job)
    # 1. What the profile and its history say (text, fit, declines), for everyone the index proposed.
    partial: list[tuple[float, Candidate, dict, scoring.Part, scoring.Part]] = []
    for c in candidates:
        if declined_only and c.pk not in declines:
            continue
        relevance = text.score(q.terms, docs[c.pk], idfs, avg_length)
        if relevance <= 0:
            continue
        mine = declines.get(c.pk, [])
        fit = scoring.fit(job, c, mine, required)
        resolution = scoring.decline_resolution(job, c, mine, now)
        components = {
            "text": round(min(1.0, relevance / yardstick), 3),
            "fit": fit.value,
            "decline_resolution": resolution.value,
        }
        partial.append((sum(WEIGHTS[k] * v for k, v in components.items()), c, components, fit, resolution))
    partial.sort(key=lambda p: (-p[0], -p[1].pk))
    # 2. The relationship (consent, engagement) for the best first, a batch at a time. It adds at most its
    # weight to a score, so once `limit` people score above the next one's partial score plus that weight,
    # nobody further down can enter the list: the consent rules need not be asked about them.
    # Two batches at most: the first `limit + 10`, then all the rest (one query of the rules costs about the same
    # for 60 people as for 150, and the pool often holds many people who may not be contacted).
    hidden = 0
    bounds = [0, min(len(partial), limit + 10), len(partial)]
    for start, following in zip(bounds, bounds[1:], strict=False):
        chunk = partial[start:following]
        if not chunk:
            break
        last_events = _relationship_facts([p[1] for p in chunk])
        for _partial, c, components, fit, resolution in chunk:
            ok, why = may_contact(c)
            if not ok and not include_uncontactable:
                hidden += 1
                continue
            mine = declines.get(c.pk, [])
            rel = scoring.relationship(c, mine, last_events.get(c.pk), ok, _why_not(why), now)
            components = {**components, "relationship": rel.value}
            text_reasons, adjacent = _text_reasons(q, docs[c.pk], job_skills, title_terms)
            result.matches.append(
                Match(
                    candidate=c,
                    score=round(sum(WEIGHTS[k] * v for k, v in components.items()), 4),
                    components=components,
                    explanations=resolution.reasons + text_reasons + fit.reasons + rel.reasons,
                    resolves=resolution.resolves,
                    contactable=ok,
                    adjacent=adjacent,
                    resolve_labels=_labels(resolution.resolves, mine),
                )
            )
        if following < len(partial) and len(result.matches) >= limit:
            kth = sorted((m.score for m in result.matches), reverse=True)[limit - 1]
            if kth > partial[following][0] + WEIGHTS["relationship"] + 1e-4:
                break
    result.matches.sort(key=lambda m: (-m.score, -m.candidate.pk))
    result.matches = result.matches[:limit]
    result.hidden_uncontactable = hidden
    if not result.matches:
        result.note = _(
            "No match because everyone who matches is excluded for this client, already on the job "
            "or not contactable."
        )
    elif hidden:
        result.note = ngettext(
            "%(n)d more person matches but may not be contacted.",
            "%(n)d more people match but may not be contacted.",
            hidden,
        ) % {"n": hidden}
    return result


@dataclass
class NewJobMatches:
    """A job opened or reopened lately, and the people who declined before that fit it best."""

    job: Job
    people: list[tuple[Candidate, list[str]]]
    pending: bool  # the worker has not ranked the pool for this opening yet


def new_job_matches(
    user, *, jobs: int = 5, per_job: int = 3, now: dt.datetime | None = None
) -> list[NewJobMatches]:
    """The dashboard: this recruiter's jobs (or nobody's) opened in the last two weeks, with their best matches
    as the worker ranked them (vivier.matching.services), in a fixed number of queries.

    People who since asked not to be contacted, were excluded for the client, or were put on the job drop out.
    """
    from vivier.matching.services import NEW_JOB_DAYS

    now = now or timezone.now()
    rows = list(
        Job.objects.filter(status=JobStatus.OPEN, opened_at__gte=now - dt.timedelta(days=NEW_JOB_DAYS))
        .filter(Q(owner=user) | Q(owner__isnull=True))
        .select_related("client", "new_matches")
        .order_by("-opened_at", "-id")[:jobs]
    )
    stored = {}
    for job in rows:
        matches = getattr(job, "new_matches", None)
        if matches is not None and matches.opened_at == job.opened_at:
            stored[job.pk] = matches.items
    ids = {item["candidate"] for items in stored.values() for item in items}
    people = (
        {c.pk: c for c in Candidate.objects.filter(pk__in=ids, do_not_contact=False).only(*LIST_FIELDS)}
        if ids
        else {}
    )
    gone: set[tuple[int, int]] = set()
    if people:
        job_ids = list(stored)
        gone |= set(
            Application.objects.filter(job_id__in=job_ids, candidate_id__in=people).values_list(
                "job_id", "candidate_id"
            )
        )
        by_client = {job.client_id: job.pk for job in rows}
        for client_id, candidate_id in (
            Exclusion.objects.active(timezone.localdate())
            .filter(client_id__in=by_client, candidate_id__in=people)
            .values_list("client_id", "candidate_id")
        ):
            gone |= {(job.pk, candidate_id) for job in rows if job.client_id == client_id}
    key = "why_en" if (translation.get_language() or "fr").startswith("en") else "why_fr"
    out = []
    for job in rows:
        items = stored.get(job.pk)
        chosen = [
            (people[item["candidate"]], item.get(key) or [])
            for item in items or []
            if item["candidate"] in people and (job.pk, item["candidate"]) not in gone
        ][:per_job]
        out.append(NewJobMatches(job=job, people=chosen, pending=items is None))
    return out


def rediscover(job: Job, *, limit: int = 50, include_uncontactable: bool = False) -> list[Match]:
    return rediscovery(job, limit=limit, include_uncontactable=include_uncontactable).matches


__all__ = [
    "Match",
    "NewJobMatches",
    "Rediscovery",
    "may_contact",
    "new_job_matches",
    "rediscover",
    "rediscovery",
]
