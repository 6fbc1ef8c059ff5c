"""OfferFact, FactMonth and SentMessage: the figures' tables, kept in step with the talent and outreach data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vivier.insights import facts, selectors
from vivier.insights.filters import InsightFilters
from vivier.insights.models import FactMonth, FactsState, OfferFact
from vivier.insights.sources import MonthSums, Walks, source_for
from vivier.insights.tests.conftest import dated_decline
from vivier.talent.models import Decline

pytestmark = pytest.mark.django_db

Q1 = InsightFilters(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 3, 31))


def _sums_equal_walks(filters: InsightFilters) -> None:
    """The monthly sums answer exactly what the walks over OfferFact answer."""
    sums, walks = source_for(filters), Walks(filters)
    assert isinstance(sums, MonthSums)
    for column in ("kind", "month", "band", "recorded_by_id"):
        assert sorted(sums.grouped(column), key=str) == sorted(walks.grouped(column), key=str), column
    assert sorted(sums.family_sizes()) == sorted(walks.family_sizes())
    assert sorted(sums.client_sizes()) == sorted(walks.client_sizes())
    assert sums.salary_counts() == walks.salary_counts()
    assert sums.people() == walks.people()
    families = sorted({f for f, _code, _n in walks.family_sizes()})
    assert sorted(sums.family_detail(families)) == sorted(walks.family_detail(families))


def test_it_copies_every_answered_offer_and_sums_them_by_month(small):
    assert facts.facts_sync() is True
    rows = OfferFact.objects.all()
    assert rows.filter(accepted=False).count() == 5 and rows.filter(accepted=True).count() == 1
    d1 = OfferFact.objects.get(decline=small.declines[0])
    assert (d1.month, d1.band, d1.family, d1.days, d1.gap_expected) == (202501, "40_50", "M18", 5.0, -20.0)
    assert d1.mentions_salary and not d1.mentions_remote and d1.returned_offer_id is not None
    usd = OfferFact.objects.get(decline=small.declines[4])
    assert (usd.band, usd.currency, usd.mentions_salary) == ("other_currency", "USD", True)
    assert FactMonth.objects.filter(dim="kind").count() > 0
    _sums_equal_walks(Q1)
    _sums_equal_walks(InsightFilters(date_from=dt.date(2025, 2, 1), date_to=dt.date(2025, 2, 28)))
    assert facts.facts_sync() is False  # nothing changed: nothing done


def test_a_period_that_is_not_whole_months_walks_the_rows(small):
    selectors.ensure_current()
    assert isinstance(source_for(InsightFilters(date_from=dt.date(2025, 1, 15))), Walks)
    assert isinstance(source_for(Q1.with_(kind="withdrawn")), Walks)
    # Ending on the 5th of March: a decline on the 1st of March is before the end, none after it: whole.
    assert isinstance(source_for(Q1.with_(date_to=dt.date(2025, 3, 5))), MonthSums)
    # Ending on the 28th of February, before the decline of the 1st of March: that month is not whole.
    assert isinstance(source_for(Q1.with_(date_to=dt.date(2025, 2, 15))), Walks)


def test_new_declines_are_appended_in_a_fixed_number_of_queries(small, make):
    selectors.ensure_current()

    def add(n: int) -> int:
        for _ in range(n):
            dated_decline(make, job=make.job(), offered_on="2025-02-01", declined_on="2025-02-03")
        with CaptureQueriesContext(connection) as ctx:
            assert facts.facts_sync() is True
        return len(ctx.captured_queries)

    assert add(1) == add(4)
    assert OfferFact.objects.filter(accepted=False).count() == 10
    assert selectors.dashboard(Q1).total == 10
    _sums_equal_walks(Q1)


def test_a_new_rome_code_moves_the_declines_of_that_job(small, make):
    from vivier.talent.services import job_update

    reasons = selectors.reasons_by_id()
    selectors.ensure_current()
    assert {r.key for r in selectors.by_family(Q1, reasons).rows} == {"M18", "K21"}
    job = small.declines[3].job  # the Globex trainer job, K2111: declines 4 and 5
    job_update(job=job, by=make.by, rome_code="M1805")
    selectors.ensure_current()
    assert {r.key: r.total for r in selectors.by_family(Q1, reasons).rows} == {"M18": 5}
    _sums_equal_walks(Q1)


def test_an_erasure_moves_the_rows_to_the_placeholder_person(small, admin):
    from vivier.privacy.services import candidate_erase

    selectors.ensure_current()
    assert selectors.dashboard(Q1).boomerangs.declined_people == 5
    for decline in small.declines[1:3]:
        candidate_erase(candidate=decline.candidate, by=admin, reason="Demande d'effacement")
    data = selectors.dashboard(Q1)
    # The statistics stay; the two erased people are now one placeholder row: 4 people, still 5 declines.
    assert (data.total, data.boomerangs.declined_people) == (5, 4)
    moved = OfferFact.objects.filter(decline_id__in=[d.pk for d in small.declines[1:3]])
    assert len({row.candidate_id for row in moved}) == 1
    _sums_equal_walks(Q1)


def test_deleting_a_decline_deletes_its_row_and_the_check_fixes_the_sums(small):
    selectors.ensure_current()
    Decline.objects.get(pk=small.declines[1].pk).delete()
    assert OfferFact.objects.filter(accepted=False).count() == 4
    assert facts.facts_sync(verify=True) is True
    assert selectors.dashboard(Q1).total == 4
    _sums_equal_walks(Q1)


def test_the_check_puts_back_a_missing_row(small):
    selectors.ensure_current()
    OfferFact.objects.filter(decline=small.declines[0]).delete()
    assert facts.facts_sync(verify=True) is True
    assert OfferFact.objects.filter(decline=small.declines[0]).exists()
    assert selectors.dashboard(Q1).total == 5


def test_the_worker_keeps_the_tables_current_and_checks_them_every_ten_minutes(small, make):
    import time_machine

    assert facts.facts_refresh() is True  # the first build, and the first check
    assert facts.facts_refresh() is False
    dated_decline(make, job=make.job(), offered_on="2025-02-01", declined_on="2025-02-03")
    assert facts.facts_refresh() is True
    assert facts.facts_refresh() is False
    with time_machine.travel(dt.datetime.now(dt.UTC) + facts.VERIFY_EVERY + dt.timedelta(seconds=1)):
        assert facts.facts_refresh() is True
    assert FactsState.objects.get(pk=1).verified_at is not None


def test_another_schema_or_time_zone_rebuilds_the_tables(small, settings, monkeypatch):
    selectors.ensure_current()
    monkeypatch.setattr(facts, "SCHEMA", facts.SCHEMA + 1)
    assert facts.facts_sync() is True
    assert FactsState.objects.get(pk=1).schema == facts.schema_key()
    settings.TIME_ZONE = "America/Montreal"
    assert facts.facts_sync() is True
    assert OfferFact.objects.count() == 6


def test_a_past_decline_recorded_late_counts_its_person_once(small, make):
    """A history import adds a decline dated before the person's others: their next decline is no longer the
    first of a period that covers both, and the monthly sums follow."""
    selectors.ensure_current()
    person = small.declines[2].candidate  # declined on 5 February
    dated_decline(make, job=make.job(), candidate=person, offered_on="2025-01-20", declined_on="2025-01-25")
    assert selectors.dashboard(Q1).boomerangs.declined_people == 5  # still five people, now six declines
    _sums_equal_walks(Q1)
    february = InsightFilters(date_from=dt.date(2025, 2, 1), date_to=dt.date(2025, 2, 28))
    assert Walks(february).people() == source_for(february).people() == 2


@pytest.mark.parametrize(
    "narrowing",
    [{"kind": "declined_by_candidate"}, {"family": "M18"}, {"reason": "salary"}, {"mentions": "salary"}],
)
def test_a_narrowed_page_reads_the_same_figures_from_its_rows(small, narrowing):
    """Narrowed, the matching declines are read once and folded in Python (sources.Rows): the same figures
    as the walks over OfferFact."""
    from vivier.insights.sources import Rows

    selectors.ensure_current()
    filters = Q1.with_(**narrowing)
    rows, walks = source_for(filters), Walks(filters)
    assert isinstance(rows, Rows)
    for column in ("kind", "month", "band", "recorded_by_id", "client_id"):
        assert sorted(rows.grouped(column), key=str) == sorted(walks.grouped(column), key=str), column
    assert sorted(rows.family_sizes()) == sorted(walks.family_sizes())
    assert rows.salary_counts() == walks.salary_counts() and rows.people() == walks.people()
    assert rows.days() == walks.days() and rows.remote_rows() == walks.remote_rows()
    assert rows.salary_spreads(rows.salary_counts()) == walks.salary_spreads(walks.salary_counts())


def test_a_reply_from_someone_never_written_to_breaks_nothing(small, make, recruiter_client, recruiter_token):
    """A reply logged for a person who was sent no message: the catch-up finds no message and no month to sum
    again, and the figures (API and page) still answer; the worker's pass does too."""
    from django.urls import reverse

    from vivier.api.tests.conftest import Api

    selectors.ensure_current()
    api = Api(recruiter_token)
    person = make.candidate()
    response = api.post(f"/candidates/{person.public_id}/replied", {"note": "Called back"})
    assert response.status_code == 200, response.content
    assert facts.facts_refresh() is True
    assert api.get("/insights/declines", {"from": "2025-01-01", "to": "2025-03-31"}).json()["total"] == 5
    assert recruiter_client.get(reverse("insights:dashboard"), {"from": "2025-01-01"}).status_code == 200
    assert FactsState.objects.get(pk=1).outreach_event == facts.snapshot().outreach


@pytest.mark.parametrize("months", [[], None])
def test_summing_no_month_again_writes_nothing_and_every_month_again_writes_them_all(small, months):
    selectors.ensure_current()
    before = sorted(FactMonth.objects.values_list("dim", "month", "value", "primary_reason_id", "n"))
    facts.cube_refresh(months)
    assert sorted(FactMonth.objects.values_list("dim", "month", "value", "primary_reason_id", "n")) == before


def test_a_source_that_selects_nothing_inserts_nothing(small):
    """Django refuses to compile a filter on an empty list (it knows the answer): the INSERT … SELECT of such
    a source writes no row instead of failing."""
    from vivier.insights import derived

    selectors.ensure_current()
    count = FactMonth.objects.count()
    for dim in facts.MESSAGE_DIMS:
        derived.message_sums(dim, [])
    assert derived.append_declines(Decline.objects.filter(candidate_id__in=[])) == 0
    assert FactMonth.objects.count() == count


def test_the_quartiles_of_no_row_are_empty_even_when_django_knows_it_first(small):
    from django.db.models import F

    from vivier.insights.quantiles import Spread, ranked_spreads, spreads

    selectors.ensure_current()
    nobody = OfferFact.objects.filter(candidate_id__in=[])
    assert spreads(nobody, distinct="candidate_id", v=F("days")) == {"distinct": 0, "v": Spread(0)}
    assert ranked_spreads(nobody, days="days") == {"days": Spread(0)}
