#!/usr/bin/env python
"""Convert France Travail's ROME v460 open data into the compact file the product ships.

Reads ../shared/data/rome_v460 (or the folder given) and writes vivier/matching/data/rome.json.gz:
fiches (code → label), job titles (title → code, with synonyms), mobility links (code → adjacent codes),
and a few definition sentences per fiche for the demo data. Run it again when a new ROME version is published.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def read(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def main(folder: Path) -> None:
    fiches = {
        r["code_rome"]: r["libelle_rome"] for r in read(folder, "unix_referentiel_code_rome_v460_utf8.csv")
    }
    titles = [
        [r["libelle_appellation_court"], r["code_rome"], r["classification"] == "PRINCIPALE"]
        for r in read(folder, "unix_referentiel_appellation_v460_utf8.csv")
        if r["code_rome"] in fiches and r.get("peu_usite", "N") != "O"
    ]
    mobility: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for r in read(folder, "unix_rubrique_mobilite_v460_utf8.csv"):
        mobility[r["code_rome"]].append((int(r["numero_ordre"] or 0), r["code_rome_cible"]))
    definitions: dict[str, list[str]] = defaultdict(list)
    for r in read(folder, "unix_texte_v460_utf8.csv"):
        kind = r.get("type_texte") or r.get("libelle_type_texte") or ""
        if "definition" in kind and len(definitions[r["code_rome"]]) < 4:
            definitions[r["code_rome"]].append(r["libelle_texte"].replace("''", "'"))
    data = {
        "source": "ROME v460, France Travail (open data, Licence Ouverte / Etalab 2.0)",
        "fiches": fiches,
        "titles": titles,
        "mobility": {k: [c for _, c in sorted(v)] for k, v in mobility.items()},
        "definitions": definitions,
    }
    out = ROOT / "vivier" / "matching" / "data" / "rome.json.gz"
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
    print(f"{out}: {len(fiches)} fiches, {len(titles)} titles, {sum(map(len, mobility.values()))} links")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "rome_v460")
