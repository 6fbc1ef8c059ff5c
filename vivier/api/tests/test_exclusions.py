from __future__ import annotations

import datetime as dt

from django.utils import timezone

from vivier.api.tests.conftest import assert_error, uuid_str, warm_up
from vivier.talent import services


def _in(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _exclude(make, candidate=None, client=None, days=90):
    return services.exclusion_create(
        by=make.by,
        candidate=candidate or make.candidate(),
        client=client or make.client(),
        reason="Demande du client",
        expires_on=timezone.localdate() + dt.timedelta(days=days),
    )


def test_it_excludes_a_candidate_for_one_client(api, make):
    candidate, client = make.candidate(), make.client("Vexé SA")
    response = api.post(
        "/exclusions",
        {
            "candidate_id": str(candidate.public_id),
            "client_id": str(client.public_id),
            "reason": "A décliné deux fois",
            "expires_on": _in(180),
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["candidate_id"] == str(candidate.public_id)
    assert body["client"] == {"id": str(client.public_id), "name": "Vexé SA"}
    assert body["active"] is True and body["expires_on"] == _in(180) and body["lifted_at"] is None


def test_it_refuses_a_bad_exclusion(api, make):
    ids = {"candidate_id": str(make.candidate().public_id), "client_id": str(make.client().public_id)}
    assert_error(
        api.post("/exclusions", {**ids, "reason": "x", "expires_on": _in(-1)}), 400, "invalid", "expires_on"
    )
    assert_error(
        api.post("/exclusions", {**ids, "reason": "x", "expires_on": _in(5000)}), 400, "invalid", "expires_on"
    )
    assert_error(
        api.post("/exclusions", {**ids, "reason": "   ", "expires_on": _in(10)}), 400, "invalid", "reason"
    )
    assert_error(api.post("/exclusions", {**ids, "reason": "x"}), 400, "invalid", "expires_on")
    assert_error(
        api.post("/exclusions", {**ids, "client_id": uuid_str(), "reason": "x", "expires_on": _in(10)}),
        404,
        "not_found",
        "client_id",
    )


def test_it_answers_409_to_a_second_active_exclusion(api, make):
    exclusion = _exclude(make)
    assert_error(
        api.post(
            "/exclusions",
            {
                "candidate_id": str(exclusion.candidate.public_id),
                "client_id": str(exclusion.client.public_id),
                "reason": "encore",
                "expires_on": _in(30),
            },
        ),
        409,
        "exclusion_exists",
    )


def test_it_lists_a_candidates_exclusions(api, make):
    candidate = make.candidate()
    mine = _exclude(make, candidate=candidate)
    _exclude(make)
    body = api.get("/exclusions", {"candidate_id": str(candidate.public_id)}).json()
    assert [e["id"] for e in body["items"]] == [str(mine.public_id)]
    assert api.get("/exclusions").json()["count"] == 2
    assert_error(api.get("/exclusions", {"candidate_id": "nope"}), 400, "invalid", "candidate_id")


def test_it_lifts_an_exclusion(api, make):
    exclusion = _exclude(make)
    response = api.post(f"/exclusions/{exclusion.public_id}/lift")
    assert response.status_code == 200
    assert response.json()["active"] is False and response.json()["lifted_at"]
    assert api.get("/exclusions", {"active": "true"}).json()["count"] == 0


def test_it_lists_exclusions_in_constant_queries(api, make, django_assert_num_queries):
    for _ in range(2):
        _exclude(make)
    warm_up(api, "/exclusions")
    with django_assert_num_queries(3):
        assert len(api.get("/exclusions").json()["items"]) == 2
    for _ in range(8):
        _exclude(make)
    with django_assert_num_queries(3):
        assert len(api.get("/exclusions", {"active": "true"}).json()["items"]) == 10
