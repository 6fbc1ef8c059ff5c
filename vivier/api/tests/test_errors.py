"""Bad input of every kind gets the one error shape and a 4xx, never a 5xx."""

from __future__ import annotations

import pytest

from vivier.api.tests.conftest import assert_error, uuid_str
from vivier.talent.models import Candidate, Client

HUGE = "x" * 100_000


def test_it_answers_400_to_a_body_that_is_not_json(api):
    assert_error(api.post("/clients", raw="{name: 'Acme'"), 400, "invalid", "body")


@pytest.mark.parametrize("raw", ["[]", '"Acme"', "42", "null", ""])
def test_it_answers_400_to_a_body_that_is_not_an_object(api, raw):
    assert_error(api.post("/clients", raw=raw), 400, "invalid")


def test_it_answers_400_to_a_body_in_another_encoding(api):
    assert_error(api.post("/clients", raw='{"name": "Société"}'.encode("latin-1")), 400, "invalid")


def test_it_names_each_wrong_field(api):
    error = assert_error(
        api.post(
            "/candidates",
            {
                "first_name": 12,
                "last_name": ["x"],
                "email": None,
                "skills": "python",
                "salary_expectation": "a lot",
                "remote_preference": "sometimes",
            },
        ),
        400,
        "invalid",
        "first_name",
        "last_name",
        "email",
        "skills",
        "salary_expectation",
        "remote_preference",
    )
    assert error["message"]


def test_it_names_a_missing_field(api):
    assert_error(api.post("/candidates", {"first_name": "Léa", "last_name": "Roux"}), 400, "invalid", "email")


def test_it_refuses_unknown_fields(api):
    assert_error(api.post("/clients", {"name": "Acme", "id": 3}), 400, "invalid", "id")


@pytest.mark.parametrize("field", ["name", "notes", "city", "sector"])
def test_it_refuses_a_string_of_100k_characters(api, field):
    body = {"name": "Acme", field: HUGE}
    assert_error(api.post("/clients", body), 400, "invalid", field)
    assert not Client.objects.exists()


@pytest.mark.parametrize(
    "field", ["first_name", "email", "phone", "summary", "headline", "linkedin_url", "source"]
)
def test_it_refuses_huge_candidate_fields(api, field):
    body = {"first_name": "Léa", "last_name": "Roux", "email": "lea@exemple.fr", field: HUGE}
    assert_error(api.post("/candidates", body), 400, "invalid", field)


def test_it_refuses_a_huge_list_item_count(api):
    body = {"first_name": "Léa", "last_name": "Roux", "email": "lea@exemple.fr", "skills": ["x"] * 10_000}
    assert_error(api.post("/candidates", body), 400, "invalid", "skills")


@pytest.mark.parametrize("value", ["nul\x00byte", "lone \ud800 surrogate"])
def test_it_refuses_text_the_database_cannot_store(api, value):
    assert_error(api.post("/clients", {"name": value}), 400, "invalid", "name")
    body = {"first_name": "Léa", "last_name": "Roux", "email": "lea@exemple.fr", "skills": [value]}
    assert_error(api.post("/candidates", body), 400, "invalid", "skills")


def test_it_refuses_a_nul_in_a_query_parameter(api):
    assert_error(api.get("/candidates", {"q": "dev\x00"}), 400, "invalid", "q")


@pytest.mark.parametrize("value", [2**31, 10**30, -1])
def test_it_refuses_integers_out_of_range(api, value):
    body = {"first_name": "Léa", "last_name": "Roux", "email": "lea@exemple.fr", "salary_expectation": value}
    assert_error(api.post("/candidates", body), 400, "invalid", "salary_expectation")


def test_it_stores_html_as_inert_text(api):
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = api.post(
        "/candidates",
        {"first_name": script, "last_name": "Roux", "email": "lea@exemple.fr", "summary": script},
    )
    assert response.status_code == 201
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["summary"] == script
    assert Candidate.objects.get().summary == script


@pytest.mark.parametrize(
    "path",
    [
        "/candidates/not-a-uuid",
        "/candidates/1",
        "/jobs/%00",
        "/clients/' OR 1=1 --",
        f"/candidates/{'9' * 10_000}",
    ],
)
def test_it_answers_404_to_a_malformed_id(api, path):
    assert_error(api.get(path), 404, "not_found")


def test_it_answers_404_to_an_unknown_id(api):
    for path in ("/candidates", "/jobs", "/clients", "/offers"):
        assert_error(api.get(f"{path}/{uuid_str()}"), 404, "not_found")


def test_it_answers_404_in_the_error_shape_to_an_unknown_endpoint(api):
    assert_error(api.get("/no-such-thing"), 404, "not_found")
    assert_error(api.post("/candidates/a/b/c", {}), 404, "not_found")


def test_it_answers_405_in_the_error_shape_to_a_wrong_method(api):
    response = api.post(f"/candidates/{uuid_str()}", {})
    assert_error(response, 405, "method_not_allowed")
    assert "PATCH" in response["Allow"]


def test_it_answers_400_to_a_bad_query_parameter(api):
    assert_error(api.get("/candidates", {"declined": "perhaps"}), 400, "invalid", "declined")
    assert_error(api.get("/jobs", {"status": "closed"}), 400, "invalid", "status")


def test_it_answers_409_when_the_database_refuses_a_write_no_service_foresaw(api, monkeypatch):
    from django.db import IntegrityError

    from vivier.talent import services

    def racing(**kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(services, "client_create", racing)
    assert_error(api.post("/clients", {"name": "Acme"}), 409, "conflict")


def test_it_answers_400_when_the_database_refuses_a_value_no_schema_foresaw(api, monkeypatch):
    from django.db import DataError

    from vivier.talent import services

    def too_long(**kwargs):
        raise DataError("value too long for type character varying(200)")

    monkeypatch.setattr(services, "client_create", too_long)
    assert_error(api.post("/clients", {"name": "Acme"}), 400, "invalid")


@pytest.mark.parametrize("currency", ["EURO", "€€€", "E1R", ""])
def test_it_refuses_a_currency_that_is_not_a_code(api, currency):
    body = {"first_name": "Léa", "last_name": "Roux", "email": "lea@exemple.fr", "currency": currency}
    assert_error(api.post("/candidates", body), 400, "invalid", "currency")
