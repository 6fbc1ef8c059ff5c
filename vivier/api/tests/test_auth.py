"""Who may call what: anonymous 401, viewers and read-scoped tokens 403 on every write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from vivier.accounts.models import ApiToken
from vivier.api.tests.conftest import BASE, Api, assert_error

ANY_ID = "0b7e1f7e-4f2a-4c53-9d8a-2f1c0f6d9a11"  # fixed: test ids must be the same in every xdist worker
READS = [
    "/clients",
    f"/clients/{ANY_ID}",
    "/jobs",
    f"/jobs/{ANY_ID}",
    "/candidates",
    f"/candidates/{ANY_ID}",
    f"/offers/{ANY_ID}",
    "/decline-reasons",
    "/exclusions",
]
WRITES = [
    ("post", "/clients"),
    ("patch", f"/clients/{ANY_ID}"),
    ("post", "/jobs"),
    ("patch", f"/jobs/{ANY_ID}"),
    ("post", "/candidates"),
    ("patch", f"/candidates/{ANY_ID}"),
    ("post", "/applications"),
    ("post", "/offers"),
    ("post", f"/offers/{ANY_ID}/accept"),
    ("post", f"/offers/{ANY_ID}/decline"),
    ("post", "/exclusions"),
    ("post", f"/exclusions/{ANY_ID}/lift"),
]


def _call(api: Api, method: str, path: str):
    return getattr(api, method)(path, {})


@pytest.mark.parametrize("path", READS)
def test_it_refuses_reads_without_a_token(anonymous_api, path):
    response = anonymous_api.get(path)
    assert_error(response, 401, "unauthorized")
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_it_refuses_writes_without_a_token(anonymous_api, method, path):
    assert_error(_call(anonymous_api, method, path), 401, "unauthorized")


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_it_refuses_every_write_to_a_viewer(viewer_api, method, path):
    assert_error(_call(viewer_api, method, path), 403, "forbidden")


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_it_refuses_every_write_to_a_read_scoped_token(read_scope_api, method, path):
    assert_error(_call(read_scope_api, method, path), 403, "forbidden")


@pytest.mark.parametrize("path", ["/clients", "/jobs", "/candidates", "/decline-reasons", "/exclusions"])
def test_it_lets_a_viewer_and_a_read_scoped_token_read(viewer_api, read_scope_api, path):
    assert viewer_api.get(path).status_code == 200
    assert read_scope_api.get(path).status_code == 200


def test_it_lets_an_admin_write(admin_api):
    assert admin_api.post("/clients", {"name": "Acme"}).status_code == 201


@pytest.mark.parametrize(
    "header", ["Bearer nope", "Bearer ", "Token abc", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 5000]
)
def test_it_refuses_a_bad_authorization_header(db, header):
    response = HttpClient().get(f"{BASE}/candidates", headers={"Authorization": header})
    assert_error(response, 401, "unauthorized")


def test_it_refuses_a_revoked_or_expired_token(recruiter_token):
    token = ApiToken.objects.get(digest=ApiToken.hash(recruiter_token))
    token.expires_at = timezone.now() - dt.timedelta(minutes=1)
    token.save(update_fields=["expires_at"])
    assert_error(Api(recruiter_token).get("/candidates"), 401, "unauthorized")
    token.expires_at, token.revoked_at = None, timezone.now()
    token.save(update_fields=["expires_at", "revoked_at"])
    assert_error(Api(recruiter_token).get("/candidates"), 401, "unauthorized")


def test_it_refuses_the_token_of_a_deactivated_user(recruiter, recruiter_token):
    recruiter.is_active = False
    recruiter.save(update_fields=["is_active"])
    assert_error(Api(recruiter_token).get("/candidates"), 401, "unauthorized")


def test_it_ignores_a_browser_session(recruiter_client):
    # The API is for scripts: a signed-in browser without a token is anonymous here (no CSRF exposure).
    assert_error(recruiter_client.get(f"{BASE}/candidates"), 401, "unauthorized")


def test_it_acts_as_the_token_user(api, recruiter):
    from vivier.talent.models import Candidate

    response = api.post("/candidates", {"first_name": "Léa", "last_name": "Roux", "email": "lea@exemple.fr"})
    assert response.status_code == 201
    assert Candidate.objects.get(public_id=response.json()["id"]).created_by == recruiter


def test_it_needs_no_csrf_token_with_a_bearer_token(recruiter_token):
    client = HttpClient(enforce_csrf_checks=True)
    response = client.post(
        f"{BASE}/clients",
        {"name": "Acme"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {recruiter_token}"},
    )
    assert response.status_code == 201
