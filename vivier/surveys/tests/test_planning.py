"""Planning the survey in the decline's transaction: who gets one, when, and never twice in six months."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from vivier.outreach.models import Message, MessageStatus
from vivier.outreach.policy import may_contact
from vivier.outreach.services import cadence_plan
from vivier.privacy.services import consent_withdraw
from vivier.surveys.models import SurveyResponse
from vivier.talent.models import Event, EventKind

from .conftest import mark_sent

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def _surveys(candidate):
    return list(Message.objects.filter(candidate=candidate, kind="survey").order_by("due_at", "id"))


def _declined(make, candidate, **kw):
    """What offer_decline returns: the decline and the follow-up messages planned with it."""
    return make.declined(make.offer(make.application(candidate=candidate)), **kw)


def _decline(make, candidate, **kw):
    return _declined(make, candidate, **kw).decline


def test_it_plans_one_survey_two_weeks_after_a_decline_with_its_link(make, recruiter, settings):
    settings.BASE_URL = "https://vivier.agence.example"
    candidate = make.candidate(first_name="Léa", last_name="Martin")
    make.consent(candidate, "survey")
    with time_machine.travel(dt.datetime(2026, 11, 26, 15, tzinfo=PARIS), tick=False):  # a Thursday
        result = _declined(make, candidate)
    decline = result.decline

    [message] = _surveys(candidate)
    assert message.status == MessageStatus.SCHEDULED
    assert message.cadence_key == f"decline:{decline.public_id}:survey"
    assert message.due_at == dt.datetime(2026, 12, 10, 9, tzinfo=PARIS)  # two weeks later, at nine
    assert message in result.messages
    assert "https://vivier.agence.example/s/" in message.body_text
    assert "recommanderiez-vous" in message.body_text and "Léa" in message.body_text
    response = SurveyResponse.objects.get(message=message)
    assert (response.candidate, response.decline, response.client) == (candidate, decline, decline.client)
    assert response.recruiter == recruiter  # the job's owner
    assert response.score is None and response.language == "fr" and response.token_id
    steps = Event.objects.get(kind=EventKind.CADENCE_PLANNED, candidate=candidate).data["steps"]
    assert "survey" in [s["step"] for s in steps]


def test_the_delay_comes_from_the_settings_and_english_people_get_english(make, settings):
    settings.SURVEY_DELAY_DAYS = 7
    candidate = make.candidate(language="en")
    make.consent(candidate, "survey")
    with time_machine.travel(dt.datetime(2026, 11, 26, 15, tzinfo=PARIS), tick=False):
        _decline(make, candidate, kind="withdrawn")
    [message] = _surveys(candidate)
    assert message.due_at == dt.datetime(2026, 12, 3, 9, tzinfo=PARIS)
    assert (
        message.subject == "Two minutes to help us do better?" and "would you recommend" in message.body_text
    )


@pytest.mark.parametrize("kind", ["rejected_by_client", "rejected_by_us"])
def test_a_rejected_candidate_gets_no_survey(make, kind):
    candidate = make.candidate()
    make.consent(candidate, "survey")
    assert _declined(make, candidate, kind=kind).messages  # the thank-you still goes
    assert _surveys(candidate) == [] and not SurveyResponse.objects.exists()


def test_no_survey_without_consent_after_a_withdrawal_or_against_their_wish(make):
    # No consent yet: nothing planned that could never go (the consent plans it when it comes, below).
    nobody = make.candidate()
    _decline(make, nobody)
    assert _surveys(nobody) == [] and not SurveyResponse.objects.exists()
    assert may_contact(nobody, "survey", planning=True) == (False, "no_consent")
    withdrawn = make.candidate()
    make.consent(withdrawn, "survey")
    consent_withdraw(
        candidate=withdrawn,
        purpose="survey",
        channel="phone",
        by=make.by,
        note="Retiré au téléphone le 20/11",
    )
    _decline(make, withdrawn)
    not_again = make.candidate()
    make.consent(not_again, "survey")
    _decline(make, not_again, open_to_future="no")
    for candidate in (withdrawn, not_again):
        assert _surveys(candidate) == []
    assert not SurveyResponse.objects.exists()


def _stay_in_touch_answer(client, candidate, *purposes):
    """The person ticks purposes on the stay-in-touch page of the invitation."""
    from vivier.privacy import tokens

    url = reverse("privacy:stay_in_touch", args=[tokens.make(candidate, tokens.STAY_IN_TOUCH)])
    assert client.post(url, {"purpose": list(purposes)}).status_code == 302


def test_the_survey_consent_given_on_the_stay_in_touch_page_plans_the_survey_then(make, client):
    candidate = make.candidate()
    with time_machine.travel(dt.datetime(2026, 11, 26, 15, tzinfo=PARIS), tick=False):  # a Thursday
        decline = _decline(make, candidate)
    assert _surveys(candidate) == []
    # a week later, on the invitation's page
    with time_machine.travel(dt.datetime(2026, 12, 7, 18, tzinfo=PARIS), tick=False):
        _stay_in_touch_answer(client, candidate, "talent_pool", "survey")
    [message] = _surveys(candidate)
    assert message.cadence_key == f"decline:{decline.public_id}:survey"  # the cadence's own step
    assert message.due_at == dt.datetime(2026, 12, 10, 9, tzinfo=PARIS)  # its usual date
    assert message.status == MessageStatus.SCHEDULED
    response = SurveyResponse.objects.get(message=message)
    assert response.decline == decline and "/s/" in message.body_text
    # Agreeing again (the preferences page, a recruiter) plans nothing more; a replay neither.
    with time_machine.travel(dt.datetime(2026, 12, 8, 10, tzinfo=PARIS), tick=False):
        make.consent(candidate, "survey")
        assert cadence_plan(decline=decline, by=make.by) == []
    assert len(_surveys(candidate)) == 1 and SurveyResponse.objects.count() == 1


def test_a_consent_recorded_after_the_usual_date_plans_it_for_the_next_morning_within_its_window(make):
    late, too_late = make.candidate(), make.candidate()
    with time_machine.travel(dt.datetime(2026, 11, 26, 15, tzinfo=PARIS), tick=False):
        _decline(make, late)
        _decline(make, too_late)
    # The usual date was 10 December; a recruiter records the consent on Friday 18 December.
    with time_machine.travel(dt.datetime(2026, 12, 18, 16, tzinfo=PARIS), tick=False):
        make.consent(late, "survey")
    [message] = _surveys(late)
    assert message.due_at == dt.datetime(2026, 12, 21, 9, tzinfo=PARIS)  # the next working morning
    # More than LATE_DAYS after the usual date: the process is too far back to rate.
    with time_machine.travel(dt.datetime(2027, 1, 12, 16, tzinfo=PARIS), tick=False):
        make.consent(too_late, "survey")
    assert _surveys(too_late) == []


def test_the_consent_plans_no_survey_where_the_decline_asks_for_none(make):
    rejected, no_future, nobody_declined = make.candidate(), make.candidate(), make.candidate()
    _decline(make, rejected, kind="rejected_by_client")
    _decline(make, no_future, open_to_future="no")
    for candidate in (rejected, no_future, nobody_declined):
        make.consent(candidate, "survey")
        assert _surveys(candidate) == []
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(("months_ago", "planned"), [(5, False), (7, True)])
def test_at_most_one_survey_in_six_months(make, months_ago, planned):
    candidate = make.candidate()
    make.consent(candidate, "survey")
    with time_machine.travel(timezone.now() - dt.timedelta(days=30.5 * months_ago), tick=False):
        first = _decline(make, candidate)
        mark_sent(_surveys(candidate)[0])
    second = _declined(make, candidate)
    surveys = _surveys(candidate)
    assert len(surveys) == (2 if planned else 1)
    assert any(m.kind == "survey" for m in second.messages) is planned
    assert SurveyResponse.objects.filter(decline=first).exists()


def test_a_survey_still_planned_blocks_a_second_one_and_a_replay_plans_nothing(make):
    candidate = make.candidate()
    make.consent(candidate, "survey")
    decline = _decline(make, candidate)
    _decline(make, candidate)  # a second decline the next day: the first survey is still to go
    assert cadence_plan(decline=decline, by=make.by) == []  # replayed
    assert len(_surveys(candidate)) == 1 and SurveyResponse.objects.count() == 1


def test_the_recruiter_is_the_one_who_recorded_it_when_the_job_has_no_owner(make, admin):
    from vivier.talent.models import Job

    candidate = make.candidate()
    make.consent(candidate, "survey")
    job = make.job()
    Job.objects.filter(pk=job.pk).update(owner=None)
    job.refresh_from_db()
    offer = make.offer(make.application(candidate=candidate, job=job))
    from vivier.talent.services import offer_decline, reasons_from_codes

    reasons = reasons_from_codes(["salary"])
    offer_decline(by=admin, offer=offer, reasons=reasons, primary=reasons[0], kind="declined_by_candidate")
    assert SurveyResponse.objects.get().recruiter == admin


def test_a_cancelled_survey_does_not_count(make):
    candidate = make.candidate()
    make.consent(candidate, "survey")
    _decline(make, candidate)
    Message.objects.filter(candidate=candidate, kind="survey").update(status=MessageStatus.CANCELLED)
    _decline(make, candidate)
    assert [m.status for m in _surveys(candidate)] == [MessageStatus.CANCELLED, MessageStatus.SCHEDULED]
