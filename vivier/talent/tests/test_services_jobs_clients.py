import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vivier.errors import Conflict
from vivier.talent.models import Event, EventKind, Exclusion, Job
from vivier.talent.services import (
    application_create,
    client_create,
    exclusion_create,
    exclusion_lift,
    job_create,
    job_update,
)

pytestmark = pytest.mark.django_db


def test_it_suggests_a_rome_code_from_the_title(make):
    job = make.job(title="Développeuse web")
    assert job.rome_code == "M1855"


def test_it_keeps_a_given_rome_code(make):
    assert make.job(title="Développeuse web", rome_code="m1805").rome_code == "M1805"


def test_it_refuses_an_upside_down_salary_range(make, recruiter):
    client = make.client()
    with pytest.raises(ValidationError) as exc:
        job_create(by=recruiter, client=client, title="Comptable", salary_min=50000, salary_max=40000)
    assert "salary_max" in exc.value.message_dict
    assert not Job.objects.exists()


def test_it_records_a_status_change_as_its_own_event(make, recruiter):
    job = make.job()
    job_update(job=job, by=recruiter, status="filled")
    event = Event.objects.get(kind=EventKind.JOB_STATUS_CHANGED)
    assert event.data == {"from": "open", "to": "filled"}
    assert not Event.objects.filter(kind=EventKind.JOB_UPDATED).exists()


def test_it_refuses_two_clients_with_the_same_name(recruiter):
    client_create(by=recruiter, name="Acme Lyon")
    with pytest.raises(Conflict):
        client_create(by=recruiter, name="acme  lyon")


def test_an_exclusion_blocks_that_client_only(make, recruiter):
    candidate = make.candidate()
    excluded, other = make.client(), make.client()
    exclusion_create(
        by=recruiter,
        candidate=candidate,
        client=excluded,
        reason="Le client a demandé",
        expires_on=timezone.localdate() + dt.timedelta(days=90),
    )
    with pytest.raises(Conflict) as exc:
        application_create(by=recruiter, candidate=candidate, job=make.job(client=excluded))
    assert exc.value.code == "candidate_excluded"
    assert application_create(by=recruiter, candidate=candidate, job=make.job(client=other))


def test_an_exclusion_needs_a_reason_and_a_future_end(make, recruiter):
    with pytest.raises(ValidationError) as exc:
        exclusion_create(
            by=recruiter,
            candidate=make.candidate(),
            client=make.client(),
            reason=" ",
            expires_on=timezone.localdate(),
        )
    assert set(exc.value.message_dict) == {"reason", "expires_on"}


def test_a_lifted_exclusion_no_longer_blocks(make, recruiter):
    candidate, client = make.candidate(), make.client()
    exclusion = exclusion_create(
        by=recruiter,
        candidate=candidate,
        client=client,
        reason="Conflit",
        expires_on=timezone.localdate() + dt.timedelta(days=30),
    )
    exclusion_lift(by=recruiter, exclusion=exclusion)
    assert not Exclusion.objects.active().exists()
    assert application_create(by=recruiter, candidate=candidate, job=make.job(client=client))
    assert Event.objects.filter(kind=EventKind.EXCLUSION_LIFTED, candidate=candidate).exists()


def test_it_refuses_a_second_open_offer_and_putting_someone_twice_on_a_job(make, recruiter):
    application = make.application()
    make.offer(application)
    with pytest.raises(Conflict):
        make.offer(application)
    with pytest.raises(Conflict):
        application_create(by=recruiter, candidate=application.candidate, job=application.job)
