from __future__ import annotations

import importlib
import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import check_password
from django.urls import reverse

from vivier.accounts.services import user_create

LOGIN = "/accounts/login/"
# A <script> without src, or an on…= handler: the Content-Security-Policy will forbid both.
INLINE_CODE = re.compile(r"<script(?![^>]*\bsrc=)|\son[a-z]+\s*=", re.IGNORECASE)
PASSWORD = "correct horse battery staple"  # the personas' password (conftest.py)


def _post(client, username, password, address="192.0.2.1", **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra}, REMOTE_ADDR=address)


@pytest.fixture
def few_failures(settings):
    settings.LOGIN_MAX_FAILURES = 3
    return 3


def test_it_shows_a_standalone_french_login_page(outsider):
    response = outsider.get(LOGIN)
    assert response.status_code == 200
    assert '<html lang="fr">' in response.text
    assert "vendor/bootstrap/css/bootstrap.min.css" in response.text
    assert "front/base.html" not in [t.name for t in response.templates]
    assert 'name="language" value="en"' in response.text
    assert not INLINE_CODE.search(response.text)


def test_it_signs_in_and_goes_to_the_dashboard(outsider, recruiter):
    response = _post(outsider, "camille", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("front:dashboard")
    assert outsider.session["_auth_user_id"] == str(recruiter.pk)


def test_it_sets_the_language_of_the_user_on_sign_in(outsider, recruiter):
    recruiter.language = "en"
    recruiter.save(update_fields=["language"])
    response = _post(outsider, "camille", PASSWORD)
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_it_follows_a_safe_next(outsider, recruiter):
    response = _post(outsider, "camille", PASSWORD, next="/candidates/?q=lyon")
    assert response.url == "/candidates/?q=lyon"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_it_ignores_an_unsafe_next(outsider, recruiter, target):
    response = _post(outsider, "camille", PASSWORD, next=target)
    assert response.url == reverse("front:dashboard")


def test_it_refuses_a_wrong_password(outsider, recruiter):
    response = _post(outsider, "camille", "not the password")
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect." in response.text
    assert "_auth_user_id" not in outsider.session


def test_it_refuses_an_inactive_user(outsider, recruiter):
    recruiter.is_active = False
    recruiter.save(update_fields=["is_active"])
    response = _post(outsider, "camille", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in outsider.session


def test_it_locks_a_username_after_too_many_failures(outsider, recruiter, few_failures):
    for i in range(few_failures):
        _post(outsider, "camille", "wrong", address=f"192.0.2.{i + 10}")
    response = _post(outsider, "camille", PASSWORD, address="198.51.100.7")
    assert response.status_code == 429
    assert "Trop de tentatives échouées. Réessayez dans 15\u00a0minutes." in response.text
    assert "_auth_user_id" not in outsider.session


def test_it_does_not_check_the_password_while_locked(outsider, recruiter, few_failures, monkeypatch):
    for _ in range(few_failures):
        _post(outsider, "camille", "wrong")
    calls = []
    monkeypatch.setattr("vivier.accounts.views.auth.authenticate", lambda *a, **kw: calls.append(kw))
    _post(outsider, "camille", PASSWORD)
    assert calls == []


def test_it_locks_an_address_trying_many_usernames(outsider, recruiter, few_failures):
    for i in range(few_failures):
        _post(outsider, f"nobody{i}", "wrong", address="203.0.113.5")
    locked = _post(outsider, "camille", PASSWORD, address="203.0.113.5")
    assert locked.status_code == 429
    elsewhere = _post(outsider, "camille", PASSWORD, address="203.0.113.6")
    assert elsewhere.status_code == 302


def test_it_resets_the_username_counter_after_a_success(client, recruiter, few_failures):
    for i in range(few_failures - 1):
        _post(client, "camille", "wrong", address=f"192.0.2.{i + 10}")
    assert _post(client, "camille", PASSWORD, address="192.0.2.50").status_code == 302
    client.post(reverse("accounts:logout"))
    for i in range(few_failures - 1):
        _post(client, "camille", "wrong", address=f"192.0.2.{i + 20}")
    assert _post(client, "camille", PASSWORD, address="192.0.2.51").status_code == 302


def test_it_stores_passwords_with_argon2_in_production(settings, db):
    production = importlib.import_module("vivier.settings")
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = user_create(username="argon", password=PASSWORD)
    assert user.password.startswith("argon2$")
    assert check_password(PASSWORD, user.password)


def test_it_signs_out_on_post_only(recruiter_client):
    assert recruiter_client.get(reverse("accounts:logout")).status_code == 405
    response = recruiter_client.post(reverse("accounts:logout"), follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    assert "Vous êtes déconnecté·e." in response.text
    assert "_auth_user_id" not in recruiter_client.session


def test_it_redirects_anonymous_visitors_to_the_login_page(outsider):
    response = outsider.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN + "?next=")


def test_it_switches_the_language(outsider):
    response = outsider.post(reverse("accounts:language"), {"language": "en", "next": LOGIN})
    assert response.url == LOGIN
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in outsider.get(LOGIN).text


def test_it_ignores_an_unknown_language(outsider):
    response = outsider.post(
        reverse("accounts:language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response.url == LOGIN
    assert django_settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_it_saves_the_language_of_a_signed_in_user(recruiter_client, recruiter):
    recruiter_client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
    recruiter.refresh_from_db()
    assert recruiter.language == "en"


def test_it_requires_csrf_on_login(recruiter):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert _post(strict, "camille", PASSWORD).status_code == 403
