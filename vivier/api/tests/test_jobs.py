from __future__ import annotations

import pytest

from vivier.api.tests.conftest import assert_error, uuid_str, warm_up
from vivier.talent.models import Job


@pytest.fixture
def client_id(make) -> str:
    return str(make.client("Acme").public_id)


def _job(client_id: str, **fields) -> dict:
    return {"client_id": client_id, "title": "Développeur / Développeuse web", "city": "Lyon", **fields}


def test_it_creates_a_job_and_suggests_its_rome_code(api, client_id, recruiter):
    response = api.post(
        "/jobs",
        _job(
            client_id,
            salary_min=40000,
            salary_max=50000,
            skills=["Python", "python"],
            remote_policy="hybrid",
            remote_days_per_week=2,
            contract_type="cdd",
        ),
    )
    assert response.status_code == 201
    body = response.json()
    assert body["rome_code"]  # suggested from the title
    assert body["client"] == {"id": client_id, "name": "Acme"}
    assert (body["salary_min"], body["salary_max"], body["currency"]) == (40000, 50000, "EUR")
    assert body["skills"] == ["Python"]
    assert body["owner"]["id"] == str(recruiter.public_id)
    assert "pk" not in body and isinstance(body["id"], str) and len(body["id"]) == 36


def test_it_keeps_a_rome_code_given(api, client_id):
    assert api.post("/jobs", _job(client_id, rome_code="m1805")).json()["rome_code"] == "M1805"


def test_it_refuses_an_upside_down_salary_range(api, client_id):
    assert_error(
        api.post("/jobs", _job(client_id, salary_min=60000, salary_max=40000)), 400, "invalid", "salary_max"
    )
    assert not Job.objects.exists()


def test_it_refuses_remote_days_on_an_onsite_job(api, client_id):
    error = assert_error(
        api.post("/jobs", _job(client_id, remote_policy="onsite", remote_days_per_week=2)),
        400,
        "invalid",
        "remote_days_per_week",
    )
    assert error["fields"]["remote_days_per_week"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("contract_type", "zero_hours"),
        ("status", "closed"),
        ("remote_policy", "mars"),
        ("remote_days_per_week", 6),
        ("salary_min", "beaucoup"),
        ("skills", [1, 2]),
        ("title", ""),
    ],
)
def test_it_refuses_a_bad_value(api, client_id, field, value):
    assert_error(api.post("/jobs", _job(client_id, **{field: value})), 400, "invalid", field)


def test_it_answers_404_naming_an_unknown_client(api):
    assert_error(api.post("/jobs", _job(uuid_str())), 404, "not_found", "client_id")
    assert_error(api.post("/jobs", _job("not-a-uuid")), 400, "invalid", "client_id")


def test_it_lists_jobs_filtered_by_status(api, make):
    open_job = make.job()
    make.job(status="on_hold")
    body = api.get("/jobs", {"status": "open"}).json()
    assert [j["id"] for j in body["items"]] == [str(open_job.public_id)]
    assert api.get("/jobs").json()["count"] == 2


def test_it_lists_a_clients_jobs(api, make):
    acme = make.client("Acme")
    make.job(client=acme)
    make.job()
    assert api.get("/jobs", {"client_id": str(acme.public_id)}).json()["count"] == 1
    assert_error(api.get("/jobs", {"client_id": uuid_str()}), 404, "not_found", "client_id")


def test_it_lists_jobs_in_constant_queries(api, make, django_assert_num_queries):
    client = make.client()
    for _ in range(2):
        make.job(client=client)
    warm_up(api, "/jobs")
    with django_assert_num_queries(3):
        assert len(api.get("/jobs").json()["items"]) == 2
    for _ in range(8):
        make.job(client=make.client())
    with django_assert_num_queries(3):
        assert len(api.get("/jobs").json()["items"]) == 10


def test_it_shows_a_job(api, make):
    job = make.job()
    body = api.get(f"/jobs/{job.public_id}").json()
    assert body["title"] == job.title and body["client"]["id"] == str(job.client.public_id)


def test_it_updates_only_the_fields_sent(api, make):
    job = make.job(description="Garder ceci")
    response = api.patch(f"/jobs/{job.public_id}", {"status": "filled", "salary_max": None})
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["salary_max"], body["description"]) == ("filled", None, "Garder ceci")


def test_it_refuses_null_where_the_field_needs_a_value(api, make):
    job = make.job()
    assert_error(api.patch(f"/jobs/{job.public_id}", {"title": None}), 400, "invalid", "title")


def test_it_refuses_an_upside_down_range_on_update(api, make):
    job = make.job(salary_min=40000, salary_max=50000)
    assert_error(api.patch(f"/jobs/{job.public_id}", {"salary_min": 90000}), 400, "invalid", "salary_max")


def test_it_moves_a_job_to_another_client(api, make):
    job, other = make.job(), make.client("Autre")
    body = api.patch(f"/jobs/{job.public_id}", {"client_id": str(other.public_id)}).json()
    assert body["client"]["name"] == "Autre"
