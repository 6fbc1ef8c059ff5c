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


def test_it_serves_the_docs_from_local_static_files(outsider, db):
    response = outsider.get(f"{BASE}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    assert "cdn" not in html.lower()
    for source in sources:
        assert finders.find(source.removeprefix("/static/")), source
