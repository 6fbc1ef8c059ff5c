import pytest
from ninja import NinjaAPI
from ninja.testing import TestClient

from vivier.api import errors
from vivier.matching.api import router

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def api_client():
    # The router as vivier.api mounts it, on an API of its own so the test does not depend on that wiring.
    api = NinjaAPI(urls_namespace="matching-api-test")
    errors.install(api)
    api.add_router("/", router)
    return TestClient(api)


def _get(api_client, token, path, **params):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return api_client.get(path, headers=headers, query_params=params or None)


def test_it_lists_matches_in_the_documented_shape(make, api_client, viewer_token, declined):
    c = make.candidate(headline="Développeuse web", skills=["Python"], city="Lyon")
    declined(c, codes=("salary",), offer_kw={"salary": 30000})
    job = make.job(title="Développeur web", skills=["Python"])
    response = _get(api_client, viewer_token, f"/jobs/{job.public_id}/rediscovery")
    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == 1
    item = items[0]
    assert set(item) == {"candidate_id", "score", "components", "explanations", "resolves", "contactable"}
    assert item["candidate_id"] == str(c.public_id) and item["resolves"] == ["salary"]
    assert set(item["components"]) == {"text", "fit", "decline_resolution", "relationship"}
    assert item["contactable"] is True


@pytest.mark.parametrize("limit", ["0", "201", "abc"])
def test_it_refuses_a_bad_limit_in_the_error_shape(make, api_client, viewer_token, limit):
    job = make.job()
    response = _get(api_client, viewer_token, f"/jobs/{job.public_id}/rediscovery", limit=limit)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid" and "limit" in response.json()["error"]["fields"]


def test_it_answers_404_and_401(make, api_client, viewer_token):
    assert _get(api_client, viewer_token, "/jobs/not-a-uuid/rediscovery").status_code == 404
    assert (
        _get(api_client, viewer_token, "/jobs/00000000-0000-4000-8000-000000000000/rediscovery").status_code
        == 404
    )
    assert _get(api_client, "", f"/jobs/{make.job().public_id}/rediscovery").status_code == 401


def test_it_never_fails_on_an_empty_job(make, api_client, viewer_token):
    from vivier.talent.models import Job

    job = make.job()
    Job.objects.filter(pk=job.pk).update(title="", description="", skills=[])
    response = _get(
        api_client, viewer_token, f"/jobs/{job.public_id}/rediscovery", include_uncontactable="true"
    )
    assert response.status_code == 200 and response.json() == {"items": []}
