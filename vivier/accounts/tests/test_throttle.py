"""The account lock cannot be used to keep a real user out from where they usually sign in."""

from __future__ import annotations

import pytest

LOGIN = "/accounts/login/"
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def few(settings):
    settings.LOGIN_MAX_FAILURES = 3


def _post(client, password, address):
    return client.post(LOGIN, {"username": "camille", "password": password}, REMOTE_ADDR=address)


def test_an_attacker_elsewhere_does_not_lock_the_user_out_of_their_usual_address(client, recruiter):
    assert _post(client, PASSWORD, "192.0.2.10").status_code == 302  # the user's office
    client.post("/accounts/logout/")
    for i in range(5):
        _post(client, "guess", f"203.0.113.{i}")
    assert _post(client, PASSWORD, "203.0.113.99").status_code == 429  # strangers are locked out
    assert _post(client, PASSWORD, "192.0.2.10").status_code == 302  # the office is not


def test_failures_from_a_known_address_lock_that_address_only(client, recruiter):
    assert _post(client, PASSWORD, "192.0.2.10").status_code == 302
    client.post("/accounts/logout/")
    for _ in range(3):
        _post(client, "guess", "192.0.2.10")
    assert _post(client, PASSWORD, "192.0.2.10").status_code == 429
    assert _post(client, PASSWORD, "198.51.100.1").status_code == 302
