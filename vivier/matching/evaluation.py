"""Quality measured on public data nobody here wrote: rediscovery (rjdb) and title normalisation (MELO).

The evaluation sets are never shipped: they are read from ../shared/data (or the paths given) at run time.
Vivier's side uses the product's own analysis, query building and BM25F scoring (vivier.matching.text and
.query) over an in-memory index; the baseline is plain BM25 (lower case, word characters, no stemming, no
synonyms), so the difference measures what the analysis and the synonyms bring.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from vivier.matching import synonyms, text
from vivier.matching.query import DESCRIPTION_WEIGHT, JobQuery, add_description, job_query, title_query

BASELINE_K1, BASELINE_B = 1.2, 0.75


class DataMissing(Exception):
    pass


# --- metrics -------------------------------------------------------------------------------------------


def ranking(scores: dict[int, float], n: int) -> list[int]:
    """Every document, best first; ties and unscored documents in index order (no luck from dict order)."""
    scored = sorted(scores, key=lambda i: (-scores[i], i))
    seen = set(scored)
    return scored + [i for i in range(n) if i not in seen]


def reciprocal_rank(ranked: Sequence[int], relevant: set[int]) -> float:
    for pos, i in enumerate(ranked, 1):
        if i in relevant:
            return 1.0 / pos
    return 0.0


def recall_at(ranked: Sequence[int], relevant: set[int], k: int = 10) -> float:
    return len(relevant.intersection(ranked[:k])) / len(relevant) if relevant else 0.0


def average_precision(ranked: Sequence[int], relevant: set[int]) -> float:
    hits, total = 0, 0.0
    for pos, i in enumerate(ranked, 1):
        if i in relevant:
            hits += 1
            total += hits / pos
            if hits == len(relevant):
                break
    return total / len(relevant) if relevant else 0.0


def mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


# --- rjdb: rediscovery -----------------------------------------------------------------------------------

_HEADING = re.compile(r"^\s*(?:#+\s*)?(job title|title)\s*:?\s*$", re.I)


def job_title_of(description: str) -> str:
    """The line under a 'Job title' heading, else the first non-empty line (job ads open with the title)."""
    lines = [ln.strip() for ln in description.splitlines()]
    for i, line in enumerate(lines):
        if _HEADING.match(line):
            return next((ln.lstrip("#").strip() for ln in lines[i + 1 :] if ln), "")
    return next((ln.lstrip("#").strip() for ln in lines if ln), "")


def load_rjdb(path: Path) -> list[dict]:
    if not path.exists():
        raise DataMissing(
            f"{path} not found: the rjdb evaluation set is read from ../shared/data/rjdb "
            "(or give --rjdb PATH); it is never shipped with Vivier."
        )
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    for r in rows:
        if not {"Job-Description", "Resume-matched", "Resume-unmatched"} <= r.keys():
            raise DataMissing(f"{path}: a record lacks Job-Description / Resume-matched / Resume-unmatched")
    return rows


@dataclass
class Result:
    name: str
    metrics: dict[str, float]


def _vivier_job_query(description: str) -> JobQuery:
    job = SimpleNamespace(title=job_title_of(description), rome_code="", skills=[], description="")
    q = job_query(job, with_adjacent=False)
    add_description(q, description)
    return q


def evaluate_rjdb(rows: list[dict]) -> list[Result]:
    """Pool every resume (2 per job), rank them for each job description."""
    resumes: list[str] = []
    for r in rows:
        resumes += [r["Resume-matched"], r["Resume-unmatched"]]

    def vivier_search() -> Callable[[str], dict[int, float]]:
        index = text.MemoryIndex([text.Document.from_fields([(r, DESCRIPTION_WEIGHT)]) for r in resumes])
        return lambda jd: index.search(_vivier_job_query(jd).terms)

    def baseline_search() -> Callable[[str], dict[int, float]]:
        index = text.MemoryIndex(
            [text.Document.from_fields([(r, 1.0)], analyzer=text.plain_tokens) for r in resumes]
        )
        return lambda jd: index.search(
            dict.fromkeys(text.plain_tokens(jd), 1.0), k1=BASELINE_K1, b=BASELINE_B
        )

    results = []
    for name, make in (("BM25 baseline", baseline_search), ("Vivier", vivier_search)):
        search = make()
        rr, rec, pair = [], [], []
        for i, r in enumerate(rows):
            scores = search(r["Job-Description"])
            ranked = ranking(scores, len(resumes))
            rr.append(reciprocal_rank(ranked, {2 * i}))
            rec.append(recall_at(ranked, {2 * i}, 10))
            good, weak = scores.get(2 * i, 0.0), scores.get(2 * i + 1, 0.0)
            pair.append(1.0 if good > weak else 0.5 if good == weak else 0.0)
        results.append(
            Result(name, {"MRR": mean(rr), "Recall@10": mean(rec), "matched > weakened": mean(pair)})
        )
    return results


# --- MELO: title normalisation ---------------------------------------------------------------------------


def _tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [row for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if row]


def load_melo(folder: Path) -> tuple[dict[str, str], list[tuple[str, str]], dict[str, set[str]]]:
    """(queries id → title, corpus [(id, label)], qrels query id → relevant element ids)."""
    names = ("queries.tsv", "corpus_elements.tsv", "annotations.tsv")
    if not all((folder / n).exists() for n in names):
        raise DataMissing(
            f"{folder} lacks {', '.join(names)}: the MELO set is read from ../shared/data/melo_fr "
            "(or give --melo PATH); it is never shipped with Vivier."
        )
    queries = {r[0]: r[1] for r in _tsv(folder / "queries.tsv") if len(r) >= 2}
    corpus = [(r[0], r[1]) for r in _tsv(folder / "corpus_elements.tsv") if len(r) >= 2]
    qrels: dict[str, set[str]] = defaultdict(set)
    for r in _tsv(folder / "annotations.tsv"):
        if len(r) >= 4 and r[3].strip() not in ("0", ""):
            qrels[r[0]].add(r[2])
    return queries, corpus, dict(qrels)


def label_concepts(labels: list[str]) -> dict[int, list[int]]:
    """Label position → the ESCO occupation groups (of our shipped file) that hold this label."""
    esco = synonyms.esco()
    out: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        gids = [g for g in esco.by_key.get(synonyms.key(label), []) if esco.groups[g].kind == "occupation"]
        if gids:
            out[i] = gids
    return out


def concept_spread(
    scores: dict[int, float], concepts: dict[int, list[int]], share: float = 0.9
) -> dict[int, float]:
    """A label scores at least `share` of the best label naming the same ESCO concept.

    Normalising a title means finding the occupation, not one spelling of it: all its labels follow.
    """
    members: dict[int, list[int]] = defaultdict(list)
    for i, gids in concepts.items():
        for g in gids:
            members[g].append(i)
    group_best: dict[int, float] = {}
    for i in scores:
        for g in concepts.get(i, ()):
            group_best[g] = max(group_best.get(g, 0.0), scores[i])
    out = dict(scores)
    for g, best in group_best.items():
        for i in members[g]:
            if share * best > out.get(i, 0.0):
                out[i] = share * best
    return out


def evaluate_melo(
    queries: dict[str, str], corpus: list[tuple[str, str]], qrels: dict[str, set[str]]
) -> list[Result]:
    labels = [label for _id, label in corpus]
    position = {eid: i for i, (eid, _l) in enumerate(corpus)}
    baseline = text.MemoryIndex(
        [text.Document.from_fields([(lb, 1.0)], analyzer=text.plain_tokens) for lb in labels]
    )
    vivier = text.MemoryIndex([text.Document.from_fields([(lb, 1.0)]) for lb in labels])
    concepts = label_concepts(labels)

    def run_baseline(title: str) -> dict[int, float]:
        return baseline.search(dict.fromkeys(text.plain_tokens(title), 1.0), k1=BASELINE_K1, b=BASELINE_B)

    def run_vivier(title: str) -> dict[int, float]:
        return concept_spread(vivier.search(title_query(title).terms), concepts)

    results = []
    for name, run in (("BM25 baseline", run_baseline), ("Vivier", run_vivier)):
        aps, rr, rec = [], [], []
        for qid, title in queries.items():
            relevant = {position[e] for e in qrels.get(qid, ()) if e in position}
            if not relevant:
                continue
            ranked = ranking(run(title), len(labels))
            aps.append(average_precision(ranked, relevant))
            rr.append(reciprocal_rank(ranked, relevant))
            rec.append(recall_at(ranked, relevant, 10))
        results.append(Result(name, {"MAP": mean(aps), "MRR": mean(rr), "Recall@10": mean(rec)}))
    return results
