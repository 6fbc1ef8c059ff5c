"""Reply rates per step and the touchpoints of the boomerangs, on messages sent by the real worker and answers
logged through the real services, with the time frozen at each step.

The story (Paris time), four people declining on Monday 6 January 2025 at 10:00 (A, B at Acme; C, D at
Globex), their thank-you and stay-in-touch approved:
- 7 January 10:00, the worker sends the four thank-yous;
- 8 January, D unsubscribes (the link in the e-mail): their other messages are cancelled;
- 9 January, A's reply is logged (2 days after the thank-you): A's cadence is paused;
- 14 January 10:00, the worker sends the stay-in-touch of B and C;
- 15 January, B's reply (1 day after); 30 January, C's reply (16 days after: too late to count, 14 is the window).
Then B is put on a Globex job on 1 March and accepts on 10 March (the stay-in-touch, 46 days before, is the
touchpoint), and A on 2 June, accepting on 10 June (nothing was sent to A in the 90 days before: "none").

Hand-computed, January: thank-you 4 sent, 1 replied (25 %), 1 unsubscribe (25 %); stay-in-touch 2 sent,
1 replied (50 %), 0 unsubscribe. Acme only: thank-you 2 sent, 1 replied; stay-in-touch 1 sent, 1 replied.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from vivier.insights import selectors, touchpoints
from vivier.insights.filters import InsightFilters
from vivier.outreach.models import MessageStatus

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
JANUARY = InsightFilters(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 1, 31))
Q1 = InsightFilters(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 3, 31))


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, tzinfo=PARIS)


def _send() -> int:
    """The real worker, until nothing is due (Django's mail backend set to memory by the fixture)."""
    from vivier.outreach.worker import Worker, WorkerConfig

    return Worker(WorkerConfig(worker_id="insights-test", poll=0.01)).run(once=True)


@pytest.fixture
def story(make, settings):
    from vivier.outreach.services import candidate_replied, contact_stop, message_approve
    from vivier.talent.services import offer_accept

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    acme, globex = make.client(name="Acme"), make.client(name="Globex")
    jobs = {
        "Acme": make.job(client=acme, rome_code="M1805"),
        "Globex": make.job(client=globex, rome_code="K2111"),
    }
    people = {}
    with time_machine.travel(at(1, 6), tick=False):
        for name, client in (("A", "Acme"), ("B", "Acme"), ("C", "Globex"), ("D", "Globex")):
            candidate = make.candidate(first_name=name, last_name=f"Personne{name}")
            make.consent(candidate, "talent_pool")
            result = make.declined(make.offer(make.application(candidate=candidate, job=jobs[client])))
            for message in result.messages:
                if message.status == MessageStatus.REVIEW:
                    message_approve(message=message, by=make.by)
            people[name] = candidate
    with time_machine.travel(at(1, 7), tick=False):
        assert _send() == 4
    with time_machine.travel(at(1, 8), tick=False):
        contact_stop(candidate=people["D"], source="unsubscribe")
    with time_machine.travel(at(1, 9), tick=False):
        candidate_replied(candidate=people["A"], by=make.by)
    with time_machine.travel(at(1, 14), tick=False):
        assert _send() == 2
    with time_machine.travel(at(1, 15), tick=False):
        candidate_replied(candidate=people["B"], by=make.by)
    with time_machine.travel(at(1, 30), tick=False):
        candidate_replied(candidate=people["C"], by=make.by)

    def come_back(name: str, applied: dt.datetime, accepted: dt.datetime) -> None:
        with time_machine.travel(applied, tick=False):
            offer = make.offer(make.application(candidate=people[name], job=make.job(client=globex)))
        with time_machine.travel(accepted, tick=False):
            offer_accept(by=make.by, offer=offer)

    come_back("B", at(3, 1), at(3, 10))
    come_back("A", at(6, 2), at(6, 10))
    return people


def _rates(filters) -> dict:
    return {
        s.key: (s.sent, s.replied, s.reply_rate, s.unsubscribed, s.unsubscribe_rate) for s in filters.steps
    }


def test_it_counts_messages_replies_and_unsubscribes_per_step(story):
    data = selectors.dashboard(JANUARY)
    assert _rates(data.replies) == {
        "thank_you": (4, 1, 25.0, 1, 25.0),
        "stay_in_touch": (2, 1, 50.0, 0, 0.0),
    }
    assert [s.label for s in data.replies.steps] == ["Remerciement", "Garder le contact"]
    # Read from the monthly sums (the default, whole months) and live (a narrowed page) alike.
    selectors.ensure_current()
    assert _rates(touchpoints.reply_rates(JANUARY)) == _rates(data.replies)


def test_the_filters_apply_to_the_messages(story):
    acme = InsightFilters(
        date_from=JANUARY.date_from, date_to=JANUARY.date_to, client=story["A"].declines.get().client
    )
    assert _rates(selectors.dashboard(acme).replies) == {
        "thank_you": (2, 1, 50.0, 0, 0.0),
        "stay_in_touch": (1, 1, 100.0, 0, 0.0),
    }
    february = selectors.dashboard(JANUARY.with_(date_from=dt.date(2025, 2, 1), date_to=dt.date(2025, 2, 28)))
    assert february.replies.empty and february.replies.sent == 0


def test_it_attributes_each_boomerang_to_the_last_touchpoint_before_their_return(story):
    data = selectors.dashboard(Q1)
    assert data.boomerangs.people == 2
    rows = {r.key: (r.people, r.share) for r in data.touchpoints.rows}
    assert rows == {"stay_in_touch": (1, 50.0), "none": (1, 50.0)}
    by_touch = {r.key: r for r in data.touchpoints.rows}
    assert by_touch["stay_in_touch"].days.median == pytest.approx(54.0)  # 6 January → 1 March
    assert by_touch["none"].days.median == pytest.approx(147 - 1 / 24)  # → 2 June, summer time: an hour less
    # Placements of the quarter: B only (A accepted in June), from the pool.
    assert (data.acceptance.accepted, data.acceptance.from_pool, data.acceptance.pool_share) == (1, 1, 100.0)


def test_the_dashboard_shows_the_sections_and_every_number_leads_to_its_rows(recruiter_client, story):
    response = recruiter_client.get(reverse("insights:dashboard"), {"from": "2025-01-01", "to": "2025-01-31"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Taux de réponse par étape du suivi" in page and "25\u202f%" in page
    replied = recruiter_client.get(
        reverse("insights:messages"),
        {"from": "2025-01-01", "to": "2025-01-31", "step": "thank_you", "outcome": "replied"},
    )
    listed = replied.content.decode()
    assert replied.context["page"].count == 1 and "PersonneA" in listed and "PersonneB" not in listed
    unsubscribed = recruiter_client.get(
        reverse("insights:messages"),
        {"from": "2025-01-01", "to": "2025-01-31", "step": "thank_you", "outcome": "unsubscribed"},
    )
    assert [r.message.candidate.last_name for r in unsubscribed.context["page"].items] == ["PersonneD"]
    sent = recruiter_client.get(
        reverse("insights:messages"), {"from": "2025-01-01", "to": "2025-01-31", "step": "stay_in_touch"}
    )
    assert sorted(r.message.candidate.last_name for r in sent.context["page"].items) == [
        "PersonneB",
        "PersonneC",
    ]


def test_the_returns_list_holds_exactly_the_people_of_a_touchpoint(recruiter_client, story):
    url = reverse("insights:returns")
    params = {"from": "2025-01-01", "to": "2025-03-31"}
    stay = recruiter_client.get(url, {**params, "touch": "stay_in_touch"})
    assert [row["decline"].candidate.last_name for row in stay.context["rows"]] == ["PersonneB"]
    none = recruiter_client.get(url, {**params, "touch": "none"})
    assert [row["decline"].candidate.last_name for row in none.context["rows"]] == ["PersonneA"]
    assert recruiter_client.get(url, {**params, "touch": "<script>"}).context["page"].count == 2  # ignored


def test_the_drill_down_pages_make_a_fixed_number_of_queries(
    recruiter_client, story, make, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = {"from": "2025-01-01", "to": "2025-01-31", "step": "thank_you"}
    selectors.ensure_current()
    with CaptureQueriesContext(connection) as ctx:
        recruiter_client.get(reverse("insights:messages"), params)
    first = len(ctx.captured_queries)
    with django_assert_max_num_queries(first):
        recruiter_client.get(reverse("insights:messages"), params)


def test_a_step_with_nothing_sent_reads_a_dash_not_a_division_by_zero():
    rate = touchpoints.StepRate("check_in_3m", "x", 0)
    assert rate.reply_rate is None and rate.unsubscribe_rate is None
    assert touchpoints.step_label("check_in_6m") == "Relance à 6 mois"
    assert (
        touchpoints.step_key("check_in", "decline:12345678-1234-1234-1234-123456789012:check_in_12m")
        == "check_in_12m"
    )
    assert touchpoints.step_key("job_alert", "job_alert:2025-01-01") == "job_alert"


def test_viewers_read_the_lists_and_outsiders_are_sent_to_sign_in(viewer_client, outsider, db):
    for name in ("insights:messages", "insights:returns", "insights:placements"):
        assert viewer_client.get(reverse(name)).status_code == 200
        response = outsider.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
