"""Candidate generation from the database's own full-text index (talent.search), then corpus statistics.

The FTS5 table (SQLite) and the GIN index (PostgreSQL) are kept in step with every write by talent's migration
0002, so an edited candidate is searchable at the next query, with no index of our own to rebuild or to hold
in memory. The index stores folded but unstemmed words; a stem is searched as a prefix ("developp"* finds
développeur, développeuse, développement), which gives stemming without changing the index.

Cost control: the work of an OR query grows with the number of postings it reads, so the query keeps the most
specific terms (weight × idf) until a budget of postings is spent; the common words left out are still
scored by the re-ranking.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.db import connection

from vivier.matching import text
from vivier.matching.query import JobQuery
from vivier.talent.search import FTS_TABLE, PG_DOCUMENT

# How many candidates the index hands to the re-ranking: enough for fit and declines to reorder the top 50.
POOL = 200
MAX_QUERY_TERMS = 16
# Postings an OR query may read; about 40 ms of FTS5 work on this machine's 2 cores.
POSTINGS_BUDGET = 80_000
STATS_TTL = 600.0
# FTS5 column order: first_name, last_name, email, headline, city, skills, summary.
FTS_WEIGHTS = "0.0, 0.0, 0.0, 3.0, 0.0, 2.0, 1.0"
FTS_COLUMNS = "{headline skills summary}"
# French gender endings the stemmer keeps: searched without them so both forms match (directeur, directrice).
_OPEN_ENDINGS = ("teur", "eur", "ien", "ier")

_stats: dict[tuple[str, str], tuple[float, int]] = {}


def clear_stats() -> None:
    _stats.clear()


def prefix_of(term: str) -> str:
    """The prefix under which the index finds every word with this stem."""
    for ending in _OPEN_ENDINGS:
        if term.endswith(ending) and len(term) - len(ending) >= 4:
            return term[: -len(ending)]
    return term


def _fts_atom(term: str) -> str:
    p = prefix_of(term)
    # Short stems as prefixes match half the dictionary ("art"* → artisan, article…): exact words there.
    return f'"{p}"*' if len(p) >= 4 else f'"{p}"'


def _pg_atoms(term: str, surfaces: Iterable[str]) -> set[str]:
    p = prefix_of(term)
    atoms = {f"{p}:*" if len(p) >= 4 else p}
    # The PostgreSQL index keeps accents: the same prefix as written in the job ("développ") is searched too.
    for raw in surfaces:
        cut = raw[: len(p)]
        if cut != p and text.fold(cut) == p:
            atoms.add(f"{cut}:*" if len(p) >= 4 else cut)
    return atoms


def _pg_tsquery(atoms: Iterable[str]) -> str:
    # Atoms are made of word characters only (see text._TOKEN), so nothing needs escaping.
    return " | ".join(sorted(atoms))


def corpus_stats(terms: list[str], q: JobQuery) -> tuple[int, dict[str, int]]:
    """(pool size, document frequency of each term's prefix), in one query, cached for a few minutes.

    A df read from the index is a count of postings: cheap for rare words, the price of a scan for common
    ones, hence the cache (the figures move slowly: a pool does not change shape in ten minutes).
    """
    vendor = connection.vendor
    now = time.monotonic()
    missing = [
        t for t in ["\0n", *terms] if (hit := _stats.get((vendor, t))) is None or now - hit[0] > STATS_TTL
    ]
    if missing:
        selects, params = [], []
        for t in missing:
            if t == "\0n":
                # max(id) rather than count(*): an index lookup, not a scan of a million rows.
                selects.append("(SELECT coalesce(max(id), 0) FROM talent_candidate)")
            elif vendor == "sqlite":
                selects.append(f"(SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)")  # noqa: S608
                params.append(f"{FTS_COLUMNS} : {_fts_atom(t)}")
            else:
                selects.append(
                    f"(SELECT count(*) FROM talent_candidate WHERE {PG_DOCUMENT} @@ "  # noqa: S608
                    "to_tsquery('simple'::regconfig, %s))"
                )
                params.append(_pg_tsquery(_pg_atoms(t, q.surfaces.get(t, ()))))
        with connection.cursor() as cur:
            cur.execute("SELECT " + ", ".join(selects), params)
            row = cur.fetchone()
        for t, value in zip(missing, row, strict=True):
            _stats[(vendor, t)] = (now, int(value or 0))
        if len(_stats) > 100_000:  # a long-lived process meets many words: forget them all now and then
            _stats.clear()
    n = _stats.get((vendor, "\0n"), (0, 0))[1]
    return n, {t: _stats.get((vendor, t), (0, 0))[1] for t in terms}


def choose_terms(q: JobQuery, n: int, dfs: dict[str, int]) -> list[str]:
    """The most specific terms first, within the postings budget; never nothing when something matches."""
    ranked = sorted(
        (t for t in q.terms if dfs.get(t)), key=lambda t: -q.terms[t] * text.idf(dfs[t], max(n, 1))
    )
    chosen: list[str] = []
    spent = 0
    for t in ranked:
        df = dfs[t]
        if chosen and spent + df > POSTINGS_BUDGET:
            continue
        chosen.append(t)
        spent += df
        if len(chosen) >= MAX_QUERY_TERMS:
            break
    return chosen


def candidate_ids(q: JobQuery, *, pool: int = POOL) -> tuple[list[int], int, dict[str, int]]:
    """Ids of the best `pool` candidates by the index's own ranking, the pool size and the terms' df."""
    terms = sorted(q.terms, key=lambda t: -q.terms[t])[:60]
    if not terms or connection.vendor not in ("sqlite", "postgresql"):
        return [], 0, {}
    n, dfs = corpus_stats(terms, q)
    chosen = choose_terms(q, n, dfs)
    if not chosen:
        return [], n, dfs
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            expr = f"{FTS_COLUMNS} : (" + " OR ".join(_fts_atom(t) for t in chosen) + ")"
            cur.execute(
                # Only module constants are formatted in; every value is a parameter.
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
                f"ORDER BY bm25({FTS_TABLE}, {FTS_WEIGHTS}) LIMIT %s",
                [expr, pool],
            )
        else:
            atoms: set[str] = set()
            for t in chosen:
                atoms |= _pg_atoms(t, q.surfaces.get(t, ()))
            tsq = _pg_tsquery(atoms)
            cur.execute(
                f"SELECT id FROM talent_candidate WHERE {PG_DOCUMENT} @@ "  # noqa: S608
                "to_tsquery('simple'::regconfig, %s) "
                f"ORDER BY ts_rank({PG_DOCUMENT}, to_tsquery('simple'::regconfig, %s)) DESC, id DESC "
                "LIMIT %s",
                [tsq, tsq, pool],
            )
        ids = [row[0] for row in cur.fetchall()]
    return ids, n, dfs
