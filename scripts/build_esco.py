#!/usr/bin/env python
"""Convert the European Commission's ESCO classification (CSV export) into the compact synonym file we ship.

Reads ../shared/data/esco_fr (or the folder given) and writes vivier/matching/data/esco.json.gz: one group of
equivalent labels per concept, only where a concept has more than one label:
- occupations: the French preferred and alternative labels, the masculine/feminine halves of "a/b" labels,
  and the English preferred and alternative labels of the same concept (so a French job title finds English
  CVs and the other way round);
- skills: the French preferred label with its alternative labels.
Descriptions and hierarchies are not kept: the matcher only needs "these words name the same thing".

Attribution: ESCO, European Commission (https://esco.ec.europa.eu), reused under the Commission's reuse policy
(Decision 2011/833/EU); see vivier/matching/data/README.md.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
csv.field_size_limit(10_000_000)


def read(folder: Path, name: str) -> list[dict[str, str]]:
    path = folder / name
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def labels_of(row: dict[str, str]) -> list[str]:
    out: list[str] = []
    for raw in [row.get("preferredLabel", ""), *row.get("altLabels", "").splitlines()]:
        raw = raw.strip()
        if not raw:
            continue
        out.append(raw)
        # "directeur technique/directrice technique": each half is a label people write on its own.
        if "/" in raw:
            out.extend(part.strip() for part in raw.split("/") if len(part.strip()) > 2)
    seen: set[str] = set()
    return [x for x in out if not (x.lower() in seen or seen.add(x.lower()))]


def main(folder: Path) -> None:
    english = {r["conceptUri"]: labels_of(r) for r in read(folder, "occupations_en.csv")}
    occupations = []
    for r in read(folder, "occupations_fr.csv"):
        group = labels_of(r) + english.get(r["conceptUri"], [])
        if len(group) > 1:
            occupations.append(group)
    skills = [g for r in read(folder, "skills_fr.csv") if len(g := labels_of(r)) > 1]
    data = {
        "source": "ESCO v1.0 (European Commission), CSV export; reuse with acknowledgement (Decision 2011/833/EU)",
        "occupations": occupations,
        "skills": skills,
    }
    out = ROOT / "vivier" / "matching" / "data" / "esco.json.gz"
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
    print(f"{out}: {len(occupations)} occupation groups, {len(skills)} skill groups")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "esco_fr")
