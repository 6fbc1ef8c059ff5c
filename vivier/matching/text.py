"""Text analysis and relevance scoring, the same for the product and for `vivier evaluate`.

Analysis: lower case, accents and ligatures folded, French and English stop words dropped, French gender forms
brought together ("développeuse" → "développeur"), then the French and the English Snowball stemmers applied one
after the other. Both stemmers run on every word, whatever the language of the text: a pool mixes French and
English CVs, and one word must always give the same stem, in a job and in a CV, or they would not meet.

Scoring: BM25F (fields weighted before the saturation), with idf from whatever corpus statistics the caller has
(the database's full-text index in the product, an in-memory index in the evaluation).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer

# Past this many characters a field is not read: a pasted 5 MB CV must not stall a ranking.
MAX_CHARS = 20_000
MAX_WORD = 40
K1 = 1.2
B = 0.6

# Written forms that the tokenizer would otherwise break apart or lose ("c++" → "c").
_SPECIAL = [
    (re.compile(r"(?<![a-z0-9])c\+\+", re.I), " cplusplus "),
    (re.compile(r"(?<![a-z0-9])c#", re.I), " csharp "),
    (re.compile(r"(?<![a-z0-9])f#", re.I), " fsharp "),
    (re.compile(r"\.net(?![a-z0-9])", re.I), " dotnet "),
    (re.compile(r"node\.js", re.I), " nodejs "),
]
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "’": "'"})
# Letters of any script and digits: a CV in Polish or Greek still yields words (Latin accents are folded first).
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_TOKEN = re.compile(r"[^\W_]+")
STOP_WORDS = frozenset(
    # French
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "cet",
        "cette",
        "chez",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "et",
        "etre",
        "il",
        "ils",
        "je",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "lui",
        "ma",
        "mais",
        "me",
        "meme",
        "mes",
        "moi",
        "mon",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "d",
        "j",
        "m",
        "n",
        "s",
        "t",
        "y",
        "c",
        "est",
        "sont",
        "ete",
        "plus",
        "tres",
        "afin",
        "ainsi",
        "dont",
    ]
    # English
    + [
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "he",
        "her",
        "his",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "she",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "which",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
        "can",
        "may",
        "must",
        "should",
        "about",
        "also",
        "any",
        "all",
        "such",
    ]
)
_FR = Stemmer.Stemmer("french")
_EN = Stemmer.Stemmer("english")
# French feminine and masculine job words end differently; the stemmers alone keep them apart.
_GENDER = [("trice", "teur"), ("euse", "eur"), ("iere", "ier"), ("ienne", "ien"), ("enne", "en")]


def fold(text: str) -> str:
    """Lower case without accents: 'Développeuse Œnologue' → 'developpeuse oenologue'."""
    text = text[:MAX_CHARS].lower()
    ascii_only = text.isascii()
    if not ascii_only:  # the ligatures are not ASCII: nothing to translate otherwise
        text = text.translate(_LIGATURES)
    # This path is hot in the re-ranking (200 profiles a job): the patterns only run where they could match.
    if "+" in text or "#" in text or ".net" in text or "node.js" in text:
        for pattern, repl in _SPECIAL:
            text = pattern.sub(repl, text)
    if ascii_only or text.isascii():  # most CVs: nothing to fold
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def words(text: str) -> list[str]:
    """The folded words of a text, stop words and one-letter words removed (digits kept: 'java 8')."""
    return [
        w
        for w in _TOKEN.findall(fold(text or ""))
        if w not in STOP_WORDS and len(w) <= MAX_WORD and (len(w) > 1 or w.isdigit())
    ]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """One stem per folded word, whatever the language it comes from."""
    if word.isdigit():
        return word
    for ending, replacement in _GENDER:
        if word.endswith(ending) and len(word) > len(ending) + 3:
            word = word[: -len(ending)] + replacement
            break
    return _EN.stemWord(_FR.stemWord(word))


def analyze(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def fold_free_words(text: str) -> list[str]:
    """Lower-cased words with their accents, for indexes that keep accents (PostgreSQL's 'simple' config)."""
    return [w for w in _TOKEN.findall((text or "")[:MAX_CHARS].lower()) if len(w) <= MAX_WORD and len(w) > 1]


def plain_tokens(text: str) -> list[str]:
    """The baseline's analysis: lower case and word characters only, no folding, stemming or stop words."""
    return re.findall(r"\w+", (text or "")[:MAX_CHARS].lower())


# --- BM25F ---------------------------------------------------------------------------------------------


def idf(df: int, n: int) -> float:
    """BM25's idf, floored at zero so a word found everywhere adds nothing instead of taking away."""
    return max(0.0, math.log(1 + (n - df + 0.5) / (df + 0.5)))


def saturate(tf: float, length: float, avg_length: float, k1: float = K1, b: float = B) -> float:
    norm = k1 * (1 - b + b * length / (avg_length or 1.0))
    return tf * (k1 + 1) / (tf + norm)


@dataclass
class Document:
    """A document's weighted term frequencies (each field's words counted with the field's weight)."""

    tf: Counter[str] = field(default_factory=Counter)
    length: float = 0.0

    @classmethod
    def from_fields(cls, fields: Iterable[tuple[str, float]], analyzer=analyze) -> Document:
        doc = cls()
        for text, weight in fields:
            for term in analyzer(text or ""):
                doc.tf[term] += weight
                doc.length += weight
        return doc


def score(
    query: Mapping[str, float],
    doc: Document,
    idfs: Mapping[str, float],
    avg_length: float,
    *,
    k1: float = K1,
    b: float = B,
) -> float:
    """BM25F of one document for a weighted query (term → weight)."""
    total = 0.0
    # Walk the shorter side: a long job ad against a short profile, or the other way round.
    if len(doc.tf) < len(query):
        pairs = ((t, query[t], tf) for t, tf in doc.tf.items() if t in query)
    else:
        pairs = ((t, w, doc.tf[t]) for t, w in query.items() if t in doc.tf)
    for term, weight, tf in pairs:
        total += weight * idfs.get(term, 0.0) * saturate(tf, doc.length, avg_length, k1, b)
    return total


def ideal(query: Mapping[str, float], idfs: Mapping[str, float], *, k1: float = K1) -> float:
    """The score of a document holding every query term often: the yardstick that maps scores to 0..1."""
    return sum(w * idfs.get(t, 0.0) for t, w in query.items()) * (k1 + 1) * 0.6 or 1.0


class MemoryIndex:
    """An in-memory inverted index over a fixed list of documents: the evaluation's stand-in for the database."""

    def __init__(self, documents: list[Document]) -> None:
        self.documents = documents
        self.n = len(documents)
        self.avg_length = sum(d.length for d in documents) / (self.n or 1)
        self.postings: dict[str, list[int]] = {}
        for i, doc in enumerate(documents):
            for term in doc.tf:
                self.postings.setdefault(term, []).append(i)
        self.idfs = {t: idf(len(p), self.n) for t, p in self.postings.items()}

    def df(self, term: str) -> int:
        return len(self.postings.get(term, ()))

    def search(self, query: Mapping[str, float], *, k1: float = K1, b: float = B) -> dict[int, float]:
        """Score of every document holding at least one query term (the others score 0)."""
        scores: dict[int, float] = {}
        for term, weight in query.items():
            w = weight * self.idfs.get(term, 0.0)
            if not w:
                continue
            for i in self.postings.get(term, ()):
                doc = self.documents[i]
                scores[i] = scores.get(i, 0.0) + w * saturate(
                    doc.tf[term], doc.length, self.avg_length, k1, b
                )
        return scores
