"""Wording tied to the discrimination criteria of French law (article L1132-1 du Code du travail), for the
feedback composer's warning.

The warning is a prompt to reread, not a verdict: it never blocks. Matching is by whole word, case and
accents folded ("Âgé" matches "age"), with the common inflections of each single word (plural, feminine).
The list is curated, French first then English, and kept to words whose presence in feedback on a refusal is
worth a second look; ambiguous everyday words ("jeune équipe", "taille de l'entreprise") are left out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# criterion code → words or phrases (French and English). Labels of the codes are in CRITERIA.
TERMS: dict[str, tuple[str, ...]] = {
    "age": (
        "âge",
        "âgé",
        "trop jeune",
        "plus jeune",
        "trop vieux",
        "trop vieille",
        "génération",
        "retraite",
        "age",
        "too old",
        "too young",
        "older",
        "younger",
        "elderly",
    ),
    "origin": (
        "origine",
        "ethnie",
        "ethnique",
        "race",
        "racial",
        "nationalité",
        "étranger",
        "couleur de peau",
        "accent",
        "origin",
        "ethnic",
        "ethnicity",
        "nationality",
        "foreigner",
        "skin colour",
        "skin color",
    ),
    "sex": ("sexe", "femme", "homme", "masculin", "féminin", "sex", "woman", "man", "female", "male"),
    "family": (
        "situation de famille",
        "situation familiale",
        "enfant",
        "mariée",
        "marié",
        "célibataire",
        "divorcé",
        "maternité",
        "paternité",
        "congé parental",
        "mère",
        "père",
        "children",
        "kids",
        "married",
        "single mother",
        "single father",
        "maternity",
        "paternity",
        "family situation",
    ),
    "pregnancy": ("grossesse", "enceinte", "pregnant", "pregnancy"),
    "health": (
        "santé",
        "malade",
        "maladie",
        "arrêt maladie",
        "médical",
        "burn-out",
        "health",
        "sick",
        "illness",
        "medical",
    ),
    "disability": ("handicap", "handicapé", "invalidité", "rqth", "disability", "disabled", "handicapped"),
    "union": (
        "syndicat",
        "syndical",
        "syndiqué",
        "gréviste",
        "grève",
        "union member",
        "trade union",
        "unionised",
        "unionized",
        "strike",
    ),
    "religion": (
        "religion",
        "religieux",
        "croyance",
        "voile",
        "foulard",
        "musulman",
        "juif",
        "chrétien",
        "catholique",
        "ramadan",
        "religious",
        "muslim",
        "jewish",
        "christian",
        "headscarf",
        "veil",
    ),
    "sexual_orientation": (
        "orientation sexuelle",
        "homosexuel",
        "gay",
        "lesbienne",
        "identité de genre",
        "transgenre",
        "sexual orientation",
        "homosexual",
        "lesbian",
        "gender identity",
        "transgender",
    ),
    "appearance": (
        "apparence",
        "physique",
        "poids",
        "obèse",
        "tatouage",
        "appearance",
        "overweight",
        "obese",
        "tattoo",
    ),
    "residence": (
        "lieu de résidence",
        "banlieue",
        "quartier",
        "where you live",
        "neighbourhood",
        "neighborhood",
        "suburb",
    ),
    "name": ("nom de famille", "patronyme", "prénom", "surname", "family name", "last name", "first name"),
    "opinions": ("opinions politiques", "convictions politiques", "political opinions", "political views"),
}

CRITERIA_LABELS = {
    "age": ("l’âge", "age"),
    "origin": ("l’origine", "origin"),
    "sex": ("le sexe", "sex"),
    "family": ("la situation de famille", "family situation"),
    "pregnancy": ("la grossesse", "pregnancy"),
    "health": ("l’état de santé", "health"),
    "disability": ("le handicap", "disability"),
    "union": ("l’activité syndicale", "union activity"),
    "religion": ("les convictions religieuses", "religion"),
    "sexual_orientation": (
        "l’orientation sexuelle ou l’identité de genre",
        "sexual orientation or gender identity",
    ),
    "appearance": ("l’apparence physique", "physical appearance"),
    "residence": ("le lieu de résidence", "place of residence"),
    "name": ("le nom de famille", "name"),
    "opinions": ("les opinions politiques", "political opinions"),
}


def fold(text: str) -> str:
    """Lower case without accents or ligatures: "Âgée, cœur" → "agee, coeur"."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae").replace("’", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    alternatives = []
    for code, terms in TERMS.items():
        words = []
        for term in terms:
            folded = re.escape(fold(term)).replace(r"\ ", r"\s+")
            # single words also match their plural and feminine forms (âgé, âgée, âgés, âgées)
            words.append(folded if " " in term else folded + r"(?:e|s|es|x)?")
        alternatives.append(f"(?P<{code}>" + "|".join(sorted(words, key=len, reverse=True)) + ")")
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")


@dataclass(frozen=True)
class Warning:
    criterion: str
    label: str
    word: str


def sensitive_wording(text: str, *, language: str = "fr") -> list[Warning]:
    """One warning per criterion found in `text` (with the first word that matched), in the list's order."""
    folded = fold(text or "")
    found: dict[str, str] = {}
    for match in _pattern().finditer(folded):
        code = match.lastgroup
        if code and code not in found:
            found[code] = match.group(0)
    index = 0 if language == "fr" else 1
    return [Warning(code, CRITERIA_LABELS[code][index], found[code]) for code in TERMS if code in found]
