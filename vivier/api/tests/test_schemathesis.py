"""Property-based fuzzing of the API against its own OpenAPI document (schemathesis).

Every operation gets generated requests, valid ones and invalid ones, with a valid write token, and every check
schemathesis has runs on the answers: no 5xx, every status and body one the document declares, valid input accepted,
invalid input refused, authentication enforced. Bounded (a few examples per operation) so it stays a unit-test-sized
run.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.generation import GenerationMode

from vivier.accounts.services import TOKEN_PREFIX
from vivier.api.tests import schemathesis_hooks  # noqa: F401 - registers the document's own formats

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# Valid data (must be accepted) and invalid data (must be refused): schemathesis 4's default, stated.
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])

# A fixed token, stored by the fixture in each test's database: schemathesis generates some cases (the coverage
# phase's) when it collects the test, before any database exists, and puts the token in them then.
TOKEN = TOKEN_PREFIX + "schemathesis-fuzzing-token-0123456789"


@schema.auth(refresh_interval=None)
class BearerToken:
    """Given to schemathesis rather than sent as a fixed header, so that the cases which leave the token out or
    spoil it on purpose (authentication checks, negative data) go out as generated."""

    def get(self, case, ctx) -> str:
        return TOKEN

    def set(self, case, data: str, ctx) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes the database connection after each request, as Django's test client prevents;
    closing it here would close the test's transaction."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(admin) -> str:
    from vivier.accounts.models import ApiToken, TokenScope

    ApiToken.objects.create(
        user=admin,
        name="schemathesis",
        prefix=TOKEN[:12],
        digest=ApiToken.hash(TOKEN),
        scope=TokenScope.WRITE,
    )
    return TOKEN


@pytest.mark.django_db(transaction=False)
@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
def test_the_api_matches_its_document(case, token, make):
    make.job()  # some rows to find, so not every lookup is a 404
    # No `checks=`: schemathesis 4 runs all of its checks.
    case.call_and_validate()
