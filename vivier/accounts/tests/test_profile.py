from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from vivier.accounts.models import ApiToken, TokenScope
from vivier.accounts.services import token_create

# A <script> without src, or an on…= handler: the Content-Security-Policy will forbid both.
INLINE_CODE = re.compile(r"<script(?![^>]*\bsrc=)|\son[a-z]+\s*=", re.IGNORECASE)
PASSWORD = "correct horse battery staple"  # the personas' password (conftest.py)
PROFILE = "/accounts/profile/"


def _raw_token(response) -> str:
    return re.search(r'value="(viv_[^"]+)"', response.text).group(1)


@pytest.mark.parametrize("persona", ["admin_client_", "recruiter_client", "viewer_client"])
def test_it_shows_the_profile_to_every_role(request, persona):
    response = request.getfixturevalue(persona).get(PROFILE)
    assert response.status_code == 200
    assert "Vous n’avez pas encore de jeton d’API." in response.text  # French is the default language
    assert not INLINE_CODE.search(response.text)


def test_it_saves_name_email_and_language(recruiter_client, recruiter):
    response = recruiter_client.post(
        PROFILE,
        {"first_name": "Camille", "last_name": "Durand", "email": "camille@agence.example", "language": "en"},
    )
    assert response.status_code == 302
    recruiter.refresh_from_db()
    assert (recruiter.last_name, recruiter.email, recruiter.language) == (
        "Durand",
        "camille@agence.example",
        "en",
    )
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Your profile is saved." in recruiter_client.get(PROFILE).text


def test_it_shows_field_errors_on_the_profile(recruiter_client, recruiter):
    response = recruiter_client.post(
        PROFILE, {"first_name": "C", "last_name": "", "email": "nope", "language": "de"}
    )
    assert response.status_code == 200
    assert response.context["profile_form"].errors.keys() == {"email", "language"}
    assert 'aria-invalid="true"' in response.text
    recruiter.refresh_from_db()
    assert recruiter.language == "fr"


def test_it_changes_the_password_and_keeps_the_session(recruiter_client, recruiter):
    new = "une autre phrase de passe 2026"
    response = recruiter_client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    recruiter.refresh_from_db()
    assert recruiter.check_password(new)
    assert recruiter_client.get(PROFILE).status_code == 200


def test_it_refuses_a_password_change_with_the_wrong_old_password(recruiter_client, recruiter):
    response = recruiter_client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": "x" * 12 + "Yz9", "new_password2": "x" * 12 + "Yz9"},
    )
    assert response.status_code == 200
    assert "old_password" in response.context["password_form"].errors
    recruiter.refresh_from_db()
    assert recruiter.check_password(PASSWORD)


def test_it_shows_a_new_token_once_and_stores_only_its_digest(recruiter_client, recruiter):
    response = recruiter_client.post(reverse("accounts:token_create"), {"name": "ATS", "scope": "write"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    raw = _raw_token(response)
    token = ApiToken.objects.get(user=recruiter)
    assert token.digest == ApiToken.hash(raw)
    assert raw not in (token.prefix, token.digest, token.name)
    assert (token.scope, token.expires_at) == (TokenScope.WRITE, None)
    again = recruiter_client.get(PROFILE)
    assert raw not in again.text
    assert f"{token.prefix}…" in again.text


def test_it_sets_the_expiry_to_the_end_of_the_chosen_day(recruiter_client, recruiter):
    day = timezone.localdate() + dt.timedelta(days=30)
    recruiter_client.post(
        reverse("accounts:token_create"), {"name": "n8n", "scope": "read", "expires_on": day}
    )
    token = ApiToken.objects.get(user=recruiter)
    assert timezone.localtime(token.expires_at).date() == day
    assert token.is_usable(now=timezone.make_aware(dt.datetime.combine(day, dt.time(23, 0))))


def test_it_refuses_an_expiry_in_the_past(recruiter_client, recruiter):
    day = timezone.localdate() - dt.timedelta(days=1)
    response = recruiter_client.post(
        reverse("accounts:token_create"), {"name": "x", "scope": "read", "expires_on": day}
    )
    assert "expires_on" in response.context["token_form"].errors
    assert not ApiToken.objects.filter(user=recruiter).exists()


def test_it_gives_a_viewer_read_tokens_only(viewer_client, viewer):
    response = viewer_client.post(reverse("accounts:token_create"), {"name": "sheet", "scope": "write"})
    assert "scope" in response.context["token_form"].errors
    assert not ApiToken.objects.filter(user=viewer).exists()
    assert 'value="write"' not in viewer_client.get(PROFILE).text
    viewer_client.post(reverse("accounts:token_create"), {"name": "sheet", "scope": "read"})
    assert ApiToken.objects.get(user=viewer).scope == TokenScope.READ


def test_it_revokes_a_token(recruiter_client, recruiter):
    token, _raw = token_create(user=recruiter, name="old")
    url = reverse("accounts:token_revoke", args=[token.public_id])
    assert recruiter_client.get(url).status_code == 405
    response = recruiter_client.post(url, follow=True)
    token.refresh_from_db()
    assert token.revoked_at is not None and not token.is_usable()
    assert "Le jeton «\u202fold\u202f» est révoqué." in response.text


def test_it_does_not_revoke_someone_elses_token(recruiter_client, admin):
    token, _raw = token_create(user=admin, name="admin's")
    response = recruiter_client.post(reverse("accounts:token_revoke", args=[token.public_id]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_lists_tokens_with_their_status(recruiter_client, recruiter, django_assert_max_num_queries):
    for i in range(3):
        token_create(user=recruiter, name=f"t{i}", scope="read")
    revoked, _raw = token_create(user=recruiter, name="gone")
    revoked.revoked_at = timezone.now()
    revoked.save(update_fields=["revoked_at"])
    # session, user, 2FA state, the session list, this session's row, the tokens: none per token.
    with django_assert_max_num_queries(6):
        response = recruiter_client.get(PROFILE)
    assert response.text.count("badge text-bg-success") == 3
    assert "Révoqué le" in response.text


def test_it_needs_the_csrf_token(recruiter):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(recruiter)
    assert strict.post(reverse("accounts:token_create"), {"name": "x", "scope": "read"}).status_code == 403
