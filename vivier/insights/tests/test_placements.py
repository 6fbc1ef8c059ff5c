"""The share of placements from the pool, hand-computed.

| who | declined                      | put on the accepted offer's job | accepted   |
| P1  | 10/01/2025 at Acme (candidate)| 01/02/2025 at Globex            | 20/02/2025 | from the pool
| P2  | never                         | 05/02/2025 at Globex            | 25/02/2025 | not from the pool
| P3  | 01/03/2025 at Acme (withdrawn)| 10/02/2025 at Acme, before it   | 05/03/2025 | not: the decline came later
February: 2 placements, 1 from the pool (50 %). The quarter: 3 placements, 1 from the pool (33,3 %).
"""

import datetime as dt

import pytest
from django.urls import reverse

from vivier.insights import selectors, terms
from vivier.insights.filters import InsightFilters
from vivier.insights.tests.conftest import at, dated_decline
from vivier.talent.models import Application, Offer

pytestmark = pytest.mark.django_db

FEBRUARY = InsightFilters(date_from=dt.date(2025, 2, 1), date_to=dt.date(2025, 2, 28))
Q1 = InsightFilters(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 3, 31))


def placed(make, candidate, job, applied_on: str, accepted_on: str):
    from vivier.talent.services import offer_accept

    application = make.application(candidate=candidate, job=job)
    offer = make.offer(application)
    offer_accept(by=make.by, offer=offer)
    Application.objects.filter(pk=application.pk).update(created_at=at(applied_on))
    Offer.objects.filter(pk=offer.pk).update(created_at=at(applied_on), decided_at=at(accepted_on))
    return offer


@pytest.fixture
def pool(make):
    acme, globex = make.client(name="Acme"), make.client(name="Globex")
    acme_job, globex_job = make.job(client=acme), make.job(client=globex)
    p1 = dated_decline(make, job=acme_job, offered_on="2025-01-05", declined_on="2025-01-10").candidate
    placed(make, p1, globex_job, "2025-02-01", "2025-02-20")
    p2 = make.candidate()
    placed(make, p2, make.job(client=globex), "2025-02-05", "2025-02-25")
    p3 = make.candidate()
    placed(make, p3, make.job(client=acme), "2025-02-10", "2025-03-05")
    dated_decline(
        make,
        job=make.job(client=acme),
        candidate=p3,
        offered_on="2025-02-20",
        declined_on="2025-03-01",
        kind="withdrawn",
    )
    return {"acme": acme, "globex": globex, "people": (p1, p2, p3)}


def test_it_counts_the_placements_from_the_pool(pool):
    february = selectors.dashboard(FEBRUARY).acceptance
    assert (february.accepted, february.from_pool, february.others, february.pool_share) == (2, 1, 1, 50.0)
    quarter = selectors.dashboard(Q1).acceptance
    assert (quarter.accepted, quarter.from_pool, quarter.pool_share) == (3, 1, 33.3)
    assert quarter.by_month == ((202502, 1, 1), (202503, 0, 1))


def test_the_filters_apply_to_the_placement_and_to_the_earlier_decline(pool):
    globex = selectors.dashboard(Q1.with_(client=pool["globex"])).acceptance
    assert (globex.accepted, globex.from_pool) == (2, 1)
    # Kind names the earlier decline: P1's was declined by the candidate, not withdrawn.
    withdrawn = selectors.dashboard(Q1.with_(kind="withdrawn")).acceptance
    assert (withdrawn.accepted, withdrawn.from_pool) == (3, 0)
    assert selectors.dashboard(Q1.with_(kind="declined_by_candidate")).acceptance.from_pool == 1


def test_no_placement_is_an_empty_state_not_a_division_by_zero(db):
    empty = selectors.dashboard(Q1).acceptance
    assert (empty.accepted, empty.from_pool, empty.pool_share, empty.by_month) == (0, 0, None, ())
    assert terms.Acceptance(0, 0, None).pool_share is None


def test_the_list_behind_each_number_holds_exactly_its_placements(recruiter_client, pool):
    p1, p2, p3 = pool["people"]
    url = reverse("insights:placements")
    params = {"from": "2025-02-01", "to": "2025-02-28"}
    from_pool = recruiter_client.get(url, {**params, "pool": "1"})
    assert [f.offer.application.candidate for f in from_pool.context["page"].items] == [p1]
    others = recruiter_client.get(url, {**params, "pool": "0"})
    assert [f.offer.application.candidate for f in others.context["page"].items] == [p2]
    everyone = recruiter_client.get(url, {"from": "2025-01-01", "to": "2025-03-31"})
    assert everyone.context["page"].count == 3 and "Oui" in everyone.content.decode()
    page = recruiter_client.get(reverse("insights:dashboard"), params).content.decode()
    assert (
        "Placements issus du vivier" in page
        and "/insights/placements/?from=2025-02-01&amp;to=2025-02-28&amp;pool=1" in page
    )
