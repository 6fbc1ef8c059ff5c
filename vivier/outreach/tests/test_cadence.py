"""The cadence planned on a decline: dates (time zones, weekends, holidays, DST), steps, review, replays."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from vivier.outreach import cadence
from vivier.outreach.models import Message, MessageStatus
from vivier.outreach.services import cadence_plan
from vivier.talent.models import Candidate, Event, EventKind

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC


def _at(year, month, day, hour=15, minute=0, tz=PARIS):
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz)


def _plan(make, when, candidate=None, **decline):
    """Record a decline at `when` (time frozen) and return {step: due_at in UTC}."""
    with time_machine.travel(when, tick=False):
        offer = make.offer(
            make.application(candidate=candidate or make.candidate()), **decline.pop("offer", {})
        )
        made = make.declined(offer, **decline)
    return {m.cadence_key.rsplit(":", 1)[1]: m for m in made.messages}


def test_french_public_holidays_include_the_moving_ones():
    assert cadence.easter_sunday(2026) == dt.date(2026, 4, 5)
    assert cadence.easter_sunday(2027) == dt.date(2027, 3, 28)
    days = cadence.french_public_holidays(2027)
    assert {
        dt.date(2027, 3, 29),
        dt.date(2027, 5, 6),
        dt.date(2027, 5, 17),
    } <= days  # Pâques, Ascension, Pentecôte
    assert {dt.date(2027, 1, 1), dt.date(2027, 5, 1), dt.date(2027, 5, 8), dt.date(2027, 7, 14)} <= days
    assert len(days) == 11


@pytest.mark.parametrize(
    ("months", "start", "end"),
    [
        (1, dt.date(2027, 1, 31), dt.date(2027, 2, 28)),
        (3, dt.date(2026, 11, 30), dt.date(2027, 2, 28)),
        (12, dt.date(2028, 2, 29), dt.date(2029, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(months, start, end):
    assert cadence.add_months(start, months) == end


def test_trial_periods_follow_the_documented_table(settings):
    start = dt.date(2027, 1, 4)
    assert cadence.trial_period(start, "cdi").end == dt.date(2027, 5, 3)  # cadre by default: 4 months
    assert cadence.trial_period(start, "cdi", "technicien").end == dt.date(2027, 4, 3)
    assert cadence.trial_period(start, "cdi", "employe").end == dt.date(2027, 3, 3)
    assert cadence.trial_period(start, "cdd").end == start + dt.timedelta(days=14)
    assert cadence.trial_period(start, "cdd", cdd_weeks=52).end == start + dt.timedelta(days=30)
    assert cadence.trial_period(start, "freelance") is None
    settings.OUTREACH_TRIAL_STATUS = "ouvrier"
    assert cadence.trial_period(start, None).end == dt.date(2027, 3, 3)


@pytest.mark.django_db
def test_a_friday_decline_thanks_on_monday_morning_with_the_whole_cadence(make):
    candidate = make.candidate()
    make.consent(candidate, "survey")  # else the survey waits for the consent (vivier.surveys)
    steps = _plan(make, _at(2026, 11, 27), candidate=candidate, open_to_future="yes")
    assert list(steps) == [
        "thank_you",
        "stay_in_touch",
        "check_in_3m",
        "check_in_6m",
        "check_in_12m",
        "survey",
    ]
    assert steps["thank_you"].due_at == _at(2026, 11, 30, 9)
    assert steps["stay_in_touch"].due_at == _at(2026, 12, 7, 9)
    assert steps["survey"].due_at == _at(2026, 12, 11, 9)
    assert steps["check_in_3m"].due_at == _at(2027, 3, 1, 9)  # 27 February 2027 is a Saturday
    assert steps["check_in_6m"].due_at == _at(2027, 5, 27, 9)
    assert steps["check_in_12m"].due_at == _at(2027, 11, 29, 9)
    assert steps["thank_you"].status == MessageStatus.REVIEW  # the recruiter reviews thank-you messages
    assert steps["check_in_3m"].status == MessageStatus.SCHEDULED
    decline_id = steps["thank_you"].cadence_key.split(":")[1]
    assert steps["check_in_6m"].cadence_key == f"decline:{decline_id}:check_in_6m"
    event = Event.objects.get(kind=EventKind.CADENCE_PLANNED)
    assert [s["step"] for s in event.data["steps"]] == list(steps)


@pytest.mark.django_db
def test_it_skips_christmas_and_the_weekend(make):
    steps = _plan(make, _at(2026, 12, 24, 11))
    assert steps["thank_you"].due_at == _at(2026, 12, 28, 9)


@pytest.mark.django_db
def test_across_the_spring_dst_change_and_easter_monday(make):
    # Friday 26 March 2027, UTC+1; Sunday 28 is both the DST change and Easter; Monday 29 is a holiday.
    steps = _plan(make, _at(2027, 3, 26, 16))
    due = steps["thank_you"].due_at
    assert due == _at(2027, 3, 30, 9) and due.astimezone(UTC).hour == 7  # 9:00 CEST


@pytest.mark.django_db
def test_across_the_autumn_dst_change(make):
    steps = _plan(make, _at(2026, 10, 23, 16))
    due = steps["thank_you"].due_at
    assert due == _at(2026, 10, 26, 9) and due.astimezone(UTC).hour == 8  # 9:00 CET


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("tz", "expected_utc"),
    [
        ("Europe/Paris", dt.datetime(2026, 11, 30, 8, tzinfo=UTC)),  # Friday 04:00 in Paris → Monday
        ("America/New_York", dt.datetime(2026, 11, 27, 14, tzinfo=UTC)),  # still Thursday evening → Friday
        ("Asia/Tokyo", dt.datetime(2026, 11, 30, 0, tzinfo=UTC)),  # Friday noon → Monday 9:00 JST
    ],
)
def test_the_morning_is_the_candidates_own(make, tz, expected_utc):
    candidate = make.candidate()
    Candidate.objects.filter(pk=candidate.pk).update(time_zone=tz)
    candidate.refresh_from_db()
    steps = _plan(make, dt.datetime(2026, 11, 27, 3, tzinfo=UTC), candidate=candidate)
    assert steps["thank_you"].due_at == expected_utc


@pytest.mark.django_db
def test_a_competing_offer_adds_a_check_in_before_the_trial_period_ends(make):
    steps = _plan(
        make,
        _at(2026, 11, 27),
        offer={"start_date": dt.date(2027, 1, 4)},
        codes=("better_aligned_opportunity", "salary"),
        competing_employer="Rival SA",
    )
    # CDI, cadre: 4 months from 4 January 2027 end on 3 May; a week before is Monday 26 April.
    assert steps["trial_period"].due_at == _at(2027, 4, 26, 9)
    assert "Rival SA" in steps["trial_period"].body_text
    counter = _plan(make, _at(2026, 11, 27), offer={"start_date": dt.date(2027, 1, 4)}, counter_offer=True)
    assert counter["trial_period"].due_at == _at(2027, 4, 26, 9)
    plain = _plan(make, _at(2026, 11, 27), codes=("salary",))
    assert "trial_period" not in plain


@pytest.mark.django_db
def test_the_candidates_recontact_date_wins_over_the_calendar(make):
    steps = _plan(make, _at(2026, 11, 27), recontact_after=dt.date(2027, 7, 14))
    # 14 July is a holiday: the day after. The 3- and 6-month check-ins would come before it: not planned.
    assert steps["recontact"].due_at == _at(2027, 7, 15, 9)
    assert "check_in_3m" not in steps and "check_in_6m" not in steps
    assert steps["check_in_12m"].due_at == _at(2027, 11, 29, 9)


@pytest.mark.django_db
def test_not_open_to_future_contact_gets_only_the_thank_you(make):
    assert list(_plan(make, _at(2026, 11, 27), open_to_future="no")) == ["thank_you"]
    # Even in the talent pool, with a recontact date: "no future contact" wins, no check-in is planned.
    in_pool = make.candidate_in_pool()
    steps = _plan(
        make, _at(2026, 11, 27), candidate=in_pool, open_to_future="no", recontact_after=dt.date(2027, 7, 14)
    )
    assert list(steps) == ["thank_you"]


@pytest.mark.django_db
def test_check_ins_are_planned_only_when_they_may_go(make):
    """With the talent-pool consent, or next to the invitation that asks for it; never when neither."""
    outsider = make.candidate()
    first = _plan(make, _at(2026, 1, 12), candidate=outsider)
    assert "stay_in_touch" in first and "check_in_3m" in first  # the invitation asks for the consent
    Message.objects.filter(pk=first["stay_in_touch"].pk).update(status=MessageStatus.SENT)
    # A second decline: the invitation went already and they did not agree; the check-ins could never go.
    second = _plan(make, _at(2026, 11, 27), candidate=outsider)
    assert list(second) == ["thank_you"]
    in_pool = make.candidate_in_pool()
    first = _plan(make, _at(2026, 1, 12), candidate=in_pool)
    Message.objects.filter(pk=first["stay_in_touch"].pk).update(status=MessageStatus.SENT)
    # The invitation is not planned twice, and no longer stops the steps after it (they may go).
    again = _plan(make, _at(2026, 11, 27), candidate=in_pool)
    assert list(again) == ["thank_you", "check_in_3m", "check_in_6m", "check_in_12m", "survey"]


@pytest.mark.django_db
def test_automatic_sending_is_a_per_user_choice(make, recruiter):
    recruiter.review_before_sending = False
    recruiter.save(update_fields=["review_before_sending"])
    steps = _plan(make, _at(2026, 11, 27))
    assert steps["thank_you"].status == MessageStatus.SCHEDULED
    assert steps["stay_in_touch"].status == MessageStatus.SCHEDULED


@pytest.mark.django_db
def test_check_in_offsets_come_from_the_settings(make, settings):
    settings.OUTREACH_CHECKIN_MONTHS = [1, 2]
    assert [s for s in _plan(make, _at(2026, 11, 27)) if s.startswith("check_in")] == [
        "check_in_1m",
        "check_in_2m",
    ]


@pytest.mark.django_db
def test_planning_twice_writes_nothing_more_and_nobody_is_written_to_against_their_wish(make):
    with time_machine.travel(_at(2026, 11, 27), tick=False):
        decline = make.decline()
        count = Message.objects.count()
        assert cadence_plan(decline=decline, by=make.by) == []
    assert Message.objects.count() == count
    candidate = make.candidate()
    Candidate.objects.filter(pk=candidate.pk).update(do_not_contact=True)
    candidate.refresh_from_db()
    assert make.declined(make.offer(make.application(candidate=candidate))).messages == []


@pytest.mark.django_db
def test_the_messages_are_in_the_candidates_language_and_cite_the_reason(make):
    english = make.candidate(first_name="Sam", language="en")
    steps = _plan(make, _at(2026, 11, 27), candidate=english, codes=("remote_policy",))
    thanks = steps["thank_you"]
    assert thanks.language == "en" and thanks.subject == "Thank you for your answer, Sam"
    assert "remote" in thanks.body_text.lower() and "/u/" in thanks.body_text
    french = _plan(make, _at(2026, 11, 27), codes=("salary",))["thank_you"]
    assert french.subject.startswith("Merci pour votre réponse")
    assert "«\u202fsalaire" in french.body_text.lower() and "\u00a0:" in french.body_text
    assert "<p>" in french.body_html and "{{" not in french.body_text
