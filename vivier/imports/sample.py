"""Deterministic French candidate files, as an office's Excel saves them: for the benchmark and the tests.

Windows-1252 or UTF-8, `;` separators, decimal commas, dd/mm/yyyy, phone numbers written every which way.
Written line by line: a 50 MB file never sits in memory.
"""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

FIRST = [
    "Camille",
    "Léa",
    "Hugo",
    "Chloé",
    "Louis",
    "Inès",
    "Gabriel",
    "Manon",
    "Raphaël",
    "Zoé",
    "Jules",
    "Élodie",
    "Noé",
    "Anaïs",
    "Théo",
    "Maëlys",
    "Adèle",
    "Benoît",
    "Céline",
    "François",
]
LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "Bézier",
    "Roux",
    "Fournier",
    "Girard",
    "Bonnet",
]
CITIES = [
    "Paris",
    "Lyon",
    "Marseille",
    "Toulouse",
    "Nantes",
    "Lille",
    "Bordeaux",
    "Rennes",
    "Strasbourg",
    "Nîmes",
]
TITLES = [
    "Développeur Python",
    "Comptable",
    "Infirmière",
    "Chef de projet",
    "Commercial B2B",
    "Data analyste",
    "Technicien de maintenance",
    "Chargée de recrutement",
    "Responsable paie",
    "Ingénieur qualité",
]
SKILLS = ["Python", "Django", "SQL", "Excel", "SAP", "Gestion de projet", "Anglais", "Java", "React", "Paie"]
HEADER = [
    "Prénom",
    "Nom",
    "E-mail",
    "Téléphone",
    "Ville",
    "Poste",
    "Compétences",
    "Prétentions",
    "Télétravail",
]


def _phone(rng: random.Random, n: int) -> str:
    # 06 1x and 07 5x: ranges allocated to mobiles, so every generated number is valid
    mobile = rng.choice("67")
    digits = ("1" if mobile == "6" else "5") + f"{rng.randint(0, 9_999_999):07d}"
    forms = [
        f"0{mobile} {digits[0:2]} {digits[2:4]} {digits[4:6]} {digits[6:8]}",
        f"+33 {mobile} {digits[0:2]} {digits[2:4]} {digits[4:6]} {digits[6:8]}",
        f"0{mobile}{digits}",
        f"0033{mobile}{digits}",
        f"0{mobile}.{digits[0:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:8]}",
    ]
    return forms[n % len(forms)]


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()


def candidate_rows(n: int, *, seed: int = 7):
    rng = random.Random(seed)
    for i in range(n):
        first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
        salary = rng.randint(28, 90) * 1000
        yield [
            first,
            last,
            f"{_ascii(first)}.{_ascii(last)}.{i}@exemple.fr",
            _phone(rng, i) if i % 10 else "",
            CITIES[i % len(CITIES)],
            TITLES[i % len(TITLES)],
            ", ".join(rng.sample(SKILLS, 3)),
            f"{salary // 1000} {salary % 1000:03d},00" if i % 3 else f"{salary // 1000} k€",
            rng.choice(["Hybride", "Télétravail total", "Sur site", ""]),
        ]


def write_candidates_csv(path: Path, n: int, *, encoding: str = "cp1252", seed: int = 7) -> Path:
    """n rows (plus the header) of candidates, `;`-separated, in the given encoding."""
    with path.open("w", encoding=encoding, newline="") as f:
        f.write(";".join(HEADER) + "\r\n")
        for row in candidate_rows(n, seed=seed):
            f.write(";".join(row) + "\r\n")
    return path
