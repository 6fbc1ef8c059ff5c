import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vivier.insights.tests.conftest import dated_decline

pytestmark = pytest.mark.django_db

Q1 = {"from": "2025-01-01", "to": "2025-03-31"}


def test_it_sends_an_outsider_to_the_login_page(outsider, small):
    for url in (
        reverse("insights:dashboard"),
        reverse("insights:declines"),
        reverse("insights:export", args=["client"]),
        reverse("insights:client_report", args=[small.acme.public_id]),
    ):
        response = outsider.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_recruiters_admins_and_viewers_read_the_dashboard(
    recruiter_client, admin_client_, viewer_client, small
):
    for http in (recruiter_client, admin_client_, viewer_client):
        response = http.get(reverse("insights:dashboard"), Q1)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Acme" in page and "<svg" in page


def test_the_page_needs_no_inline_style_or_script(recruiter_client, small):
    page = recruiter_client.get(reverse("insights:dashboard"), Q1).content.decode()
    assert " style=" not in page and "<style" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)


def test_every_bar_links_to_the_declines_behind_it(recruiter_client, small):
    page = recruiter_client.get(reverse("insights:dashboard"), Q1).content.decode()
    link = f"/insights/declines/?from=2025-01-01&amp;to=2025-03-31&amp;client={small.acme.public_id}"
    assert link in page
    response = recruiter_client.get(link.replace("&amp;", "&"))
    listed = response.content.decode()
    assert response.status_code == 200
    names = [d.candidate.full_name for d in small.declines]
    assert all(n in listed for n in names[:3]) and not any(n in listed for n in names[3:])


def test_a_cell_drills_down_to_one_reason_in_one_month(recruiter_client, small):
    url = reverse("insights:declines") + "?from=2025-01-01&to=2025-01-31&reason=salary"
    page = recruiter_client.get(url).content.decode()
    assert small.declines[0].candidate.full_name in page and small.declines[2].candidate.full_name not in page


def test_it_shows_an_empty_state(recruiter_client, db):
    page = recruiter_client.get(reverse("insights:dashboard"), Q1).content.decode()
    assert "No declines for these filters" in page or "Aucun refus" in page


def test_the_default_period_is_the_last_twelve_months(recruiter_client, db):
    response = recruiter_client.get(reverse("insights:dashboard"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.data["date_from"] and form.data["date_to"]


def test_a_bad_filter_is_reported_not_a_crash(recruiter_client, small):
    response = recruiter_client.get(
        reverse("insights:dashboard"),
        {"from": "2025-13-45", "to": "2025-03-31", "family": "M18!", "client": "x"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def _count(http, url, params) -> int:
    from django.core.cache import cache

    from vivier.insights.selectors import ensure_current

    ensure_current()  # the figures' table catches up first: its own queries are counted in test_facts
    cache.clear()  # the dashboard is cached per state of the data: measure a computation
    with CaptureQueriesContext(connection) as ctx:
        assert http.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_the_dashboard_makes_a_fixed_number_of_queries(
    recruiter_client, make, small, django_assert_num_queries
):
    url = reverse("insights:dashboard")
    expected = _count(recruiter_client, url, Q1)
    for n in range(6):
        client = make.client(name=f"Client {n}")
        dated_decline(
            make,
            job=make.job(client=client, rome_code="K2111"),
            offered_on="2025-01-02",
            declined_on="2025-01-03",
            codes=("salary", "remote_policy"),
            expectation=52000,
        )
    from django.core.cache import cache

    from vivier.insights.selectors import ensure_current

    ensure_current()
    cache.clear()
    with django_assert_num_queries(expected):
        recruiter_client.get(url, Q1)


def test_the_second_view_comes_from_the_cache_until_the_data_changes(recruiter_client, make, small):
    url = reverse("insights:dashboard")
    first = _count(recruiter_client, url, Q1)
    with CaptureQueriesContext(connection) as ctx:
        recruiter_client.get(url, Q1)
    assert len(ctx.captured_queries) < first
    dated_decline(make, job=make.job(), offered_on="2025-01-02", declined_on="2025-01-03")
    response = recruiter_client.get(url, Q1)
    assert response.context["data"].total == 6


def test_the_report_picker_opens_a_client_report(recruiter_client, small):
    response = recruiter_client.get(
        reverse("insights:client_pick"),
        {"client": str(small.acme.public_id), "from": "2025-01-01", "to": "2025-03-31"},
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("insights:client_report", args=[small.acme.public_id]))
    by_name = recruiter_client.get(reverse("insights:client_pick"), {"name": "glob"})
    assert by_name.url.startswith(reverse("insights:client_report", args=[small.globex.public_id]))
    several = recruiter_client.get(reverse("insights:client_pick"), {"name": "e"})  # Acme, Globex
    assert several.url.startswith(reverse("front:client_list"))
