import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from vivier.matching.models import JobMatches
from vivier.matching.selectors import new_job_matches
from vivier.matching.services import job_matches_refresh_next
from vivier.outreach.worker import Worker, WorkerConfig
from vivier.talent import services
from vivier.talent.models import JobStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(make, declined):
    """Léa declined a web job for its salary; Hugo fits as well but never declined; Zoé declined elsewhere."""
    lea = make.candidate(
        first_name="Léa", headline="Développeuse web", skills=["Python", "Django"], city="Lyon"
    )
    declined(lea, codes=("salary",), offer_kw={"salary": 45000})
    hugo = make.candidate(
        first_name="Hugo", headline="Développeur web", skills=["Python", "Django"], city="Lyon"
    )
    zoe = make.candidate(first_name="Zoé", headline="Comptable", skills=["Sage"], city="Paris")
    declined(zoe, codes=("salary",))
    return lea, hugo, zoe


def _web_job(make, **kw):
    kw.setdefault("title", "Développeur web")
    kw.setdefault("skills", ["Python", "Django"])
    kw.setdefault("city", "Lyon")
    kw.setdefault("salary_min", 50000)
    kw.setdefault("salary_max", 56000)
    return make.job(**kw)


def _run_all() -> int:
    done = 0
    while job_matches_refresh_next():
        done += 1
    return done


def test_it_ranks_people_who_declined_before_when_a_job_opens(make, pool, recruiter_client):
    lea, hugo, _zoe = pool
    job = _web_job(make)
    # Until the worker ran: the job shows, waiting.
    page = recruiter_client.get(reverse("front:dashboard")).content.decode()
    assert job.title in page and "Vivier classe le vivier pour ce poste\u00a0;" in page
    assert _run_all() >= 1 and job_matches_refresh_next() is False
    matches = JobMatches.objects.get(job=job)
    assert [item["candidate"] for item in matches.items] == [lea.pk]  # Hugo never declined; Zoé does not fit
    page = recruiter_client.get(reverse("front:dashboard")).content.decode()
    assert "Léa" in page and "pour le salaire" in page and "Hugo" not in page
    with translation.override("en"):
        entry = next(e for e in new_job_matches(make.by) if e.job == job)
        assert any("salary" in reason for reason in entry.people[0][1])


def test_it_ranks_again_when_a_job_is_reopened(make, pool):
    job = _web_job(make)
    _run_all()
    first = JobMatches.objects.get(job=job).computed_at
    services.job_update(job=job, by=make.by, status=JobStatus.ON_HOLD)
    assert _run_all() == 0  # on hold: nothing to rank
    services.job_update(job=job, by=make.by, status=JobStatus.OPEN)
    job.refresh_from_db()
    assert [e.pending for e in new_job_matches(make.by) if e.job == job] == [True]
    assert _run_all() == 1
    matches = JobMatches.objects.get(job=job)
    assert matches.opened_at == job.opened_at and matches.computed_at > first


def test_it_drops_people_who_left_since_the_ranking(make, pool):
    lea, _hugo, _zoe = pool
    job = _web_job(make)
    _run_all()
    assert [p for p, _ in new_job_matches(make.by)[0].people] == [lea]
    services.exclusion_create(
        by=make.by,
        candidate=lea,
        client=job.client,
        reason="Conflit",
        expires_on=timezone.localdate() + dt.timedelta(days=30),
    )
    assert new_job_matches(make.by)[0].people == []
    page_entry = new_job_matches(make.by)[0]
    assert not page_entry.pending


def test_it_shows_my_recent_jobs_only(make, pool, admin):
    mine = _web_job(make)
    theirs = _web_job(make, owner=admin)
    old = _web_job(make)
    old.opened_at = timezone.now() - dt.timedelta(days=20)
    old.save(update_fields=["opened_at"])
    _run_all()
    shown = [e.job for e in new_job_matches(make.by)]
    assert mine in shown and theirs not in shown and old not in shown
    assert JobMatches.objects.filter(job=old).count() == 0  # too old to be ranked at all
    assert {e.job for e in new_job_matches(admin)} == {theirs}


def test_the_worker_ranks_new_jobs_when_no_message_is_due(make, pool):
    job = _web_job(make)
    worker = Worker(WorkerConfig(worker_id="test-matches"))
    worker.run(once=True)
    assert JobMatches.objects.filter(job=job).exists()


def _queries(http, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert http.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_dashboard_reads_new_jobs_in_fixed_queries(make, pool, recruiter_client):
    _web_job(make)
    _run_all()
    few = _queries(recruiter_client, reverse("front:dashboard"))
    for _ in range(3):
        _web_job(make)
    _run_all()
    assert _queries(recruiter_client, reverse("front:dashboard")) == few
