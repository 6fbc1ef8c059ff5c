from __future__ import annotations

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vivier.accounts.audit import AuditAction, AuditEntry
from vivier.accounts.models import UserSession

PASSWORD = "correct horse battery staple"


def _sign_in(user_agent: str) -> Client:
    client = Client(HTTP_USER_AGENT=user_agent)
    assert client.post("/accounts/login/", {"username": "camille", "password": PASSWORD}).status_code == 302
    return client


def test_each_sign_in_is_listed_on_the_profile(recruiter):
    laptop, phone = _sign_in("Laptop Firefox"), _sign_in("Phone Safari")
    assert UserSession.objects.filter(user=recruiter).count() == 2
    page = laptop.get(reverse("accounts:profile"))
    assert "Laptop Firefox" in page.text and "Phone Safari" in page.text
    assert phone.get(reverse("accounts:profile")).status_code == 200
    # Only a hash of the session's id is stored.
    sid = laptop.session["vivier_sid"]
    assert not UserSession.objects.filter(key_digest=sid).exists()


def test_sign_out_everywhere_ends_the_other_sessions(recruiter):
    laptop, phone = _sign_in("Laptop"), _sign_in("Phone")
    assert laptop.post(reverse("accounts:sessions_revoke")).status_code == 302
    assert laptop.get(reverse("front:candidate_list")).status_code == 200
    refused = phone.get(reverse("front:candidate_list"))
    assert refused.status_code == 302 and refused["Location"].startswith("/accounts/login/")
    assert AuditEntry.objects.filter(action=AuditAction.SESSIONS_REVOKED, data__count=1).exists()


def test_last_seen_is_written_at_most_once_a_minute(recruiter, django_assert_num_queries):
    laptop = _sign_in("Laptop")
    row = UserSession.objects.get(user=recruiter)
    laptop.get(reverse("accounts:profile"))
    assert UserSession.objects.get(pk=row.pk).last_seen_at == row.last_seen_at
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=2)):
        laptop.get(reverse("accounts:profile"))
    assert UserSession.objects.get(pk=row.pk).last_seen_at > row.last_seen_at


def test_sign_out_removes_the_session_row(recruiter):
    laptop = _sign_in("Laptop")
    laptop.post(reverse("accounts:logout"))
    assert not UserSession.objects.filter(user=recruiter).exists()
    assert AuditEntry.objects.filter(action=AuditAction.SIGN_OUT, actor=recruiter).exists()


def test_a_password_change_ends_the_other_sessions(recruiter):
    laptop, phone = _sign_in("Laptop"), _sign_in("Phone")
    new = "une autre phrase de passe 2026"
    laptop.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert laptop.get(reverse("front:candidate_list")).status_code == 200
    assert phone.get(reverse("front:candidate_list")).status_code == 302
    assert AuditEntry.objects.filter(action=AuditAction.PASSWORD_CHANGED, actor=recruiter).exists()


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 24 * 3600
