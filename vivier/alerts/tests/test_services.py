"""alerts_build: who gets a digest, with which jobs, when; never a job twice; nothing when nothing fits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vivier.alerts.models import JobAlertDigest, JobAlertItem, JobAlertRun
from vivier.alerts.services import alerts_build
from vivier.alerts.tests.conftest import MONDAY_EARLY, PARIS
from vivier.outreach.models import Message, MessageStatus
from vivier.talent.models import Event

pytestmark = pytest.mark.django_db


def _jobs_of(candidate) -> list[str]:
    return list(
        JobAlertItem.objects.filter(candidate=candidate)
        .order_by("digest__created_at", "position")
        .values_list("job__title", flat=True)
    )


def test_it_plans_one_digest_in_the_outbox_with_the_jobs_that_fit(person, job, at, recruiter):
    with at(MONDAY_EARLY):
        camille = person(
            first_name="Camille", prefs={"salary_expectation": 50000, "remote_preference": "hybrid"}
        )
        fits = job(
            title="Développeur / Développeuse web",
            salary_max=55000,
            remote_policy="hybrid",
            remote_days_per_week=3,
        )
        job(title="Comptable")  # another trade
        counts = alerts_build()
    assert counts["planned"] == 1 and counts["items"] == 1
    message = Message.objects.get(candidate=camille)
    assert message.kind == "job_alert" and message.status == MessageStatus.SCHEDULED
    assert message.cadence_key == "job_alert:2026-11-30"
    # Nine in the morning where they live, the same working day.
    assert message.due_at == dt.datetime(2026, 11, 30, 9, 0, tzinfo=PARIS)
    assert message.subject == "Un poste pour vous, Camille"
    assert "1. Développeur / Développeuse web (CDI)" in message.body_text
    assert (
        "Pourquoi\xa0: correspond à «\u202fDéveloppeur web\u202f», salaire jusqu’à 55\u202f000\xa0€, "
        "télétravail 3\xa0j/semaine, Lyon" in message.body_text
    )
    assert (
        "Lyon · 40\u202f000\xa0€ – 55\u202f000\xa0€ par an · télétravail 3\xa0j/semaine" in message.body_text
    )
    digest = JobAlertDigest.objects.get(candidate=camille)
    assert digest.message == message and digest.jobs_count == 1
    assert _jobs_of(camille) == [fits.title]
    event = Event.objects.get(candidate=camille, kind="job_alert.planned")
    assert event.data["message"] == str(message.public_id) and event.data["jobs"] == [str(fits.public_id)]
    run = JobAlertRun.objects.get()
    assert run.finished_at and run.counts["planned"] == 1


def test_it_lists_the_jobs_of_adjacent_trades_and_ranks_the_same_trade_first(person, job, at):
    with at(MONDAY_EARLY):
        camille = person(prefs={"wanted_jobs": "Développeur web"})
        # M1832 is one of the three closest ROME neighbours of M1855 (Développeur web); no word in common.
        near = job(title="Homologateur / Homologatrice fonctionnel de logiciel", rome_code="M1832")
        same = job(title="Développeur / Développeuse web")
        job(title="Chauffeur / Chauffeuse poids lourd")
        alerts_build()
    assert _jobs_of(camille) == [same.title, near.title]
    body = Message.objects.get(candidate=camille).body_text
    assert "métier proche de «\u202fDéveloppeur web\u202f»" in body


@pytest.mark.parametrize(
    ("place", "policy", "days", "wanted_places", "remote", "listed"),
    [
        ("Lyon", "onsite", 0, "", "", True),
        ("Paris", "onsite", 0, "", "", False),  # another city, on site
        ("Paris", "remote", 5, "", "", True),  # fully remote: anywhere
        ("Paris", "hybrid", 2, "", "hybrid", True),  # partly remote, and they want that
        ("Paris", "hybrid", 2, "", "onsite", False),
        ("Grenoble", "onsite", 0, "Grenoble, Lyon", "", True),  # one of their wanted places
        ("Lyon", "onsite", 0, "Grenoble", "", False),  # their wanted places replace their city
        ("", "onsite", 0, "", "", True),  # a job with no place is not filtered out
    ],
)
def test_it_lists_a_job_only_where_they_can_work(
    person, job, at, place, policy, days, wanted_places, remote, listed
):
    with at(MONDAY_EARLY):
        prefs = {"wanted_places": wanted_places} if wanted_places else {}
        if remote:
            prefs["remote_preference"] = remote
        camille = person(prefs=prefs or None)
        job(
            title="Développeur / Développeuse web",
            city=place,
            remote_policy=policy,
            remote_days_per_week=days,
        )
        alerts_build()
    assert bool(_jobs_of(camille)) is listed


@pytest.mark.parametrize(
    ("remote", "policy", "days", "listed"),
    [
        ("remote", "onsite", 0, False),  # wants full remote: not an on-site job, even in their city
        ("remote", "hybrid", 2, True),
        ("hybrid", "onsite", 0, False),
        ("onsite", "remote", 5, True),
        ("any", "onsite", 0, True),
    ],
)
def test_it_respects_the_remote_work_they_want(person, job, at, remote, policy, days, listed):
    with at(MONDAY_EARLY):
        camille = person(prefs={"remote_preference": remote})
        job(title="Développeur / Développeuse web", remote_policy=policy, remote_days_per_week=days)
        alerts_build()
    assert bool(_jobs_of(camille)) is listed


@pytest.mark.parametrize(
    ("salary_min", "salary_max", "listed"),
    [
        (40000, 50000, False),  # tops at 50 k€, they expect 60 k€ (10 % below is 54 k€)
        (45000, 55000, True),  # within the tolerance
        (None, None, True),  # no salary said: not filtered out
        (58000, None, True),  # only a bottom: it counts as the top
    ],
)
def test_it_leaves_out_jobs_that_pay_too_little(person, job, at, salary_min, salary_max, listed):
    with at(MONDAY_EARLY):
        camille = person(prefs={"salary_expectation": 60000})
        job(title="Développeur / Développeuse web", salary_min=salary_min, salary_max=salary_max)
        alerts_build()
    assert bool(_jobs_of(camille)) is listed


def test_it_keeps_to_the_contract_types_they_chose(person, job, at):
    with at(MONDAY_EARLY):
        camille = person(prefs={"contract_types": ["cdi"]})
        anyone = person()
        cdi = job(title="Développeur / Développeuse web", contract_type="cdi")
        cdd = job(title="Développeur / Développeuse web", contract_type="cdd")
        alerts_build()
    assert set(JobAlertItem.objects.filter(candidate=camille).values_list("job", flat=True)) == {cdi.pk}
    assert set(JobAlertItem.objects.filter(candidate=anyone).values_list("job", flat=True)) == {
        cdi.pk,
        cdd.pk,
    }


def test_it_never_lists_a_job_of_a_client_they_are_excluded_from(person, job, make, at, recruiter):
    from vivier.talent.services import exclusion_create, exclusion_lift

    with at(MONDAY_EARLY):
        camille = person()
        vexed, other = make.client("Vexé SA"), make.client("Accueillant SARL")
        excluded = exclusion_create(
            by=recruiter,
            candidate=camille,
            client=vexed,
            reason="Refus mal vécu",
            expires_on=dt.date(2027, 6, 1),
        )
        job(title="Développeur / Développeuse web", client=vexed)
        kept = job(title="Développeur / Développeuse web", client=other)
        alerts_build()
    assert list(JobAlertItem.objects.filter(candidate=camille).values_list("job", flat=True)) == [kept.pk]
    # Lifted: the client's job may go in the next digest.
    with at(MONDAY_EARLY + dt.timedelta(days=31)):
        exclusion_lift(by=recruiter, exclusion=excluded)
        alerts_build()
    assert len(_jobs_of(camille)) == 2


def test_it_lists_only_open_jobs(person, job, make, at, recruiter):
    from vivier.talent.services import job_update

    with at(MONDAY_EARLY):
        camille = person()
        on_hold = job(title="Développeur / Développeuse web")
        job_update(job=on_hold, by=recruiter, status="on_hold")
        filled = job(title="Développeur / Développeuse web")
        job_update(job=filled, by=recruiter, status="filled")
        counts = alerts_build()
    assert counts["open_jobs"] == 0 and counts.get("planned", 0) == 0
    assert not Message.objects.filter(candidate=camille).exists()


def test_it_plans_nothing_when_nothing_fits(person, job, at):
    with at(MONDAY_EARLY):
        camille = person(headline="Infirmier / Infirmière", skills=["Soins"])
        job(title="Développeur / Développeuse web", skills=["Django", "Python"])
        counts = alerts_build()
    assert counts["nothing_fits"] == 1 and counts.get("planned", 0) == 0
    assert not Message.objects.filter(candidate=camille).exists()
    assert not JobAlertDigest.objects.exists()


def test_it_finds_jobs_through_skills_in_common(person, job, at):
    with at(MONDAY_EARLY):
        camille = person(headline="Analyste de données", skills=["Python", "PostgreSQL", "Tableau"])
        backend = job(title="Ingénieur / Ingénieure logiciel", skills=["Python", "PostgreSQL", "Docker"])
        job(title="Ingénieur / Ingénieure logiciel", skills=["Java"])
        job(title="Ingénieur / Ingénieure logiciel", skills=["Python"])  # one skill is not enough
        alerts_build()
    assert list(JobAlertItem.objects.filter(candidate=camille).values_list("job", flat=True)) == [backend.pk]
    assert "compétences en commun\xa0: Python, PostgreSQL" in Message.objects.get(candidate=camille).body_text


def test_it_sends_weekly_and_never_the_same_job_twice(person, job, at):
    with at(MONDAY_EARLY):
        camille = person(prefs={"alert_frequency": "weekly"})
        first = job(title="Développeur / Développeuse web")
        assert alerts_build()["planned"] == 1
    # The same day again: nothing, even with a new job.
    with at(MONDAY_EARLY + dt.timedelta(hours=3)):
        second = job(title="Développeur / Développeuse web")
        again = alerts_build()
    assert again.get("planned", 0) == 0 and again["not_due"] == 1
    # Six days later: not a week yet.
    with at(MONDAY_EARLY + dt.timedelta(days=6)):
        assert alerts_build().get("planned", 0) == 0
    # A week later: the new job only; the first one stays open but went already.
    with at(MONDAY_EARLY + dt.timedelta(days=7)):
        assert alerts_build()["planned"] == 1
    assert _jobs_of(camille) == [first.title, second.title]
    items = list(JobAlertItem.objects.filter(candidate=camille).order_by("digest__created_at"))
    assert [i.job_id for i in items] == [first.pk, second.pk]
    # Another week, the same two jobs still open: nothing new, nothing sent.
    with at(MONDAY_EARLY + dt.timedelta(days=14)):
        counts = alerts_build()
    assert counts.get("planned", 0) == 0 and counts["nothing_fits"] == 1
    assert Message.objects.filter(candidate=camille).count() == 2


def test_it_sends_monthly_by_default(person, job, at):
    with at(MONDAY_EARLY):
        camille = person()  # no preference saved: the preference page's default, every month
        job(title="Développeur / Développeuse web")
        alerts_build()
    with at(MONDAY_EARLY + dt.timedelta(days=7)):
        job(title="Développeur / Développeuse web")
        assert alerts_build().get("planned", 0) == 0
    with at(MONDAY_EARLY + dt.timedelta(days=31)):
        assert alerts_build()["planned"] == 1
    assert Message.objects.filter(candidate=camille).count() == 2


def test_it_sends_nothing_to_who_chose_never_or_may_not_be_written_to(person, job, at, make, recruiter):
    from vivier.outreach.services import contact_stop
    from vivier.privacy.services import consent_withdraw

    with at(MONDAY_EARLY):
        never = person(prefs={"alert_frequency": "never"})
        withdrawn = person()
        consent_withdraw(
            candidate=withdrawn, purpose="job_alerts", channel="phone", by=recruiter, note="Au tél."
        )
        no_consent = person(consent=False)
        make.consent(no_consent, "talent_pool")  # another purpose does not count
        stopped = person()
        contact_stop(candidate=stopped, by=recruiter)
        job(title="Développeur / Développeuse web")
        counts = alerts_build()
    assert counts.get("planned", 0) == 0
    assert counts["never"] == 1 and counts["not_allowed"] == 2  # withdrawn, asked not to be contacted
    assert counts["people"] == 3  # no job_alerts consent ever: not even looked at
    assert not Message.objects.filter(candidate__in=[never, withdrawn, no_consent, stopped]).exists()


def test_it_gives_back_the_jobs_of_a_digest_that_did_not_go(person, job, at, recruiter):
    from vivier.outreach.services import message_cancel

    with at(MONDAY_EARLY):
        camille = person(prefs={"alert_frequency": "weekly"})
        only = job(title="Développeur / Développeuse web")
        alerts_build()
        message_cancel(
            message=Message.objects.get(candidate=camille), by=recruiter, reason="pas cette semaine"
        )
    # The next day: the cancelled digest does not count, its job may go again.
    with at(MONDAY_EARLY + dt.timedelta(days=1)):
        counts = alerts_build()
    assert counts["released"] == 1 and counts["planned"] == 1
    assert list(JobAlertItem.objects.filter(candidate=camille).values_list("job", flat=True)) == [only.pk]
    assert Message.objects.filter(candidate=camille, status=MessageStatus.SCHEDULED).count() == 1
    assert JobAlertDigest.objects.filter(candidate=camille).count() == 2  # the cancelled one stays, empty


def test_it_writes_in_the_candidates_language(person, job, at):
    with at(MONDAY_EARLY):
        ryan = person(first_name="Ryan", language="en", prefs={"salary_expectation": 50000})
        job(title="Développeur / Développeuse web", salary_max=55000)
        job(title="Développeur / Développeuse web", remote_policy="remote", city="")
        alerts_build()
    message = Message.objects.get(candidate=ryan)
    assert message.language == "en"
    assert message.subject == "2 jobs for you, Ryan"
    assert "2 open jobs match what you are looking for:" in message.body_text
    assert "Why: matches “Développeur web”, salary up to €55,000, Lyon" in message.body_text
    assert "remote · €40,000 – €50,000 a year · fully remote" in message.body_text
    assert "Change your criteria or how often: http" in message.body_text


def test_it_names_the_client_only_when_the_agency_says_so(person, job, make, at, settings):
    with at(MONDAY_EARLY):
        camille = person()
        job(title="Développeur / Développeuse web", client=make.client("Atelier Lumière"))
        alerts_build()
    assert "Atelier Lumière" not in Message.objects.get(candidate=camille).body_text
    settings.ALERTS_SHOW_CLIENT = True
    with at(MONDAY_EARLY):
        other = person()
        alerts_build()
    assert (
        "1. Développeur / Développeuse web — Atelier Lumière (CDI)"
        in Message.objects.get(candidate=other).body_text
    )


def test_it_caps_a_digest_and_keeps_the_rest_for_the_next(person, job, at, settings):
    settings.ALERTS_MAX_JOBS = 2
    with at(MONDAY_EARLY):
        camille = person(prefs={"alert_frequency": "weekly"})
        for _ in range(3):
            job(title="Développeur / Développeuse web")
        assert alerts_build()["items"] == 2
    with at(MONDAY_EARLY + dt.timedelta(days=7)):
        assert alerts_build()["items"] == 1
    assert JobAlertItem.objects.filter(candidate=camille).values("job").distinct().count() == 3


def test_it_uses_the_default_wording_when_the_template_no_longer_lists_the_jobs(person, job, at, recruiter):
    from vivier.outreach.models import MessageTemplate
    from vivier.outreach.services import template_update

    template = MessageTemplate.objects.get(kind="job_alert", language="fr")
    template_update(template=template, by=recruiter, subject="Des nouvelles", body_text="Bonjour !")
    with at(MONDAY_EARLY):
        camille = person()
        job(title="Développeur / Développeuse web")
        counts = alerts_build()
    assert counts["template_fallback"] == 1
    message = Message.objects.get(candidate=camille)
    assert message.subject.startswith("Un poste pour vous") and "1. Développeur" in message.body_text


def test_a_dry_run_writes_nothing(person, job, at):
    with at(MONDAY_EARLY):
        person()
        job(title="Développeur / Développeuse web")
        counts = alerts_build(dry_run=True)
    assert counts["planned"] == 1 and counts["items"] == 1
    assert not Message.objects.exists() and not JobAlertDigest.objects.exists()
    assert not JobAlertRun.objects.exists()


def test_it_stops_at_the_limit(person, job, at):
    with at(MONDAY_EARLY):
        for _ in range(3):
            person()
        job(title="Développeur / Développeuse web")
        assert alerts_build(limit=2)["planned"] == 2
        assert alerts_build()["planned"] == 1


def test_a_digest_planned_meanwhile_by_another_worker_is_skipped_not_doubled(person, job, at, recruiter):
    from vivier.outreach.services import message_schedule

    with at(MONDAY_EARLY):
        first, second = person(), person()
        job(title="Développeur / Développeuse web")
        message_schedule(
            candidate=second,
            kind="job_alert",
            subject="Déjà",
            body_text="Déjà prévu",
            by=None,
            due_at=MONDAY_EARLY,
            cadence_key="job_alert:2026-11-30",
        )
        counts = alerts_build()
    assert counts["planned"] == 1 and counts["conflicts"] == 1
    assert JobAlertDigest.objects.get().candidate == first
    assert Message.objects.filter(candidate=second).count() == 1


def test_its_queries_do_not_grow_with_the_people_of_a_chunk(person, job, at):
    job(title="Développeur / Développeuse web")
    with at(MONDAY_EARLY):
        for _ in range(3):
            person()
        with CaptureQueriesContext(connection) as three:
            assert alerts_build()["planned"] == 3
    with at(MONDAY_EARLY + dt.timedelta(days=31)):
        for _ in range(9):
            person()
        with CaptureQueriesContext(
            connection
        ) as twelve:  # the first three are due again: nothing new for them
            assert alerts_build()["planned"] == 9
    assert len(twelve.captured_queries) <= len(three.captured_queries)
