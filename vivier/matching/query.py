"""From a job (or a bare title) to a weighted query: which stems to look for, and how much each one counts.

Weights say where a word comes from: the title names the job, the skills are what the client asks for, the
description adds context; synonyms (ROME titles of the same code, ESCO labels of the same concept) count less
than the words the recruiter wrote, and the words of adjacent jobs ("métiers proches") less still.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from vivier.matching import synonyms, text
from vivier.matching.rome import rome, suggest_rome_code

TITLE_WEIGHT = 3.0
SKILL_WEIGHT = 2.0
DESCRIPTION_WEIGHT = 1.0
SYNONYM_WEIGHT = 1.2
ADJACENT_WEIGHT = 0.4
ADJACENT_JOBS = 3
# A safety bound for pasted novels, most frequent words first; a real job ad has fewer distinct words.
MAX_DESCRIPTION_TERMS = 400
MAX_SKILLS = 50


@dataclass
class JobQuery:
    terms: dict[str, float] = field(default_factory=dict)
    # The lower-cased words (accents kept) behind each stem: PostgreSQL's index keeps the accents.
    surfaces: dict[str, set[str]] = field(default_factory=dict)
    rome_code: str = ""
    # (code, label) of the adjacent jobs that widened the search, and the stems that only they brought.
    adjacent: list[tuple[str, str]] = field(default_factory=list)
    adjacent_terms: set[str] = field(default_factory=set)
    synonym_names: list[str] = field(default_factory=list)

    def add(self, stems: dict[str, float], weight: float, *, source: str = "") -> None:
        for t, share in stems.items():
            w = weight * share
            if w > self.terms.get(t, 0.0):
                self.terms[t] = w

    def add_text(self, value: str, weight: float) -> None:
        for word in text.words(value):
            s = text.stem(word)
            self.terms[s] = max(self.terms.get(s, 0.0), weight)
        for raw in text.fold_free_words(value):
            self.surfaces.setdefault(text.stem(text.fold(raw)), set()).add(raw)

    @property
    def is_empty(self) -> bool:
        return not self.terms


def title_query(title: str, *, rome_code: str = "", with_synonyms: bool = True) -> JobQuery:
    """The query of a job title alone: its words, then ROME and ESCO synonyms of the job it names."""
    q = JobQuery()
    q.add_text(title, TITLE_WEIGHT)
    if not with_synonyms or q.is_empty:
        return q
    q.rome_code = rome_code or suggest_rome_code(title) or ""
    if q.rome_code:
        q.add(synonyms.rome_synonym_terms(q.rome_code), SYNONYM_WEIGHT)
    terms, names = synonyms.esco_synonym_terms(title)
    q.add(terms, SYNONYM_WEIGHT)
    q.synonym_names.extend(names)
    return q


def job_query(job, *, with_synonyms: bool = True, with_adjacent: bool = True) -> JobQuery:
    q = title_query(job.title or "", rome_code=job.rome_code or "", with_synonyms=with_synonyms)
    skills = [s for s in (job.skills or []) if isinstance(s, str)][:MAX_SKILLS]
    for skill in skills:
        q.add_text(skill, SKILL_WEIGHT)
        if with_synonyms:
            terms, _names = synonyms.esco_synonym_terms(skill, limit=4)
            q.add(terms, SYNONYM_WEIGHT * 0.8)
    add_description(q, job.description or "")
    if with_adjacent and q.rome_code:
        widen_with_adjacent(q)
    return q


def add_description(q: JobQuery, description: str) -> None:
    counts = Counter(text.analyze(description))
    for t, _c in counts.most_common(MAX_DESCRIPTION_TERMS):
        if t not in q.terms:
            q.terms[t] = DESCRIPTION_WEIGHT
    for raw in text.fold_free_words(description):
        s = text.stem(text.fold(raw))
        if s in q.terms:
            q.surfaces.setdefault(s, set()).add(raw)


def widen_with_adjacent(q: JobQuery) -> None:
    """Add the words of the job's closest ROME neighbours, at a low weight, and remember which they were."""
    r = rome()
    for code in r.adjacent(q.rome_code)[:ADJACENT_JOBS]:
        label = r.label(code)
        if not label:
            continue
        q.adjacent.append((code, label))
        for word in text.words(label):
            s = text.stem(word)
            if s not in q.terms:
                q.terms[s] = ADJACENT_WEIGHT
                q.adjacent_terms.add(s)
        for raw in text.fold_free_words(label):
            q.surfaces.setdefault(text.stem(text.fold(raw)), set()).add(raw)
