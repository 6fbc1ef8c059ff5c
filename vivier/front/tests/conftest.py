"""Fixtures of the recruiter UI's tests, on top of the project's personas and `make` builders."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def count_queries(client):
    """The number of queries one GET of `url` by `http` makes (to compare 2 rows with 10)."""

    def run(http, url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = http.get(url)
        assert response.status_code == 200, response.status_code
        return len(ctx.captured_queries)

    return run
