"""API test helpers: a JSON client per persona and the error-shape assertion."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client as HttpClient

BASE = "/api/v1"


class Api:
    """A test client that speaks JSON to /api/v1 with (or without) a bearer token."""

    def __init__(self, token: str | None = None) -> None:
        self.http = HttpClient()
        self.token = token

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, params: dict[str, Any] | None = None):
        return self.http.get(BASE + path, params or {}, headers=self._headers())

    def post(self, path: str, body: Any = None, *, raw: str | bytes | None = None):
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.http.post(BASE + path, data, content_type="application/json", headers=self._headers())

    def patch(self, path: str, body: Any = None, *, raw: str | bytes | None = None):
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.http.patch(BASE + path, data, content_type="application/json", headers=self._headers())


@pytest.fixture
def api(recruiter_token) -> Api:
    """The recruiter: reads and writes."""
    return Api(recruiter_token)


@pytest.fixture
def admin_api(admin_token) -> Api:
    return Api(admin_token)


@pytest.fixture
def viewer_api(viewer_token) -> Api:
    return Api(viewer_token)


@pytest.fixture
def read_scope_api(recruiter) -> Api:
    """A recruiter's token created with the read scope: the role may write, the token may not."""
    from vivier.accounts.services import token_create

    return Api(token_create(user=recruiter, name="read only", scope="read")[1])


@pytest.fixture
def anonymous_api(db) -> Api:
    return Api()


def assert_error(response, status: int, code: str, *fields: str) -> dict:
    """The one error shape, with the status, the code and (at least) the named fields."""
    assert response.status_code == status, response.content[:2000]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert error["code"] == code, error
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["fields"], dict)
    for name, messages in error["fields"].items():
        assert (
            isinstance(name, str) and isinstance(messages, list) and all(isinstance(m, str) for m in messages)
        )
    for name in fields:
        assert name in error["fields"], error
    return error


def warm_up(api: Api, path: str) -> None:
    """The first request of a token records its use (one write a minute at most); measure the ones after."""
    assert api.get(path).status_code == 200


def uuid_str() -> str:
    import uuid

    return str(uuid.uuid4())
