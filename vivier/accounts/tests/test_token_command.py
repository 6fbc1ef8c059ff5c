from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from vivier.accounts.models import ApiToken, Role, TokenScope, User


def _run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_prints_the_token_alone_on_the_last_line(recruiter):
    out, err = _run("create", "camille", "--name", "ATS")
    raw = out.strip().splitlines()[-1]
    assert raw.startswith("viv_") and " " not in raw
    token = ApiToken.objects.get(digest=ApiToken.hash(raw))
    assert (token.user, token.name, token.scope) == (recruiter, "ATS", TokenScope.WRITE)
    assert raw not in err


def test_it_gives_a_viewer_a_read_token_by_default(viewer):
    raw = _run("create", "victor")[0].strip().splitlines()[-1]
    assert ApiToken.objects.get(digest=ApiToken.hash(raw)).scope == TokenScope.READ


def test_it_refuses_a_write_token_for_a_viewer(viewer):
    with pytest.raises(CommandError, match="read only"):
        _run("create", "victor", "--scope", "write")
    assert not ApiToken.objects.exists()


def test_it_refuses_an_unknown_or_inactive_user(recruiter):
    recruiter.is_active = False
    recruiter.save(update_fields=["is_active"])
    for username in ("camille", "nobody"):
        with pytest.raises(CommandError, match="No active user"):
            _run("create", username)


def test_user_create_reads_the_password_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("VIVIER_ADMIN_PASSWORD", "Une phrase de passe solide")
    out = io.StringIO()
    call_command(
        "user",
        "create",
        "root",
        "--role",
        "admin",
        "--password-from-env",
        "VIVIER_ADMIN_PASSWORD",
        stdout=out,
    )
    user = User.objects.get(username="root")
    assert user.role == Role.ADMIN and user.check_password("Une phrase de passe solide")
    assert "Une phrase" not in out.getvalue()


def test_user_create_refuses_a_missing_or_weak_password(db, monkeypatch):
    monkeypatch.delenv("NOPE", raising=False)
    with pytest.raises(CommandError, match="NOPE"):
        call_command("user", "create", "root", "--password-from-env", "NOPE")
    monkeypatch.setenv("WEAK", "123")
    with pytest.raises(CommandError):
        call_command("user", "create", "root", "--password-from-env", "WEAK")
    assert not User.objects.filter(username="root").exists()
