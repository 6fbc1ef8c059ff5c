"""France Travail's ROME job taxonomy, from the compact file built by scripts/build_taxonomy.py.

Titles are matched on their words with accents and gender forms ignored ("Développeuse web" finds
"Développeur / Développeuse web"), words weighted by rarity so "ingénieur" counts less than "logiciel".
"""

from __future__ import annotations

import gzip
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "rome.json.gz"
_WORD = re.compile(r"[a-z0-9]+")
_STOP = {
    "de",
    "des",
    "du",
    "la",
    "le",
    "les",
    "en",
    "et",
    "d",
    "l",
    "a",
    "au",
    "aux",
    "un",
    "une",
    "of",
    "the",
    "and",
}


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return [w for w in _WORD.findall(folded) if w not in _STOP]


@dataclass(frozen=True)
class Suggestion:
    code: str
    label: str
    title: str
    score: float


class Rome:
    def __init__(self, data: dict) -> None:
        self.fiches: dict[str, str] = data["fiches"]
        self.mobility: dict[str, list[str]] = data["mobility"]
        self.definitions: dict[str, list[str]] = data["definitions"]
        self.titles: list[tuple[str, str, bool]] = [tuple(t) for t in data["titles"]]
        self._index: dict[str, list[int]] = defaultdict(list)
        self._title_words: list[set[str]] = []
        df: Counter[str] = Counter()
        for i, (title, _code, _main) in enumerate(self.titles):
            ws = set(words(title))
            self._title_words.append(ws)
            df.update(ws)
            for w in ws:
                self._index[w].append(i)
        n = len(self.titles)
        self._idf = {w: math.log(1 + n / c) for w, c in df.items()}

    def label(self, code: str) -> str:
        return self.fiches.get(code, "")

    def adjacent(self, code: str) -> list[str]:
        return self.mobility.get(code, [])

    def suggest(self, title: str, limit: int = 5) -> list[Suggestion]:
        query = set(words(title))
        if not query:
            return []
        scores: dict[int, float] = defaultdict(float)
        for w in query:
            for i in self._index.get(w, ()):
                scores[i] += self._idf[w]
        query_weight = sum(self._idf.get(w, 0.0) for w in query) or 1.0
        ranked = []
        for i, s in scores.items():
            title_weight = sum(self._idf[w] for w in self._title_words[i])
            # Dice-like: rewards titles that cover the query without many extra words.
            score = 2 * s / (query_weight + title_weight)
            if self.titles[i][2]:
                score += 0.01  # prefer the fiche's main title on ties
            ranked.append((score, i))
        ranked.sort(reverse=True)
        out: list[Suggestion] = []
        seen: set[str] = set()
        for score, i in ranked:
            t, code, _main = self.titles[i]
            if code in seen:
                continue
            seen.add(code)
            out.append(Suggestion(code=code, label=self.fiches[code], title=t, score=round(score, 3)))
            if len(out) == limit:
                break
        return out


@cache
def rome() -> Rome:
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as fh:
        return Rome(json.load(fh))


def suggest_rome_code(title: str, *, threshold: float = 0.45) -> str | None:
    """The ROME code of a job title when the match is good enough to fill in without asking."""
    best = rome().suggest(title, limit=1)
    return best[0].code if best and best[0].score >= threshold else None
