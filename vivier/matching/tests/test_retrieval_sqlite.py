"""SQLite: a large ranked query is split in two halves of the rowid range, one ranked on a second connection in a
helper thread; the merged list must be the one the single query gives."""

import pytest
from django.db import connection

from vivier.matching import retrieval
from vivier.matching.selectors import job_query, rediscover

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the helper's connection only sees committed rows
    pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's"),
]

WORDS = [
    "python",
    "django",
    "postgresql",
    "kubernetes",
    "terraform",
    "react",
    "typescript",
    "linux",
    "docker",
]


@pytest.fixture
def pool(make):
    # 240 profiles holding 1 to 4 of the job's words, some several times: many distinct bm25 scores, a few ties
    people = []
    for i in range(240):
        words = [WORDS[(i * 7 + k) % len(WORDS)] for k in range(1 + i % 4)]
        people.append(
            make.candidate(
                headline=f"Développeur {words[0]}",
                skills=words,
                summary=" ".join(words * (1 + i % 3)) + f" projet {i}",
            )
        )
    return people


def _expression(job):
    q = job_query(job)
    terms = sorted(q.terms, key=lambda t: -q.terms[t])[:60]
    n, dfs = retrieval.corpus_stats(terms, q)
    chosen = retrieval.choose_terms(q, n, dfs)
    expr = f"{retrieval.FTS_COLUMNS} : (" + " OR ".join(retrieval._fts_atom(t) for t in chosen) + ")"
    return expr, n, sum(dfs[t] for t in chosen)


def test_the_two_halves_rank_like_the_whole(make, pool, monkeypatch):
    job = make.job(
        title="Développeur Python", skills=["Python", "Django", "Docker"], description="Linux, React"
    )
    expr, n, postings = _expression(job)
    assert postings < retrieval.PARALLEL_POSTINGS  # a test-sized pool: one query unless told otherwise
    whole = retrieval._sqlite_ranked(expr, 50, n, postings)
    monkeypatch.setattr(retrieval, "PARALLEL_POSTINGS", 0)
    calls = []
    part = retrieval._sqlite_part
    monkeypatch.setattr(retrieval, "_sqlite_part", lambda *a: calls.append(a[1:3]) or part(*a))
    split = retrieval._sqlite_ranked(expr, 50, n, postings)
    lower, upper = sorted(calls)
    assert len(calls) == 2 and lower[0] == 0 and lower[1] + 1 == upper[0]  # two halves of the rowid range
    assert len(whole) == 50 and split == whole
    # and the whole panel is the same
    monkeypatch.setattr(retrieval, "PARALLEL_POSTINGS", 10**9)
    serial = [(m.candidate.pk, m.score) for m in rediscover(job, limit=30)]
    monkeypatch.setattr(retrieval, "PARALLEL_POSTINGS", 0)
    assert [(m.candidate.pk, m.score) for m in rediscover(job, limit=30)] == serial


def test_inside_a_transaction_it_stays_on_one_connection(make, pool, monkeypatch):
    from django.db import transaction

    job = make.job(title="Développeur Python", skills=["Python"])
    expr, n, postings = _expression(job)
    monkeypatch.setattr(retrieval, "PARALLEL_POSTINGS", 0)
    with transaction.atomic():
        fresh = make.candidate(headline="Développeuse Python", skills=["Python"] * 3, summary="python " * 20)
        ids = retrieval._sqlite_ranked(expr, 300, n, postings)
    assert fresh.pk in ids  # a helper connection would not have seen this uncommitted profile
