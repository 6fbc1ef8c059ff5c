"""The job families of the data set, built from the ROME taxonomy: titles, definitions, skills."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
