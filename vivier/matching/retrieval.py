"""Candidate generation from the database's own full-text index (talent.search), then corpus statistics.

The FTS5 table (SQLite) and the GIN index (PostgreSQL) are kept in step with every write by talent's migrations
0002 and 0011, so an edited candidate is searchable at the next query, with no index of our own to rebuild or to
hold in memory. The index stores folded but unstemmed words; a stem is searched as a prefix ("developp"* finds
développeur, développeuse, développement), which gives stemming without changing the index.

Cost control: the work of an OR query grows with the number of postings it reads, so the query keeps the most
specific terms (weight × idf) until a budget of postings is spent; the common words left out are still
scored by the re-ranking.

PostgreSQL's GIN index only says which rows hold a word: a count or a ts_rank reads each matching row (4 to
8 µs each at a million profiles, the table being larger than the buffer cache). Counting the 60 terms of a job
took 34 to 83 s, ranking the OR query's 70,000 rows 1.5 to 2 s. Two things keep that down, with the same
query and the same pool as exact counts and the full OR query would give:
- Document frequencies (_pg_document_frequencies, _pg_settle): one pass over a fixed block sample of the
  table (TABLESAMPLE SYSTEM … REPEATABLE, SAMPLE_ROWS rows) estimates every term's; a term the sample saw
  fewer than MIN_SAMPLE_HITS times is counted exactly through the index (cheap for a rare word, and where a
  sample is least precise). An estimate is then counted exactly wherever its sampling error could change
  what choose_terms does: the chosen terms, and the terms whose place in the order or whose fit in the
  postings budget the error could change. Left estimated are the terms the query leaves out anyway, whose
  df only weighs in the re-ranking's idf (a 2 to 5 % error there moves an idf by 0.02 to 0.05: on the bench's
  50 jobs the top 50 kept 99.8 % of its people, near-ties trading places, 0.16 places on average). Counting
  those too would make a new job's figures cost 6 s again.
  PostgreSQL's own statistics (pg_stats.most_common_elems of the column) were not used: they only keep words
  found in more than about 1 % of the sampled rows, and a prefix's rows are not the sum of its words' rows
  (a profile holding "développeur" and "développement" counts once).
- The ranking (_pg_ranked) reads the rows holding one of the rarest terms or two atoms of the common ones,
  and checks from ts_rank's arithmetic that the rows left out could not have entered the pool, taking a
  common atom to score at most one word more in a profile than the best the df sample saw (PEAK_MARGIN).

SQLite: FTS5 spends most of a ranked OR query in bm25() (about 55 of 65 ms for a job's 80,000 postings at a
million profiles), row by row, on one core. bm25's statistics (row count, average length, each phrase's
document frequency) are read from the whole table whatever the query's rowid bounds, so the two halves of the
rowid range ranked apart give the same scores as the whole: a large query is split in two (_sqlite_ranked),
one half ranked on a second connection in a helper thread (sqlite3 releases the GIL while it steps), and the
two lists merged. Only outside a transaction (the other connection would not see its rows) and above
PARALLEL_POSTINGS (below, a thread's hand-off costs more than it saves).
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from django.db import connection, connections, transaction

from vivier.matching import text
from vivier.matching.query import JobQuery
from vivier.talent.search import FTS_TABLE, PG_VECTOR

# How many candidates the index hands to the re-ranking: enough for fit and declines to reorder the top 50.
POOL = 200
MAX_QUERY_TERMS = 16
# Postings an OR query may read; about 40 ms of FTS5 work on this machine's 2 cores.
POSTINGS_BUDGET = 80_000
STATS_TTL = 600.0
# PostgreSQL: the rows a document-frequency sample reads (a larger pool samples a smaller share of its pages;
# a pool of fewer rows is counted exactly). A term seen fewer than MIN_SAMPLE_HITS times is counted exactly.
SAMPLE_ROWS = 20_000
MIN_SAMPLE_HITS = 100
# How far, in standard deviations of the sample's estimate, the true df is taken to lie at most (on 500 terms
# of the bench, the errors stayed within 3.3).
SAMPLE_SIGMAS = 5.0
# PostgreSQL: the postings of the rarest chosen terms, all of whose rows _pg_ranked reads.
RANK_POSTINGS = 20_000
# What a single atom may score above the best the sample saw it give a profile (_pg_ranked): a word more.
PEAK_MARGIN = 0.1
# FTS5 column order: first_name, last_name, email, headline, city, skills, summary.
FTS_WEIGHTS = "0.0, 0.0, 0.0, 3.0, 0.0, 2.0, 1.0"
FTS_COLUMNS = "{headline skills summary}"
# SQLite: a ranked query reading at least this many postings is split over two connections (module docstring).
PARALLEL_POSTINGS = 20_000
# French gender endings the stemmer keeps: searched without them so both forms match (directeur, directrice).
_OPEN_ENDINGS = ("teur", "eur", "ien", "ier")

_stats: dict[tuple[str, str], tuple[float, int]] = {}
# PostgreSQL, terms the df sample saw often enough: (how far the true df may be from the _stats figure, 0 once
# counted exactly; the term's peak: the best ts_rank its atoms alone gave a sampled profile, times their number).
_sampled: dict[tuple[str, str], tuple[float, float]] = {}


def clear_stats() -> None:
    _stats.clear()
    _sampled.clear()


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
    """(pool size, document frequency of each term's prefix), cached for a few minutes.

    A df read from the index is a count of postings: cheap for rare words, the price of a scan for common
    ones, hence the cache (the figures move slowly: a pool does not change shape in ten minutes). SQLite
    counts them all in one query; PostgreSQL estimates the common ones (module docstring).
    """
    vendor = connection.vendor
    now = time.monotonic()
    missing = [
        t for t in ["\0n", *terms] if (hit := _stats.get((vendor, t))) is None or now - hit[0] > STATS_TTL
    ]
    if missing:
        if vendor == "postgresql":
            counted, sampled = _pg_document_frequencies(missing, q)
        else:
            counted, sampled = _sqlite_document_frequencies(missing), {}
        if len(_stats) > 100_000:  # a long-lived process meets many words: forget them all now and then
            clear_stats()
        for t, value in counted.items():
            _stats[(vendor, t)] = (now, value)
            _sampled.pop((vendor, t), None)
        _sampled.update({(vendor, t): figures for t, figures in sampled.items()})
    n = _stats.get((vendor, "\0n"), (0, 0))[1]
    dfs = {t: _stats.get((vendor, t), (0, 0))[1] for t in terms}
    if vendor == "postgresql":
        _pg_settle(q, n, dfs)
    return n, dfs


# max(id) rather than count(*): an index lookup, not a scan of a million rows.
_POOL_SIZE = "(SELECT coalesce(max(id), 0) FROM talent_candidate)"


def _sqlite_document_frequencies(missing: list[str]) -> dict[str, int]:
    selects, params = [], []
    for t in missing:
        if t == "\0n":
            selects.append(_POOL_SIZE)
        else:
            selects.append(f"(SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)")  # noqa: S608
            params.append(f"{FTS_COLUMNS} : {_fts_atom(t)}")
    with connection.cursor() as cur:
        cur.execute("SELECT " + ", ".join(selects), params)
        row = cur.fetchone()
    return {t: int(value or 0) for t, value in zip(missing, row, strict=True)}


def _pg_term_tsquery(t: str, q: JobQuery) -> str:
    return _pg_tsquery(_pg_atoms(t, q.surfaces.get(t, ())))


def _pg_exact(tsqueries: dict[str, str]) -> dict[str, int]:
    """Each term's df counted through the GIN index: a visit to each matching row."""
    if not tsqueries:
        return {}
    count = (
        f"(SELECT count(*) FROM talent_candidate WHERE {PG_VECTOR} @@ to_tsquery('simple'::regconfig, %s))"  # noqa: S608
    )
    with connection.cursor() as cur:
        cur.execute("SELECT " + ", ".join(count for _t in tsqueries), list(tsqueries.values()))
        return {t: int(v or 0) for t, v in zip(tsqueries, cur.fetchone(), strict=True)}


def _pg_document_frequencies(
    missing: list[str], q: JobQuery
) -> tuple[dict[str, int], dict[str, tuple[float, float]]]:
    """Each term's df, exact on a small pool; on a large one, a sample's estimate for the terms it saw often,
    with their (spread, peak) for _sampled.

    TABLESAMPLE SYSTEM keeps each page of the table with probability p, so the rows seen, divided by p, are an
    unbiased count, whose variance is (1 - p) / p² × the sum over the pages read of (rows seen there)²: pages
    crowded with the same word (an import of a thousand nurses, written together) widen the spread as they
    should, where counting rows as if drawn one by one would not.
    """
    atoms = {t: _pg_atoms(t, q.surfaces.get(t, ())) for t in missing if t != "\0n"}
    tsqueries = {t: _pg_tsquery(a) for t, a in atoms.items()}
    with connection.cursor() as cur:
        cur.execute(_POOL_SIZE)
        n = int(cur.fetchone()[0] or 0)
    out: dict[str, int] = {"\0n": n}
    sampled: dict[str, tuple[float, float]] = {}
    exact = dict(tsqueries)
    share = 100.0 * SAMPLE_ROWS / max(n, 1)
    if tsqueries and share < 100.0:
        match = f"{PG_VECTOR} @@ to_tsquery('simple'::regconfig, %s)"
        rank = f"ts_rank({PG_VECTOR}, to_tsquery('simple'::regconfig, %s))"
        per_page = ", ".join(
            f"count(*) FILTER (WHERE {match}) AS c{k}, max({rank}) FILTER (WHERE {match}) AS m{k}"
            for k in range(len(atoms))
        )
        totals = ", ".join(f"sum(c{k}), sum(c{k} * c{k}), max(m{k})" for k in range(len(atoms)))
        # REPEATABLE: the same pages every time (while the table keeps its size), so that the figures, and the
        # terms they choose, do not wobble from one call to the next. Only constants are formatted in.
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT {totals} FROM (SELECT {per_page} FROM talent_candidate "  # noqa: S608
                "TABLESAMPLE SYSTEM (%s) REPEATABLE (0) GROUP BY (ctid::text::point)[0]) AS pages",
                [*(p for tsq in tsqueries.values() for p in (tsq, tsq, tsq)), share],
            )
            figures = cur.fetchone()
        p = share / 100.0
        for k, t in enumerate(tsqueries):
            seen, squares, peak = int(figures[3 * k] or 0), float(figures[3 * k + 1] or 0), figures[3 * k + 2]
            if seen >= MIN_SAMPLE_HITS:
                out[t] = round(seen / p)
                spread = SAMPLE_SIGMAS * math.sqrt((1.0 - p) * squares) / p
                sampled[t] = (spread, float(peak) * len(atoms[t]))
                del exact[t]
    out.update(_pg_exact(exact))
    return out, sampled


def _pg_unsettled(q: JobQuery, n: int, dfs: dict[str, int], spread: dict[str, float]) -> set[str]:
    """The estimated terms whose sampling error could change what choose_terms returns (it replays it here).

    Its outcome depends on the postings spent by the terms chosen before each one, on whether each one fits in
    what is left, and on the order (weight × idf). So: every chosen estimate (they make the postings spent
    uncertain, and count most in the re-ranking), every estimate that could fit or not depending on its error,
    and every estimate that its error could move before a chosen term at a place where it would fit (moved
    there and not fitting, it would change nothing).
    """

    def key(t: str, df: float) -> float:
        return q.terms[t] * text.idf(max(1, round(df)), max(n, 1))

    ranked = sorted((t for t in q.terms if dfs.get(t)), key=lambda t: -key(t, dfs[t]))  # as choose_terms
    unsettled: set[str] = set()
    before: dict[str, int | None] = {}  # chosen term -> postings spent before it (None: the first)
    spent = 0
    for t in ranked:
        df, s = dfs[t], spread[t]
        if before and spent + df > POSTINGS_BUDGET:
            if s and spent + df - s <= POSTINGS_BUDGET:
                unsettled.add(t)
            continue
        if s:
            unsettled.add(t)
        before[t] = spent if before else None
        spent += df
        if len(before) >= MAX_QUERY_TERMS:
            break
    for u in ranked:
        s = spread[u]
        if not s or u in before:
            continue
        low, high = key(u, dfs[u] + s), key(u, dfs[u] - s)
        for t, spent_before in before.items():
            if low <= key(t, dfs[t]) <= high and (
                spent_before is None or spent_before + dfs[u] - s <= POSTINGS_BUDGET
            ):
                unsettled.add(u)
    return unsettled


def _pg_settle(q: JobQuery, n: int, dfs: dict[str, int]) -> None:
    """Count exactly, in place and in the cache, the estimates that could change the terms chosen."""
    for _round in range(8):  # each round settles terms for good; two or three rounds are the rule
        spread = {t: _sampled.get(("postgresql", t), (0.0, 0.0))[0] for t in dfs}
        unsettled = _pg_unsettled(q, n, dfs, spread)
        if not unsettled:
            return
        for t, df in _pg_exact({t: _pg_term_tsquery(t, q) for t in sorted(unsettled)}).items():
            dfs[t] = df
            key = ("postgresql", t)
            if key in _stats:
                _stats[key] = (_stats[key][0], df)
            _sampled[key] = (0.0, _sampled[key][1])


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
    if connection.vendor == "postgresql":
        return _pg_ranked(q, chosen, dfs, pool, n), n, dfs
    expr = f"{FTS_COLUMNS} : (" + " OR ".join(_fts_atom(t) for t in chosen) + ")"
    return _sqlite_ranked(expr, pool, n, sum(dfs[t] for t in chosen)), n, dfs


# Only module constants are formatted in; every value is a parameter.
_SQLITE_RANKED = (
    f"SELECT rowid, bm25({FTS_TABLE}, {FTS_WEIGHTS}) AS s FROM {FTS_TABLE} "  # noqa: S608
    f"WHERE {FTS_TABLE} MATCH %s AND rowid BETWEEN %s AND %s ORDER BY s, rowid LIMIT %s"
)
_helper: ThreadPoolExecutor | None = None
_helper_lock = threading.Lock()


def _sqlite_part(expr: str, low: int, high: int, pool: int) -> list[tuple]:
    """(bm25, rowid) of the best `pool` rows with low <= rowid <= high (bm25 is negative: lower is better).

    In the helper thread, `connections` gives that thread's own connection, kept open from one call to the
    next: its page cache stays warm (opening one per call cost a third of the gain)."""
    with connections["default"].cursor() as cur:
        cur.execute(_SQLITE_RANKED, [expr, low, high, pool])
        return [(score, rowid) for rowid, score in cur.fetchall()]


def _sqlite_ranked(expr: str, pool: int, n: int, postings: int) -> list[int]:
    """The ids of the best `pool` rows by bm25, best first; large queries ranked in two halves at once."""
    global _helper
    parallel = postings >= PARALLEL_POSTINGS and not connection.in_atomic_block and (os.cpu_count() or 1) > 1
    if not parallel:
        rows = _sqlite_part(expr, 0, 2**62, pool)
    else:
        with _helper_lock:
            if _helper is None:
                _helper = ThreadPoolExecutor(max_workers=2, thread_name_prefix="vivier-fts")
        middle = n // 2
        upper = _helper.submit(_sqlite_part, expr, middle + 1, 2**62, pool)
        rows = _sqlite_part(expr, 0, middle, pool) + upper.result()
        rows.sort()
    return [rowid for _score, rowid in rows[:pool]]


# The rows matching the second tsquery, best first by ts_rank over the first (the full OR of the chosen terms).
_PG_RANKED = (
    f"SELECT id, ts_rank({PG_VECTOR}, to_tsquery('simple'::regconfig, %s)) AS r FROM talent_candidate "  # noqa: S608
    f"WHERE {PG_VECTOR} @@ to_tsquery('simple'::regconfig, %s) ORDER BY r DESC, id DESC LIMIT %s"
)


def _pg_any(atoms: list[str]) -> str:
    return "(" + " | ".join(atoms) + ")"


def _pg_two_of(atoms: list[str]) -> str:
    """A tsquery true for the rows holding at least two of `atoms`, in n·log(n) atoms rather than n² pairs."""
    if len(atoms) == 2:
        return f"({atoms[0]} & {atoms[1]})"
    half = len(atoms) // 2
    left, right = atoms[:half], atoms[half:]
    parts = [f"({_pg_any(left)} & {_pg_any(right)})"]
    parts += [_pg_two_of(side) for side in (left, right) if len(side) >= 2]
    return " | ".join(parts)


def _pg_ranked(q: JobQuery, chosen: list[str], dfs: dict[str, int], pool: int, n: int) -> list[int]:
    """The `pool` best rows by ts_rank over the OR of the chosen terms, the full query's, reading fewer rows.

    ts_rank (PostgreSQL's calc_rank_or) gives a row, for each (atom, word of the row) pair that matches, 0.061
    for one occurrence up to 0.1 for many, and divides the sum by the number of atoms. The chosen terms are
    split: the rarest, up to RANK_POSTINGS postings, and the common ones. The rows read are those holding a
    rare atom or two common ones; a row left out holds one common atom and nothing else of the query, so it
    scores at most that atom's own score, which the df sample bounds: its term's peak plus PEAK_MARGIN, over
    the number of atoms. When the `pool`-th row read scores more than every common term's bound, nobody left
    out could have entered. Otherwise the terms whose bound is too high join the rare ones and the rows are
    read again: a superset of the first, so its `pool`-th score is at least as high, above the bounds of the
    terms still common. With fewer than `pool` rows, or no common term, the full OR query runs. A term with no
    peak (counted exactly, not sampled) is always rare.
    """
    atoms_of = {t: sorted(_pg_atoms(t, q.surfaces.get(t, ()))) for t in chosen}
    everything = sorted({a for t in chosen for a in atoms_of[t]})
    rare: list[str] = []
    common: dict[str, float] = {}  # term -> its bound, times the number of atoms
    spent = 0
    for t in sorted(chosen, key=lambda t: (dfs[t], t)):
        figures = _sampled.get(("postgresql", t))
        if not rare or spent + dfs[t] <= RANK_POSTINGS or figures is None:
            rare.append(t)
            spent += dfs[t]
        else:
            common[t] = figures[1] + PEAK_MARGIN
    full = _pg_tsquery(everything)
    if n <= SAMPLE_ROWS:  # a small pool (no df sample, no peaks): one query, as cheap as any
        with connection.cursor() as cur:
            cur.execute(_PG_RANKED, [full, full, pool])
            return [row[0] for row in cur.fetchall()]
    # JIT would compile the query's expressions for 5 to 25 ms, when its time goes to reading rows and ts_rank.
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL jit = off")
        for _attempt in range(2):
            if not common:
                break
            rare_atoms = sorted({a for t in rare for a in atoms_of[t]})
            common_atoms = sorted({a for t in common for a in atoms_of[t]} - set(rare_atoms))
            narrowed = _pg_tsquery(rare_atoms)
            if len(common_atoms) >= 2:
                narrowed += " | " + _pg_two_of(common_atoms)
            cur.execute(_PG_RANKED, [full, narrowed, pool])
            rows = cur.fetchall()
            if len(rows) < pool:
                break
            # ts_rank computes in single precision: a margin keeps a rounding from deciding.
            floor = rows[-1][1] * len(everything) * 0.999
            too_high = [t for t, bound in common.items() if bound >= floor]
            if not too_high:
                return [row[0] for row in rows]
            rare += too_high
            common = {t: bound for t, bound in common.items() if t not in too_high}
        cur.execute(_PG_RANKED, [full, full, pool])
        return [row[0] for row in cur.fetchall()]
