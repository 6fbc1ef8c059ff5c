"""The document and the validation agree: what the OpenAPI document calls invalid is refused, what it calls valid
is accepted (issue #14, found by schemathesis)."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
from django.utils import timezone

from vivier.api.inputs import LINKEDIN_URL, NO_NUL, NOT_BLANK, ONE_LINE, PHONE_PATTERN
from vivier.api.tests.conftest import BASE, assert_error
from vivier.talent.normalise import _LINKEDIN

pytestmark = pytest.mark.django_db

LEA = {"first_name": "Léa", "last_name": "Roux", "email": "lea@exemple.fr"}


@pytest.fixture
def document(outsider) -> dict:
    return outsider.get(f"{BASE}/openapi.json").json()


def _schema(document: dict, name: str) -> dict:
    return document["components"]["schemas"][name]["properties"]


# --- JSON types: no lax reading of a body -----------------------------------------------------------------


@pytest.mark.parametrize("value", [False, True, "50000", "5e4", [50000]])
def test_a_number_is_a_json_number(api, make, value):
    client = make.client()
    body = {"client_id": str(client.public_id), "title": "Comptable", "salary_max": value}
    assert_error(api.post("/jobs", body), 400, "invalid", "salary_max")
    assert_error(
        api.post("/candidates", {**LEA, "salary_expectation": value}), 400, "invalid", "salary_expectation"
    )


def test_a_whole_number_written_with_a_fraction_of_zero_is_still_a_number(api, make):
    # JSON Schema's `integer` accepts 45000.0; so does the API.
    client = make.client()
    response = api.post(
        "/jobs", {"client_id": str(client.public_id), "title": "Comptable", "salary_max": 45000.0}
    )
    assert response.status_code == 201 and response.json()["salary_max"] == 45000
    body = {"client_id": str(client.public_id), "title": "Comptable", "salary_max": 45000.5}
    assert_error(api.post("/jobs", body), 400, "invalid", "salary_max")


@pytest.mark.parametrize("value", ["true", 1, 0, "yes"])
def test_a_boolean_of_a_body_is_true_or_false(api, make, value):
    offer = make.offer()
    body = {
        "kind": "declined_by_candidate",
        "reasons": ["salary"],
        "primary_reason": "salary",
        "counter_offer": value,
    }
    assert_error(api.post(f"/offers/{offer.public_id}/decline", body), 400, "invalid", "counter_offer")


@pytest.mark.parametrize("value", ["0", "1700000000", "20300101", "2030-1-1", "01/01/2030"])
def test_a_date_in_a_query_is_written_yyyy_mm_dd(api, value):
    # pydantic alone reads "0" as 1 January 1970 (seconds since the epoch).
    assert_error(api.get("/insights/declines", {"to": value}), 400, "invalid", "to")
    assert api.get("/insights/declines", {"to": "2030-01-01"}).status_code == 200


@pytest.mark.parametrize("value", [1893456000, "1893456000", "2030-01-01T00:00:00+01:00"])
def test_a_date_in_a_body_is_written_yyyy_mm_dd(api, make, value):
    candidate, client = make.candidate(), make.client()
    body = {
        "candidate_id": str(candidate.public_id),
        "client_id": str(client.public_id),
        "reason": "Ancien salarié",
        "expires_on": value,
    }
    assert_error(api.post("/exclusions", body), 400, "invalid", "expires_on")


@pytest.mark.parametrize(
    "value", [1893456000, "1893456000", "2030-01-31", "2030-01-31T09:00", "2030-01-31 09:00:00Z"]
)
def test_a_datetime_is_rfc_3339_with_its_offset(api, make, value):
    message = make.declined().messages[2]
    assert_error(api.patch(f"/messages/{message.public_id}", {"due_at": value}), 400, "invalid", "due_at")
    when = (timezone.now() + dt.timedelta(days=40)).replace(microsecond=0).isoformat()
    assert api.patch(f"/messages/{message.public_id}", {"due_at": when}).status_code == 200


# --- PATCH and null --------------------------------------------------------------------------------------


def test_a_patch_declares_null_only_where_it_clears_a_value(document):
    job = _schema(document, "JobPatch")
    assert {"type": "null"} in job["salary_min"]["anyOf"] and {"type": "null"} in job["salary_max"]["anyOf"]
    for name in ("title", "remote_policy", "contract_type", "status", "remote_days_per_week", "skills"):
        assert "anyOf" not in job[name] and "default" not in job[name], name
    assert job["title"]["type"] == "string" and job["remote_policy"]["$ref"].endswith("/RemotePolicy")
    candidate = _schema(document, "CandidatePatch")
    assert {"type": "null"} in candidate["salary_expectation"]["anyOf"]
    assert "anyOf" not in candidate["language"] and "anyOf" not in candidate["email"]
    assert "anyOf" not in _schema(document, "ClientPatch")["notes"]
    assert "anyOf" not in _schema(document, "MessagePatch")["body_text"]


def test_null_clears_what_the_document_says_is_nullable(api, make):
    job = make.job(salary_min=40000, salary_max=50000)
    response = api.patch(f"/jobs/{job.public_id}", {"salary_max": None})
    assert response.status_code == 200 and response.json()["salary_max"] is None
    assert_error(
        api.patch(f"/jobs/{job.public_id}", {"remote_policy": None}), 400, "invalid", "remote_policy"
    )


# --- what the services refuse, in the document --------------------------------------------------------------


def test_every_free_text_declares_that_it_holds_no_nul(document):
    def strings(schema: dict, where: str):
        for key in ("anyOf", "allOf", "oneOf"):
            for branch in schema.get(key, ()):
                yield from strings(branch, where)
        if isinstance(schema.get("items"), dict):
            yield from strings(schema["items"], f"{where}[]")
        if schema.get("type") == "string":
            yield where, schema

    inputs = [name for name in document["components"]["schemas"] if name.endswith(("In", "Patch"))]
    assert len(inputs) >= 10
    for name in inputs:
        for field, prop in _schema(document, name).items():
            for where, schema in strings(prop, f"{name}.{field}"):
                assert "pattern" in schema or "format" in schema or "enum" in schema, where
    q = next(p for p in document["paths"][f"{BASE}/candidates"]["get"]["parameters"] if p["name"] == "q")
    assert q["schema"]["pattern"] == NO_NUL


def test_the_document_says_which_texts_may_not_be_blank(document):
    assert _schema(document, "ClientIn")["name"]["pattern"] == NOT_BLANK
    assert _schema(document, "CandidateIn")["first_name"]["pattern"] == NOT_BLANK
    assert _schema(document, "MessagePatch")["subject"]["pattern"] == ONE_LINE
    email = _schema(document, "CandidateIn")["email"]
    assert email["format"] == "email" and email["minLength"] == 3
    assert _schema(document, "CandidateIn")["phone"]["pattern"] == PHONE_PATTERN
    assert set(_schema(document, "CandidateIn")["time_zone"]["enum"]) == zoneinfo.available_timezones()
    assert _schema(document, "CandidateIn")["linkedin_url"]["pattern"] == LINKEDIN_URL


BLANKS = ["", " ", "\t\n", "\x1c\x1d\x1e\x1f", "\u00a0\u2003\u3000", "\x85"]


@pytest.mark.parametrize("text", [*BLANKS, "a", " Léa ", "\x1cx", "\u200b"])
def test_the_not_blank_pattern_is_the_services_rule(text):
    # The services trim with str.split(); the pattern lists the same characters (ECMA's \s is another set).
    assert bool(re.fullmatch(NOT_BLANK, text)) == bool(" ".join(text.split()))


@pytest.mark.parametrize(
    "url",
    [
        "",
        "  ",
        "https://www.linkedin.com/in/lea-roux",
        " LinkedIn.com/in/lea/?trk=x ",
        "fr.linkedin.com/in/lea#about",
        "linkedin.com/in/",
        "https://www.linkedin.com/company/acme",
        "linkedin.com/in/lea roux",
        "www2.linkedin.com/in/lea",
    ],
)
def test_the_linkedin_pattern_is_the_services_rule(url):
    assert bool(re.fullmatch(LINKEDIN_URL, url)) == (not url.strip() or bool(_LINKEDIN.match(url.strip())))


@pytest.mark.parametrize("name", ["   ", "\x1c"])
def test_a_blank_name_the_pattern_refuses_is_refused(api, name):
    assert_error(api.post("/clients", {"name": name}), 400, "invalid", "name")


def test_a_job_patch_declares_the_409_of_a_concurrent_salary_change(api, make, monkeypatch, document):
    from django.db import IntegrityError

    from vivier.talent import services

    def raced(**kwargs):
        raise IntegrityError('new row violates check constraint "job_salary_range"')

    job = make.job()
    monkeypatch.setattr(services, "job_update", raced)
    assert_error(api.patch(f"/jobs/{job.public_id}", {"salary_min": 30000}), 409, "conflict")
    assert "409" in document["paths"][f"{BASE}/jobs/{{job_id}}"]["patch"]["responses"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "06 12 34 56 78",
        "0692 12 34 56",
        "+44 20 7946 0958",
        "12345",
        "n/a",
        "123456",
        "tel. 01-23-45",
        "poste 12 34 56 78 ext. 9",
        "٠١٢٣٤٥٦٧٨٩",
        "a1b2c3d4e5f6",
        "12 34 5",
    ],
)
def test_the_phone_pattern_is_the_services_rule(text):
    from django.core.exceptions import ValidationError

    from vivier.talent.normalise import phone_checked

    try:
        phone_checked(text)
        accepted = True
    except ValidationError:
        accepted = False
    assert bool(re.fullmatch(PHONE_PATTERN, text)) == accepted
