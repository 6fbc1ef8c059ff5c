from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse

from vivier.accounts.audit import AuditAction, AuditEntry
from vivier.accounts.models import UserSession

RESET = "/accounts/password-reset/"


def test_the_answer_is_the_same_whether_the_address_has_an_account_or_not(client, recruiter, settings):
    settings.BASE_URL = "https://vivier.agence.example"
    known = client.post(RESET, {"email": recruiter.email}, HTTP_HOST="evil.example")
    unknown = client.post(RESET, {"email": "nobody@agence.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [recruiter.email]
    # The link uses the configured public address, never the Host header the request sent.
    assert "https://vivier.agence.example/accounts/password-reset/" in mail.outbox[0].body
    assert "evil.example" not in mail.outbox[0].body


def test_it_is_rate_limited_per_address_silently(client, recruiter):
    for _ in range(6):
        response = client.post(RESET, {"email": recruiter.email})
        assert response.status_code == 302
    assert len(mail.outbox) == 3


def test_the_link_sets_a_new_password_and_ends_every_session(client, recruiter):
    other = client.__class__()
    other.post("/accounts/login/", {"username": "camille", "password": "correct horse battery staple"})
    assert UserSession.objects.filter(user=recruiter).exists()
    client.post(RESET, {"email": recruiter.email})
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    new = "une toute nouvelle phrase 2026"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    recruiter.refresh_from_db()
    assert recruiter.check_password(new)
    assert not UserSession.objects.filter(user=recruiter).exists()
    assert other.get("/").status_code == 302
    assert AuditEntry.objects.filter(action=AuditAction.PASSWORD_RESET, actor=recruiter).exists()
