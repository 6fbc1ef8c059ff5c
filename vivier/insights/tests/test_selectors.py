import datetime as dt

import pytest

from vivier.insights import selectors
from vivier.insights.filters import InsightFilters

pytestmark = pytest.mark.django_db

Q1 = InsightFilters(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 3, 31))


def test_it_counts_main_reasons_kinds_months_clients_and_bands(small):
    data = selectors.dashboard(Q1)
    assert data.total == 5
    assert [(r.key, r.total, r.share) for r in data.reasons] == [
        ("salary", 3, 60.0),
        ("counter_offer", 1, 20.0),
        ("remote_policy", 1, 20.0),
    ]
    assert {r.key: r.total for r in data.kinds.rows} == {"declined_by_candidate": 4, "withdrawn": 1}
    assert [(r.key, r.total) for r in data.months.rows] == [("2025-01", 2), ("2025-02", 2), ("2025-03", 1)]
    assert [(r.label, r.total, r.count_for("salary")) for r in data.clients.rows] == [
        ("Acme", 3, 2),
        ("Globex", 2, 1),
    ]
    assert {r.key: r.total for r in data.bands.rows if r.total} == {
        "40_50": 3,
        "50_65": 1,
        "other_currency": 1,
    }
    families = {r.key: r.total for r in data.families.rows}
    assert families == {"M18": 3, "K21": 2}
    assert [r.label for r in data.families.rows][0].startswith("M18 · ")
    assert [(r.total) for r in data.recruiters.rows] == [5]


def test_it_computes_acceptance_timing_and_boomerangs(small):
    data = selectors.dashboard(Q1)
    assert (data.acceptance.accepted, data.acceptance.declined) == (1, 5)
    assert data.acceptance.rate == 16.7  # 1 / 6
    d = data.days_to_decline  # [1, 3, 5, 9, 10]
    assert (d.n, d.p25, d.median, d.p75) == (5, pytest.approx(3), pytest.approx(5), pytest.approx(9))
    b = data.boomerangs
    assert (b.people, b.declined_people, b.share) == (1, 5, 20.0)
    assert b.days.median == pytest.approx(54)


def test_it_compares_salaries_in_euros_only(small):
    s = selectors.dashboard(Q1).salary
    assert (s.declines, s.other_currency) == (4, 1)  # the USD decline is counted, never mixed in the amounts
    assert (s.offered.n, s.offered.median) == (3, pytest.approx(45000))
    assert s.expected.median == pytest.approx(50000)
    # (40-50)/50 = -20 %, (45-50)/50 = -10 %, (60-55)/55 = +9.09 %
    g = s.gap_expected_pct
    assert (g.n, g.p25, g.median, g.p75) == (
        3,
        pytest.approx(-15),
        pytest.approx(-10),
        pytest.approx((-10 + 100 / 11) / 2),
    )
    assert (s.gap_competing_pct.n, s.gap_competing_pct.median) == (1, pytest.approx(-100 / 6))


def test_it_compares_remote_days(small):
    r = selectors.dashboard(Q1).remote
    assert (r.declines, r.offered_days, r.competing_days) == (1, 1, 3)
    assert selectors.dashboard(Q1).acceptance.accepted_remote_days == 2


def test_every_filter_applies_to_every_figure(small, recruiter):
    acme = selectors.dashboard(Q1.with_(client=small.acme))
    assert acme.total == 3 and acme.acceptance.answered == 3 and acme.boomerangs.people == 1
    assert acme.salary.declines == 2 and acme.salary.other_currency == 0
    february = selectors.dashboard(Q1.with_(date_from=dt.date(2025, 2, 1), date_to=dt.date(2025, 2, 28)))
    assert february.total == 2 and february.acceptance.answered == 2 and february.boomerangs.people == 0
    withdrawn = selectors.dashboard(Q1.with_(kind="withdrawn"))
    assert withdrawn.total == 1 and withdrawn.acceptance.declined == 1 and withdrawn.acceptance.accepted == 1
    family = selectors.dashboard(Q1.with_(family="K21"))
    assert family.total == 2 and {r.key for r in family.clients.rows} == {str(small.globex.public_id)}
    mine = selectors.dashboard(Q1.with_(recruiter_id=recruiter.pk))
    assert mine.total == 5
    nobody = selectors.dashboard(Q1.with_(recruiter_id="none"))
    assert nobody.total == 0


def test_it_has_clear_empty_states_without_dividing_by_zero(db):
    data = selectors.dashboard(Q1)
    assert data.empty and data.total == 0 and data.reasons == []
    assert data.acceptance.rate is None and data.days_to_decline.median is None
    assert data.salary.gap_expected_pct.empty and data.remote.offered_days is None
    assert data.boomerangs.share is None and data.months.empty


def test_an_empty_month_stays_on_the_chart(small):
    data = selectors.dashboard(Q1.with_(date_to=dt.date(2025, 4, 30)))
    assert [(r.key, r.total) for r in data.months.rows][-1] == ("2025-04", 0)


def test_only_other_currencies_gives_counts_and_no_amounts(make):
    from vivier.insights.tests.conftest import dated_decline

    job = make.job()
    dated_decline(
        make,
        job=job,
        offered_on="2025-01-02",
        declined_on="2025-01-05",
        currency="GBP",
        salary=50000,
        expectation=60000,
    )
    s = selectors.dashboard(Q1).salary
    assert (s.declines, s.other_currency, s.offered.n, s.offered.median) == (1, 1, 0, None)
    bands = selectors.dashboard(Q1).bands
    assert [(r.key, r.total) for r in bands.rows if r.total] == [("other_currency", 1)]
