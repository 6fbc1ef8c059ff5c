"""Synonyms for matching: ROME job titles of one code, and ESCO labels of one concept (occupation or skill).

Both files ship in vivier/matching/data (see the README there for sources and licences); they are loaded once
per process, lazily, since most requests never rank anything.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from vivier.matching import text
from vivier.matching.rome import rome

ESCO_FILE = Path(__file__).resolve().parent / "data" / "esco.json.gz"
# Longest label looked up inside a title or skill, in words: ESCO labels are rarely longer.
MAX_NGRAM = 5
_PARTS = re.compile(r"\s*[/,;|()]\s*|\s+-\s+")


def key(label: str) -> str:
    """The lookup key of a label: folded words without stop words ('Développeur web' → 'developpeur web')."""
    return " ".join(text.words(label))


@dataclass(frozen=True)
class Group:
    kind: str  # "occupation" or "skill"
    labels: tuple[str, ...]


class Esco:
    def __init__(self, data: dict) -> None:
        self.groups: list[Group] = []
        self.by_key: dict[str, list[int]] = defaultdict(list)
        for kind in ("occupations", "skills"):
            for labels in data.get(kind, []):
                gid = len(self.groups)
                self.groups.append(Group(kind[:-1], tuple(labels)))
                for label in labels:
                    k = key(label)
                    if k and gid not in self.by_key[k]:
                        self.by_key[k].append(gid)

    def lookup(self, phrase: str) -> list[Group]:
        """Groups having a label equal to `phrase`, or to one of its parts or word sequences.

        Longer matches win: 'développeur web' is looked up before 'web'.
        """
        found: list[int] = []
        for part in [phrase, *_PARTS.split(phrase or "")]:
            ws = text.words(part)
            for size in range(min(MAX_NGRAM, len(ws)), 0, -1):
                for start in range(len(ws) - size + 1):
                    # One-word sub-phrases are too vague ("web", "gestion") unless they are the whole phrase.
                    if size == 1 and len(ws) > 1:
                        continue
                    for gid in self.by_key.get(" ".join(ws[start : start + size]), ()):
                        if gid not in found:
                            found.append(gid)
        return [self.groups[g] for g in found]


@cache
def esco() -> Esco:
    if not ESCO_FILE.exists():  # a trimmed install still ranks, without ESCO synonyms
        return Esco({})
    with gzip.open(ESCO_FILE, "rt", encoding="utf-8") as fh:
        return Esco(json.load(fh))


@cache
def rome_titles_by_code() -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for title, code, _main in rome().titles:
        out[code].append(title)
    return dict(out)


def common_terms(labels: list[str], *, limit: int, min_share: float = 0.0) -> dict[str, float]:
    """The stems shared by a list of equivalent labels, weighted by the share of labels holding them.

    A stem in every label of a concept names it; one that appears once is a detail of one variant.
    """
    if not labels:
        return {}
    counts: Counter[str] = Counter()
    for label in labels:
        counts.update(set(text.analyze(label)))
    n = len(labels)
    ranked = [(c / n, t) for t, c in counts.items() if c / n >= min_share]
    ranked.sort(key=lambda x: (-x[0], x[1]))
    # The square root: a word in a quarter of the variants still says a good deal about the job.
    return {t: share**0.5 for share, t in ranked[:limit]}


def rome_synonym_terms(code: str, *, limit: int = 8) -> dict[str, float]:
    titles = rome_titles_by_code().get(code, [])
    label = rome().label(code)
    return common_terms([label, *titles] if label else titles, limit=limit)


def esco_synonym_terms(phrase: str, *, limit: int = 8) -> tuple[dict[str, float], list[str]]:
    """Terms of the ESCO concepts named in `phrase`, and the preferred labels of those concepts."""
    terms: dict[str, float] = {}
    names: list[str] = []
    for group in esco().lookup(phrase)[:3]:
        names.append(group.labels[0])
        for t, share in common_terms(list(group.labels), limit=limit).items():
            terms[t] = max(terms.get(t, 0.0), share)
    return terms, names
