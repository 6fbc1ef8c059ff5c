"""PostgreSQL's full-text path: the stored document (talent migration 0011), the sampled document frequencies
and the two-step ranking of vivier.matching.retrieval give the same people as exact counts and the full query.

The pool sizes here are small, so the tests lower the thresholds (SAMPLE_ROWS, RANK_POSTINGS) to run the code
a million-profile pool runs. SQLite has none of this (its FTS5 table counts and ranks by itself): skipped.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vivier.imports.bulk import insert_instances
from vivier.matching import retrieval
from vivier.matching.query import JobQuery
from vivier.matching.selectors import rediscovery
from vivier.talent import search, selectors, services
from vivier.talent.models import Candidate

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's full-text path"),
]


def _stored(candidate) -> str:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {search.PG_VECTOR}::text FROM talent_candidate WHERE id = %s", [candidate.pk])  # noqa: S608
        return cur.fetchone()[0]


def _full_query_ids(q: JobQuery, pool: int) -> list[int]:
    """The ranking as it was before migration 0011: ts_rank over the document expression, every match read."""
    chosen = retrieval.choose_terms(q, *retrieval.corpus_stats(sorted(q.terms), q))
    tsq = retrieval._pg_tsquery({a for t in chosen for a in retrieval._pg_atoms(t, q.surfaces.get(t, ()))})
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT id FROM talent_candidate WHERE {search.PG_DOCUMENT} @@ to_tsquery('simple', %s) "  # noqa: S608
            f"ORDER BY ts_rank({search.PG_DOCUMENT}, to_tsquery('simple', %s)) DESC, id DESC LIMIT %s",
            [tsq, tsq, pool],
        )
        return [row[0] for row in cur.fetchall()]


def _pool(make, *, variants: int = 0) -> dict[str, list[Candidate]]:
    """400 profiles: "gestion" in most, "équipe" in half, "cariste" and "chariot" in a few; `variants` people
    hold four words under the prefix "gestion" and nothing else of the query, spread over the table's pages."""
    rows, groups = [], {"cariste": [], "chariot": [], "variants": []}
    for i in range(400):
        words = ["gestion" if i % 10 < 7 else "vente", "équipe" if i % 2 else "atelier"]
        kind = "cariste" if i % 20 == 3 else "chariot" if i % 20 == 11 else ""
        if kind:
            words.append("cariste confirmée" if kind == "cariste" else "conduite de chariot")
        if variants and i % (400 // variants) == 5 and not kind:
            kind, words = "variants", ["gestionnaire des gestions, gestion et gestionnaires"]
        c = Candidate(
            first_name="Alex",
            last_name=f"Test{i}",
            email=f"alex{i}@exemple.fr",
            headline=" ".join(words),
            summary="Atelier de production, " * 40,  # a real profile's width: a few rows per page
        )
        rows.append(c)
        if kind:
            groups[kind].append(c)
    insert_instances(rows)
    with connection.cursor() as cur:
        cur.execute("ANALYZE talent_candidate")
    return groups


def _query() -> JobQuery:
    q = JobQuery()
    q.add_text("Cariste chariot", 3.0)
    q.add_text("gestion équipe", 1.0)
    return q


@pytest.fixture
def sampled(monkeypatch):
    """The thresholds of a large pool, scaled to this one: half the table's pages sampled (n is max(id), and
    the ids of the tests before this one were used), two terms ranked in full. Call it once the rows are in."""

    def scale() -> None:
        with connection.cursor() as cur:
            cur.execute("SELECT max(id) FROM talent_candidate")
            monkeypatch.setattr(retrieval, "SAMPLE_ROWS", cur.fetchone()[0] // 2)
        monkeypatch.setattr(retrieval, "MIN_SAMPLE_HITS", 5)
        monkeypatch.setattr(retrieval, "RANK_POSTINGS", 60)

    return scale


def _ranking_queries(ctx) -> list[str]:
    return [x["sql"] for x in ctx.captured_queries if "ts_rank" in x["sql"] and "TABLESAMPLE" not in x["sql"]]


def test_it_keeps_the_stored_document_in_step_with_every_write(make, recruiter):
    created = make.candidate(headline="Soudeuse TIG", skills=["Inox"], city="Brest")
    assert all(f"'{w}':" in _stored(created) for w in ("soudeuse", "tig", "inox", "brest"))
    services.candidate_update(candidate=created, by=recruiter, headline="Chaudronnière")
    assert "'chaudronnière':" in _stored(created) and "soudeuse" not in _stored(created)
    plain = Candidate.objects.create(
        first_name="Lou", last_name="Roux", email="lou@exemple.fr", summary="Tourneur"
    )
    bulk = [Candidate(first_name="Max", last_name="Gris", email="max@exemple.fr", headline="Fraiseur")]
    insert_instances(bulk)
    Candidate.objects.filter(pk=plain.pk).update(summary="Tourneur numérique")
    assert "numérique" in _stored(plain) and "fraiseur" in _stored(bulk[0])
    # The same document as the expression migration 0002 indexed.
    with connection.cursor() as cur:
        different = f"{search.PG_VECTOR} IS DISTINCT FROM {search.PG_DOCUMENT}"
        cur.execute(f"SELECT count(*) FROM talent_candidate WHERE {different}")  # noqa: S608
        assert cur.fetchone()[0] == 0
    assert list(selectors.candidate_list(q="chaudron")) == [created]
    assert list(selectors.candidate_list(q="tourneur num")) == [plain]


def test_it_searches_through_the_column_index_only(make):
    make.candidate(headline="Cariste")
    with connection.cursor() as cur:
        cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'talent_candidate'")
        indexes = {row[0] for row in cur.fetchall()}
        assert "candidate_search_document_idx" in indexes and "candidate_fulltext_idx" not in indexes
        sql, params = search.filter_candidates(
            Candidate.objects.order_by().values("id"), "cariste"
        ).query.sql_with_params()
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("EXPLAIN " + sql, params)
        assert "candidate_search_document_idx" in " ".join(row[0] for row in cur.fetchall())


def test_it_finds_the_people_search_found_before(make):
    _pool(make)
    for q in ("gest équipe", "carist", "chariot gestion", "alex test1"):
        tsquery = " & ".join(f"{w}:*" for w in q.split())
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT id FROM talent_candidate WHERE {search.PG_DOCUMENT} @@ to_tsquery('simple', %s)",  # noqa: S608
                [tsquery],
            )
            before = {row[0] for row in cur.fetchall()}
        assert before and {c.pk for c in selectors.candidate_list(q=q)} == before


def test_it_estimates_a_common_word_from_the_sample_and_counts_a_rare_one(make, sampled, monkeypatch):
    _pool(make)
    sampled()
    monkeypatch.setattr(retrieval, "MIN_SAMPLE_HITS", 15)  # 20 "cariste", about 10 in the sample: counted
    monkeypatch.setattr(retrieval, "POSTINGS_BUDGET", 30)  # "gestion" stays out of the query: not settled
    q = _query()
    n, dfs = retrieval.corpus_stats(sorted(q.terms), q)
    # An estimate (the exact 280 would be a coincidence), within the spread it claims, far above the rare word.
    spread = retrieval._sampled[("postgresql", "gestion")][0]
    assert spread > 0 and abs(dfs["gestion"] - 280) <= spread and dfs["gestion"] > 5 * 20
    assert dfs["carist"] == 20 and ("postgresql", "carist") not in retrieval._sampled  # counted exactly
    assert "gestion" not in retrieval.choose_terms(q, n, dfs)


def test_it_counts_exactly_the_terms_the_query_is_made_of(make, sampled):
    _pool(make)
    sampled()
    q = _query()
    n, dfs = retrieval.corpus_stats(sorted(q.terms), q)
    assert set(retrieval.choose_terms(q, n, dfs)) == {"carist", "chariot", "gestion", "equip"}
    assert (dfs["gestion"], dfs["equip"]) == (280, 200)
    assert retrieval._sampled[("postgresql", "gestion")][0] == 0.0  # settled, its peak kept


def test_it_ranks_like_the_full_query_reading_fewer_rows(make, sampled):
    _pool(make)
    sampled()
    q = _query()
    with CaptureQueriesContext(connection) as ctx:
        ids, _n, _dfs = retrieval.candidate_ids(q, pool=30)
    ranking = _ranking_queries(ctx)
    # One query, over the rare terms' rows and those holding two of the common atoms.
    assert len(ranking) == 1 and "&" in ranking[0]
    assert ids == _full_query_ids(q, 30)


def test_it_reads_again_when_one_common_word_alone_could_enter(make, sampled):
    many = _pool(make, variants=12)["variants"]
    sampled()
    q = _query()
    with CaptureQueriesContext(connection) as ctx:
        ids, _n, _dfs = retrieval.candidate_ids(q, pool=30)
    assert len(_ranking_queries(ctx)) == 2
    assert ids == _full_query_ids(q, 30)
    assert {c.pk for c in many} <= set(ids)  # four "gestion…" words outscore a cariste with one


def test_it_runs_the_full_query_when_too_few_rows_were_read(make, sampled):
    _pool(make)
    sampled()
    q = _query()
    with CaptureQueriesContext(connection) as ctx:
        ids, _n, _dfs = retrieval.candidate_ids(q, pool=390)
    assert len(_ranking_queries(ctx)) == 2
    assert ids == _full_query_ids(q, 390)


def test_it_rediscovers_the_same_people_as_with_exact_figures(make, sampled, monkeypatch):
    _pool(make, variants=8)
    sampled()
    job = make.job(title="Cariste", skills=["Chariot élévateur"], description="Gestion des stocks en équipe.")
    sampled_run = rediscovery(job, limit=50, include_uncontactable=True)
    assert retrieval._sampled  # the sample was used
    retrieval.clear_stats()
    monkeypatch.setattr(retrieval, "SAMPLE_ROWS", 10**9)  # n below it: exact counts
    exact_run = rediscovery(job, limit=50, include_uncontactable=True)
    assert not retrieval._sampled
    assert len(exact_run.matches) == 50
    assert [(m.candidate.pk, m.score) for m in sampled_run.matches] == [
        (m.candidate.pk, m.score) for m in exact_run.matches
    ]
