from __future__ import annotations

import datetime as dt

from django.utils import timezone

from vivier.api.tests.conftest import assert_error, uuid_str
from vivier.talent import services
from vivier.talent.models import Application


def test_it_puts_a_candidate_on_a_job(api, make):
    candidate, job = make.candidate(), make.job()
    response = api.post(
        "/applications", {"candidate_id": str(candidate.public_id), "job_id": str(job.public_id)}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["candidate_id"] == str(candidate.public_id)
    assert body["job"]["id"] == str(job.public_id) and body["job"]["client"]["id"] == str(
        job.client.public_id
    )
    assert body["status"] == "active"
    assert Application.objects.filter(public_id=body["id"]).exists()


def test_it_answers_404_naming_the_unknown_id(api, make):
    candidate, job = make.candidate(), make.job()
    assert_error(
        api.post("/applications", {"candidate_id": uuid_str(), "job_id": str(job.public_id)}),
        404,
        "not_found",
        "candidate_id",
    )
    assert_error(
        api.post("/applications", {"candidate_id": str(candidate.public_id), "job_id": uuid_str()}),
        404,
        "not_found",
        "job_id",
    )
    assert_error(api.post("/applications", {"candidate_id": 12}), 400, "invalid", "candidate_id", "job_id")


def test_it_answers_409_when_already_on_the_job(api, make):
    application = make.application()
    error = assert_error(
        api.post(
            "/applications",
            {"candidate_id": str(application.candidate.public_id), "job_id": str(application.job.public_id)},
        ),
        409,
        "application_exists",
    )
    assert error["existing_id"] == str(application.public_id)


def test_it_answers_409_when_the_job_is_closed(api, make):
    job = make.job(status="filled")
    assert_error(
        api.post(
            "/applications", {"candidate_id": str(make.candidate().public_id), "job_id": str(job.public_id)}
        ),
        409,
        "job_closed",
    )


def test_it_answers_409_when_the_candidate_is_excluded_for_the_client(api, make):
    candidate, job = make.candidate(), make.job()
    services.exclusion_create(
        by=make.by,
        candidate=candidate,
        client=job.client,
        reason="Demande du client",
        expires_on=timezone.localdate() + dt.timedelta(days=30),
    )
    assert_error(
        api.post("/applications", {"candidate_id": str(candidate.public_id), "job_id": str(job.public_id)}),
        409,
        "candidate_excluded",
    )
