import datetime as dt

import pytest
from django.utils import timezone

from vivier.talent import selectors
from vivier.talent.services import candidate_update

pytestmark = pytest.mark.django_db


def test_search_finds_words_as_prefixes_and_ignores_accents(make):
    helene = make.candidate(
        first_name="Hélène", last_name="Durand", skills=["Comptabilité", "SAP"], city="Lyon"
    )
    make.candidate(first_name="Paul", last_name="Martin", skills=["Python"], city="Lyon")
    found = list(selectors.candidate_list(q="comptab lyon"))
    assert found == [helene]
    assert list(selectors.candidate_list(q="Hélène")) == [helene]


def test_search_follows_updates(make, recruiter):
    c = make.candidate(headline="Comptable")
    candidate_update(candidate=c, by=recruiter, headline="Data analyst")
    assert list(selectors.candidate_list(q="comptable")) == []
    assert list(selectors.candidate_list(q="analyst")) == [c]


def test_search_survives_fts_syntax_in_the_query(make):
    make.candidate(last_name="Dupont")
    assert list(selectors.candidate_list(q='"dup* OR NEAR( -')) != None  # noqa: E711 (no exception is the test)


def test_filters_combine_with_search(make):
    lyon = make.candidate(city="Lyon", skills=["Python"])
    make.candidate(city="Paris", skills=["Python"])
    assert list(selectors.candidate_list(q="python", city="lyon")) == [lyon]


def test_declined_filter(make):
    decline = make.decline()
    make.candidate()
    assert list(selectors.candidate_list(declined=True)) == [decline.candidate]
    assert decline.candidate not in list(selectors.candidate_list(declined=False))


def test_the_candidate_profile_takes_a_fixed_number_of_queries(make, django_assert_num_queries):
    candidate = make.candidate()
    for _ in range(3):
        make.decline(make.offer(make.application(candidate=candidate)), codes=("salary", "timing"))
    # applications, their offers (+ decline), declines, their reasons, exclusions, timeline
    with django_assert_num_queries(6):
        profile = selectors.candidate_profile(candidate)
        [list(d.reasons.all()) for d in profile.declines]
        [[o.decline for o in a.offers.all() if o.status == "declined"] for a in profile.applications]
        [(e.actor, e.job, e.client) for e in profile.timeline]
        [x.client for x in profile.exclusions]
    assert len(profile.declines) == 3
    assert "offer.declined" in {e.kind for e in profile.timeline}


def test_the_dashboard_lists_what_needs_doing(make, django_assert_num_queries):
    waiting = make.offer()
    soon = make.decline(recontact_after=timezone.localdate() + dt.timedelta(days=3))
    make.job()  # an open job with nobody on it
    with django_assert_num_queries(8):
        board = selectors.dashboard()
    assert board.offers_waiting == [waiting]
    assert board.recontacts_due == [soon]
    assert len(board.open_jobs_without_candidates) == 1
    assert board.counts["open_offers"] == 1


def test_search_lists_newest_first_and_counts_from_the_index(make):
    older = make.candidate(skills=["Python"])
    newer = make.candidate(skills=["Python"])
    make.candidate(skills=["Java"])
    assert list(selectors.candidate_list(q="python")) == [newer, older]
    expected = selectors.candidate_list(q="python").count()
    fast = selectors.candidate_list_count(q="python")
    assert fast in (expected, None)  # None on databases where the index cannot count by itself
    assert selectors.candidate_list_count(q="python", city="Lyon") is None


def test_search_triggers_come_back_after_a_migration_drops_them(make, django_db_blocker):
    from django.db import connection

    from vivier.talent.search import FTS_TABLE, ensure_triggers

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL indexes an expression; there are no triggers to lose")
    with connection.cursor() as cur:
        for suffix in ("ai", "ad", "au"):
            cur.execute(f"DROP TRIGGER {FTS_TABLE}_{suffix}")
    lost = make.candidate(headline="Géomaticienne")
    assert list(selectors.candidate_list(q="géomaticienne")) == []
    ensure_triggers()
    assert list(selectors.candidate_list(q="géomaticienne")) == [lost]
    later = make.candidate(headline="Géomaticien")
    assert set(selectors.candidate_list(q="géomaticien")) == {lost, later}


def test_planner_statistics_come_back_after_a_migration_drops_them(make):
    from django.db import connection

    from vivier.talent.search import ensure_triggers

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps its statistics across ALTER TABLE")
    make.decline()
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
        cur.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'talent_decline'")  # what a table rebuild does
    ensure_triggers()
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'talent_decline'")
        assert cur.fetchone()[0] > 0


def test_rows_inserted_in_bulk_are_searchable_and_the_trigger_comes_back(make):
    from django.db import connection, transaction

    from vivier.talent.models import Candidate
    from vivier.talent.search import FTS_TABLE, indexed_in_bulk

    before = make.candidate(headline="Sommelier senior")
    with transaction.atomic():
        with indexed_in_bulk():
            bulk = [
                Candidate.objects.create(
                    first_name=f"P{i}", last_name="Lot", email=f"p{i}@example.fr", headline="Sommelier"
                )
                for i in range(3)
            ]
        # Edited right after the block: the update trigger finds the rows indexed.
        candidate_update(candidate=bulk[0], by=make.by, headline="Caviste")
    assert set(selectors.candidate_list(q="sommelier")) == {before, *bulk[1:]}
    assert list(selectors.candidate_list(q="caviste")) == [bulk[0]]
    after = make.candidate(headline="Sommelier")  # the insert trigger is back
    assert after in set(selectors.candidate_list(q="sommelier"))
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")  # noqa: S608


def test_a_rolled_back_bulk_block_leaves_the_trigger_in_place(make):
    from django.db import transaction

    from vivier.talent.models import Candidate
    from vivier.talent.search import indexed_in_bulk

    with pytest.raises(RuntimeError), transaction.atomic(), indexed_in_bulk():
        Candidate.objects.create(first_name="A", last_name="B", email="ab@example.fr", headline="Boulanger")
        raise RuntimeError("the import failed")
    kept = make.candidate(headline="Boulanger")
    assert list(selectors.candidate_list(q="boulanger")) == [kept]
