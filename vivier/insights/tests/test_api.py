"""The router is mounted by vivier/api/api.py; until then these tests mount it on their own NinjaAPI."""

import pytest
from django.urls import path

from vivier.api.tests.conftest import Api, assert_error  # noqa: F401  (fixtures below)

pytestmark = pytest.mark.django_db


def _mounted() -> bool:
    from vivier.api.api import api

    return any(r is __import__("vivier.insights.api", fromlist=["router"]).router for _p, r in api._routers)


def _test_api():
    from ninja import NinjaAPI

    from vivier.api import errors
    from vivier.api.auth import read_auth
    from vivier.insights.api import router

    test_api = NinjaAPI(urls_namespace="insights-test", auth=read_auth)
    errors.install(test_api)
    test_api.add_router("/", router)
    return test_api


urlpatterns = []


@pytest.fixture
def api_client(recruiter_token, settings):
    """The real /api/v1 when the router is mounted there, else a copy of its conventions at the same path."""
    if not _mounted():
        global urlpatterns
        urlpatterns = [path("api/v1/", _test_api().urls)]
        settings.ROOT_URLCONF = __name__
    return Api(recruiter_token)


def test_it_answers_the_figures_of_api_md(api_client, small):
    response = api_client.get("/insights/declines", {"from": "2025-01-01", "to": "2025-03-31"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"total", "acceptance_rate", "by_reason", "by_kind", "median_salary_gap_pct"}
    assert body["total"] == 5 and body["acceptance_rate"] == pytest.approx(1 / 6, abs=1e-4)
    assert body["by_reason"][0] == {"code": "salary", "count": 3, "share": 0.6}
    assert {k["code"]: k["count"] for k in body["by_kind"]} == {"declined_by_candidate": 4, "withdrawn": 1}
    assert body["median_salary_gap_pct"] == -10.0


def test_it_filters_by_client(api_client, small):
    body = api_client.get(
        "/insights/declines",
        {"client_id": str(small.acme.public_id), "from": "2025-01-01", "to": "2025-03-31"},
    ).json()
    assert body["total"] == 3 and body["median_salary_gap_pct"] == -15.0


def test_an_empty_period_divides_nothing_by_zero(api_client, db):
    body = api_client.get("/insights/declines", {"from": "2030-01-01", "to": "2030-01-31"}).json()
    assert body == {
        "total": 0,
        "acceptance_rate": None,
        "by_reason": [],
        "by_kind": [],
        "median_salary_gap_pct": None,
    }


def test_bad_input_answers_in_the_error_shape(api_client, db):
    assert_error(api_client.get("/insights/declines", {"from": "2025-13-01"}), 400, "invalid", "from")
    assert_error(
        api_client.get("/insights/declines", {"from": "2025-03-01", "to": "2025-01-01"}), 400, "invalid"
    )
    assert_error(
        api_client.get("/insights/declines", {"client_id": "not-a-uuid"}), 400, "invalid", "client_id"
    )
    import uuid

    assert_error(
        api_client.get("/insights/declines", {"client_id": str(uuid.uuid4())}), 404, "not_found", "client_id"
    )


def test_it_needs_a_token(recruiter_token, settings, db):
    if not _mounted():
        global urlpatterns
        urlpatterns = [path("api/v1/", _test_api().urls)]
        settings.ROOT_URLCONF = __name__
    assert_error(Api().get("/insights/declines"), 401, "unauthorized")
