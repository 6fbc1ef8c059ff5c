"""A small data set whose figures were computed by hand (see the comments), and helpers to date rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from vivier.talent.models import Decline, Offer


def at(day: str, hour: int = 12) -> dt.datetime:
    """Noon, local time, on that day: far from midnight so no period boundary is ambiguous."""
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour)))


def dated_decline(
    make,
    *,
    job,
    offered_on: str,
    declined_on: str,
    codes=("salary",),
    primary=None,
    salary=45000,
    currency="EUR",
    remote=1,
    expectation=None,
    candidate=None,
    **decline_kw,
):
    candidate = candidate or make.candidate(salary_expectation=expectation)
    offer = make.offer(
        make.application(candidate=candidate, job=job),
        salary=salary,
        currency=currency,
        remote_days_per_week=remote,
    )
    decline = make.decline(offer=offer, codes=codes, primary=primary, **decline_kw)
    Decline.objects.filter(pk=decline.pk).update(created_at=at(declined_on))
    Offer.objects.filter(pk=offer.pk).update(created_at=at(offered_on), decided_at=at(declined_on))
    decline.refresh_from_db()
    return decline


def dated_acceptance(make, *, job, offered_on: str, accepted_on: str, candidate=None, salary=45000, remote=2):
    from vivier.talent.services import offer_accept

    offer = make.offer(
        make.application(candidate=candidate or make.candidate(), job=job),
        salary=salary,
        remote_days_per_week=remote,
    )
    offer_accept(by=make.by, offer=offer)
    Offer.objects.filter(pk=offer.pk).update(created_at=at(offered_on), decided_at=at(accepted_on))
    return offer


@dataclass
class Small:
    acme: object
    globex: object
    declines: list
    boomerang_candidate: object


@pytest.fixture
def small(make) -> Small:
    """Five declines in the first quarter of 2025 and one accepted offer.

    | # | client | main reason   | kind       | offered     | expected | competing      | offer → decline |
    | 1 | Acme   | salary        | candidate  | 40 000 EUR  | 50 000   | 48 000         | 05/01 → 10/01 (5 d)
    | 2 | Acme   | salary        | candidate  | 45 000 EUR  | 50 000   | –              | 10/01 → 20/01 (10 d)
    | 3 | Acme   | remote_policy | candidate  | 45 000 EUR  | –        | remote 3 d     | 04/02 → 05/02 (1 d)
    |   |        |               |            | remote 1 d  |          |                |
    | 4 | Globex | salary        | withdrawn  | 60 000 EUR  | 55 000   | –              | 07/02 → 10/02 (3 d)
    | 5 | Globex | counter_offer | candidate  | 30 000 USD  | 40 000   | –              | 20/02 → 01/03 (9 d)
    |   |        | (+ salary)    |            |             |          |                |
    The candidate of #1 accepts a Globex offer on 05/03 (remote 2 d): one boomerang, 54 days later.
    """
    acme = make.client(name="Acme")
    globex = make.client(name="Globex")
    acme_job = make.job(client=acme, rome_code="M1805", title="Développeur web")
    globex_job = make.job(client=globex, rome_code="K2111", title="Formateur")
    globex_job2 = make.job(client=globex, rome_code="M1805", title="Développeur backend")
    d1 = dated_decline(
        make,
        job=acme_job,
        offered_on="2025-01-05",
        declined_on="2025-01-10",
        salary=40000,
        expectation=50000,
        competing_salary=48000,
    )
    d2 = dated_decline(
        make, job=acme_job, offered_on="2025-01-10", declined_on="2025-01-20", expectation=50000
    )
    d3 = dated_decline(
        make,
        job=acme_job,
        offered_on="2025-02-04",
        declined_on="2025-02-05",
        codes=("remote_policy",),
        competing_remote_days=3,
    )
    d4 = dated_decline(
        make,
        job=globex_job,
        offered_on="2025-02-07",
        declined_on="2025-02-10",
        salary=60000,
        expectation=55000,
        kind="withdrawn",
    )
    d5 = dated_decline(
        make,
        job=globex_job,
        offered_on="2025-02-20",
        declined_on="2025-03-01",
        salary=30000,
        currency="USD",
        expectation=40000,
        codes=("counter_offer", "salary"),
        counter_offer=True,
    )
    dated_acceptance(
        make, job=globex_job2, offered_on="2025-03-01", accepted_on="2025-03-05", candidate=d1.candidate
    )
    return Small(acme, globex, [d1, d2, d3, d4, d5], d1.candidate)
