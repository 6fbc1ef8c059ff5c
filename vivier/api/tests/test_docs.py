"""The OpenAPI document and the interactive docs, served without any CDN."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders

from vivier.api.tests.conftest import BASE


def test_it_publishes_the_openapi_document(outsider, db):
    response = outsider.get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    for path in (
        "/health",
        "/clients",
        "/jobs",
        "/jobs/{job_id}",
        "/candidates",
        "/candidates/{candidate_id}",
        "/applications",
        "/offers",
        "/offers/{offer_id}/decline",
        "/decline-reasons",
        "/exclusions",
    ):
        assert f"{BASE}{path}" in schema["paths"], path
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    # Outputs publish `id`, never the integer key nor the internal column name.
    assert set(schema["components"]["schemas"]["ClientOut"]["properties"]) == {
        "id",
        "name",
        "sector",
        "city",
        "notes",
        "created_at",
    }
    assert "ErrorOut" in schema["components"]["schemas"]


def test_it_documents_the_warnings_and_the_erased_rule_of_candidate_creation(outsider, db):
    schema = outsider.get(f"{BASE}/openapi.json").json()
    create = schema["paths"][f"{BASE}/candidates"]["post"]
    assert {p["name"] for p in create["parameters"]} >= {"allow_duplicate", "allow_erased"}
    assert "erased_candidate" in create["description"] and "possible_duplicate" in create["description"]
    saved = create["responses"]["201"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert saved == "CandidateSaved"
    assert "warnings" in schema["components"]["schemas"]["CandidateSaved"]["properties"]
    assert set(schema["components"]["schemas"]["CandidateWarning"]["properties"]) == {
        "code",
        "message",
        "candidate_id",
    }
    patch = schema["paths"][f"{BASE}/candidates/{{candidate_id}}"]["patch"]
    assert patch["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "CandidateSaved"
    )


def test_it_serves_the_docs_from_local_static_files(outsider, db):
    response = outsider.get(f"{BASE}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    assert "cdn" not in html.lower()
    for source in sources:
        assert finders.find(source.removeprefix("/static/")), source
