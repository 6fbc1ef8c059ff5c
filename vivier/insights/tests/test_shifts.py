"""Which reasons grow or shrink when a client changes its terms, hand-computed.

January and February 2025 (whole months: cut on 1 February), offers answered (declines, and for Zeta two
accepted offers per month too):
| client | January                               | February                             |
| Xylo   | 6 declines at 40 000 €: 4 salary,     | 5 declines at 48 000 €: 1 salary,    | +20 %: changed
|        | 2 remote_policy                       | 4 remote_policy                      |
| Yarn   | 5 declines at 45 000 €, salary        | 5 declines at 45 000 €, salary       | kept its terms
| Zeta   | 3 declines + 2 accepted at 30 000 €   | 3 declines + 2 accepted at 36 000 €  | +20 %, but 3 declines
|        |                                       |                                      | a month: not interpreted
Xylo: remote_policy 33,3 % → 80 % (+46,7 points), salary 66,7 % → 20 % (−46,7 points).
The agency: January 14 declines (salary 12, remote 2), February 13 (salary 9, remote 4): remote 14,3 % → 30,8 %.
"""

import datetime as dt

import pytest
from django.urls import reverse

from vivier.insights import selectors, shifts
from vivier.insights.filters import InsightFilters
from vivier.insights.tests.conftest import dated_acceptance, dated_decline

pytestmark = pytest.mark.django_db

PERIOD = InsightFilters(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 2, 28))


@pytest.fixture
def terms(make):
    clients = {name: make.client(name=name) for name in ("Xylo", "Yarn", "Zeta")}
    jobs = {name: make.job(client=client) for name, client in clients.items()}

    def declines(name, month, salary, codes):
        for day, code in enumerate(codes, start=2):
            dated_decline(
                make,
                job=jobs[name],
                offered_on=f"2025-{month:02d}-01",
                declined_on=f"2025-{month:02d}-{day:02d}",
                salary=salary,
                codes=(code,),
            )

    declines("Xylo", 1, 40000, ["salary"] * 4 + ["remote_policy"] * 2)
    declines("Xylo", 2, 48000, ["salary"] + ["remote_policy"] * 4)
    declines("Yarn", 1, 45000, ["salary"] * 5)
    declines("Yarn", 2, 45000, ["salary"] * 5)
    declines("Zeta", 1, 30000, ["salary"] * 3)
    declines("Zeta", 2, 36000, ["salary"] * 3)
    for month, salary in ((1, 30000), (2, 36000)):
        for day in (20, 21):
            dated_acceptance(
                make,
                job=jobs["Zeta"],
                offered_on=f"2025-{month:02d}-10",
                accepted_on=f"2025-{month:02d}-{day}",
                salary=salary,
                remote=1,
            )
    return clients


def test_it_compares_the_two_halves_of_the_period_per_client(terms):
    found = selectors.dashboard(PERIOD).shifts
    assert (found.first.start, found.first.end, found.second.start) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 1, 31),
        dt.date(2025, 2, 1),
    )
    assert [c.label for c in found.changed] == ["Xylo", "Zeta"]
    assert [c.label for c in found.stable] == ["Yarn"]
    xylo = found.changed[0]
    assert (xylo.before.salary, xylo.after.salary, xylo.salary_change, xylo.remote_change) == (
        40000,
        48000,
        20.0,
        0.0,
    )
    assert (xylo.before.declines, xylo.after.declines, xylo.interpreted) == (6, 5, True)
    assert [(m.code, m.before_share, m.after_share, m.delta) for m in xylo.moves] == [
        ("remote_policy", 33.3, 80.0, 46.7),
        ("salary", 66.7, 20.0, -46.7),
    ]
    zeta = found.changed[1]
    assert (zeta.salary_change, zeta.before.offers, zeta.interpreted) == (20.0, 5, False)
    agency = found.agency
    assert (agency.before.declines, agency.after.declines) == (14, 13)
    remote = next(m for m in agency.moves if m.code == "remote_policy")
    assert (remote.before_share, remote.after_share) == (14.3, 30.8)


def test_it_says_it_in_plain_words_and_never_reads_too_small_groups(terms):
    found = selectors.dashboard(PERIOD).shifts
    xylo, zeta = found.changed
    text = shifts.sentence(xylo, found.agency)
    assert text == (
        "Télétravail\u00a0: 33,3\u202f% → 80\u202f% des refus après que les propositions sont passées de "
        "40\u00a0k€ à 48\u00a0k€ (l’agence dans son ensemble\u00a0: 14,3\u202f% → 30,8\u202f%)."
    )
    assert shifts.sentence(zeta, found.agency).startswith("Non interprété")
    assert shifts.sentence(found.stable[0], found.agency) == ""


def test_the_same_figures_whether_read_from_the_monthly_sums_or_the_rows(terms):
    """A narrowed page walks the rows; the halves and the agency's shares do not change with it."""
    summed = selectors.dashboard(PERIOD).shifts
    walked = selectors.dashboard(PERIOD.with_(family="M18")).shifts  # every job here is M1805: same rows
    assert (walked.first.end, walked.second.start) == (summed.first.end, summed.second.start)
    assert [(c.label, c.salary_change) for c in walked.changed] == [
        (c.label, c.salary_change) for c in summed.changed
    ]
    assert [(m.code, m.before, m.after) for m in walked.agency.moves] == [
        (m.code, m.before, m.after) for m in summed.agency.moves
    ]


def test_a_client_in_the_filters_is_the_one_compared(terms):
    found = selectors.dashboard(PERIOD.with_(client=terms["Yarn"])).shifts
    assert [c.label for c in found.clients] == ["Yarn"] and not found.changed


def test_empty_or_too_short_periods_are_said_not_computed(terms, db):
    one_day = selectors.dashboard(
        PERIOD.with_(date_from=dt.date(2025, 1, 5), date_to=dt.date(2025, 1, 5))
    ).shifts
    assert one_day.first is None and one_day.clients == []
    nothing = selectors.dashboard(
        PERIOD.with_(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 2, 29))
    ).shifts
    assert nothing.empty


def test_each_share_leads_to_the_declines_behind_it(recruiter_client, terms):
    page = recruiter_client.get(reverse("insights:dashboard"), {"from": "2025-01-01", "to": "2025-02-28"})
    assert page.status_code == 200
    xylo = next(row for row in page.context["shifts"].rows if row["shift"].label == "Xylo")
    listed = recruiter_client.get(xylo["before_href"])
    assert listed.context["page"].count == 6
    remote_after = next(m for m in xylo["moves"] if m["move"].code == "remote_policy")["after_href"]
    assert recruiter_client.get(remote_after).context["page"].count == 4
