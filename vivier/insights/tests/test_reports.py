import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from vivier.insights import reports
from vivier.insights.reports import MIN_GROUP, anonymise
from vivier.insights.tests.conftest import dated_acceptance, dated_decline

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2025, 6, 30)


def test_a_group_of_4_is_hidden_and_a_group_of_5_is_shown():
    table = anonymise({"salary": 5, "remote_policy": 4, "timing": 3}, {}, 12)
    cells = {c.code: c for c in table.cells}
    assert cells["salary"].count == 5 and cells["salary"].share == pytest.approx(41.7)
    assert (
        cells["remote_policy"].hidden
        and cells["remote_policy"].small
        and cells["remote_policy"].share is None
    )
    assert cells["timing"].hidden
    assert table.pooled == 7


def test_a_lone_small_group_is_pooled_with_the_smallest_shown_one():
    table = anonymise({"salary": 5, "remote_policy": 4, "timing": 6}, {}, 15)
    cells = {c.code: c for c in table.cells}
    # 4 alone could be read as total − shown: the smallest shown group joins the pool (secondary suppression).
    assert cells["remote_policy"].hidden and cells["remote_policy"].small
    assert cells["salary"].hidden and not cells["salary"].small
    assert cells["timing"].count == 6
    assert table.pooled == 9 and table.pooled >= MIN_GROUP


def test_hidden_groups_that_already_reach_5_together_need_no_more_hiding():
    table = anonymise({"salary": 10, "remote_policy": 3, "timing": 2}, {}, 15)
    cells = {c.code: c for c in table.cells}
    assert cells["salary"].count == 10 and table.pooled == 5


def _acme_with(make, n_remote: int, n_salary: int = 0):
    acme = make.client(name="Acme")
    job = make.job(client=acme, rome_code="M1805")
    for i in range(n_remote):
        dated_decline(
            make,
            job=job,
            offered_on="2025-02-01",
            declined_on=f"2025-02-{10 + i:02d}",
            codes=("remote_policy",),
            remote=1,
            competing_remote_days=3,
        )
    for i in range(n_salary):
        dated_decline(
            make,
            job=job,
            offered_on="2025-03-01",
            declined_on=f"2025-03-{10 + i:02d}",
            salary=40000,
            expectation=50000,
            competing_salary=46000,
        )
    return acme


def _elsewhere(make, accepted: int = 5, remote: int = 3):
    other = make.client(name="Globex")
    job = make.job(client=other)
    for i in range(accepted):
        dated_acceptance(
            make, job=job, offered_on="2025-02-01", accepted_on=f"2025-02-{10 + i:02d}", remote=remote
        )
    for i in range(6):
        dated_decline(
            make, job=job, offered_on="2025-02-01", declined_on=f"2025-04-{10 + i:02d}", codes=("timing",)
        )


def test_the_report_refuses_under_5_declines(make):
    acme = _acme_with(make, 4)
    report = reports.client_report(acme, START, END)
    assert not report.enough and report.reasons is None and report.recommendations == []


def test_the_report_compares_reasons_and_recommends_from_the_data(make):
    acme = _acme_with(make, 5, 5)
    _elsewhere(make)
    with translation.override("en"):
        report = reports.client_report(acme, START, END)
    assert report.enough and report.total == 10
    assert reports.as_counts(report.reasons) == {"remote_policy": 5, "salary": 5}
    cells = {c.code: c for c in report.reasons.cells}
    assert cells["salary"].share == 50.0 and cells["salary"].others_share is None  # none elsewhere
    assert report.gap_expected.median == pytest.approx(-20)
    assert report.remote_offered == 1 and report.remote_accepted_elsewhere == 3
    keys = [r.key for r in report.recommendations]
    assert "remote" in keys and "salary" in keys and len(keys) <= 3
    remote = next(r for r in report.recommendations if r.key == "remote")
    assert (
        "5 of your 10 declines" in remote.text
        and "give 1 d/week" in remote.text
        and "give 3 d/week" in remote.text
    )


def test_a_median_over_fewer_than_5_people_is_not_shown(make):
    acme = _acme_with(make, 5, 4)
    report = reports.client_report(acme, START, END)
    assert report.gap_expected.median is None and report.gap_expected.n == 4
    assert "salary" not in [r.key for r in report.recommendations]


def test_the_report_page_names_nobody(recruiter_client, make):
    acme = _acme_with(make, 5, 5)
    url = reverse("insights:client_report", args=[acme.public_id])
    response = recruiter_client.get(url, {"from": START.isoformat(), "to": END.isoformat(), "lang": "en"})
    assert response.status_code == 200
    body = response.context["body"]
    from vivier.talent.models import Candidate

    for c in Candidate.objects.all():
        assert c.last_name not in body and c.email not in body
    assert "Declines on the offers of Acme" in body


def test_the_report_language_is_independent_of_the_page(recruiter_client, make):
    acme = _acme_with(make, 5)
    url = reverse("insights:client_report", args=[acme.public_id])
    fr = recruiter_client.get(url, {"from": START.isoformat(), "to": END.isoformat(), "lang": "fr"})
    en = recruiter_client.get(url, {"from": START.isoformat(), "to": END.isoformat(), "lang": "en"})
    assert fr.context["language"] == "fr" and en.context["language"] == "en"
    assert "Declines on the offers of Acme" in en.context["body"]
    assert fr.context["body"] != en.context["body"]
