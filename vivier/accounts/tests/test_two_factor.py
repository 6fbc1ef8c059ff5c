from __future__ import annotations

import pyotp
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from vivier.accounts import twofactor
from vivier.accounts.audit import AuditAction, AuditEntry
from vivier.accounts.models import RecoveryCode, TwoFactorDevice

PASSWORD = "correct horse battery staple"
LOGIN, VERIFY = "/accounts/login/", "/accounts/login/verify/"


def _enrol(user) -> tuple[TwoFactorDevice, list[str]]:
    device = twofactor.totp_begin(user=user)
    codes = twofactor.totp_confirm(device=device, code=device.totp.now())
    device.refresh_from_db()
    return device, codes


def _next_code(device: TwoFactorDevice) -> str:
    """A code of the next time step: the current one was spent by the enrolment."""
    return device.totp.at(timezone.now().timestamp() + device.totp.interval)


def test_it_enrols_from_the_profile_with_the_password_and_a_code(recruiter_client, recruiter):
    page = recruiter_client.get(reverse("accounts:two_factor_setup"))
    assert page.status_code == 200 and "<svg" in page.text and page["Cache-Control"] == "no-store"
    device = TwoFactorDevice.objects.get(user=recruiter)
    assert device.confirmed_at is None and device.secret in page.text
    wrong_password = recruiter_client.post(
        reverse("accounts:two_factor_setup"), {"code": device.totp.now(), "password": "nope"}
    )
    assert "password" in wrong_password.context["form"].errors
    response = recruiter_client.post(
        reverse("accounts:two_factor_setup"), {"code": device.totp.now(), "password": PASSWORD}
    )
    codes = response.context["recovery_codes"]
    assert len(codes) == 10 and all(code in response.text for code in codes)
    assert response["Cache-Control"] == "no-store"
    # Stored hashed only.
    stored = set(RecoveryCode.objects.filter(user=recruiter).values_list("digest", flat=True))
    assert not stored & set(codes)
    assert twofactor.is_enabled(recruiter)
    assert AuditEntry.objects.filter(
        action=AuditAction.TWO_FACTOR_CHANGED, target_id=recruiter.public_id
    ).exists()


def test_sign_in_asks_for_the_code_and_is_not_signed_in_before(client, recruiter):
    device, _codes = _enrol(recruiter)
    first = client.post(LOGIN, {"username": "camille", "password": PASSWORD})
    assert first.status_code == 302 and first["Location"] == VERIFY
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still signed out
    wrong = client.post(VERIFY, {"code": "000000"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=30)):
        ok = client.post(VERIFY, {"code": device.totp.now()})
        assert ok.status_code == 302
        assert client.session["_auth_user_id"] == str(recruiter.pk)
    entry = AuditEntry.objects.filter(action=AuditAction.SIGN_IN).latest("id")
    assert entry.data == {"method": "totp"}


def test_a_code_cannot_be_replayed(client, recruiter):
    device, _codes = _enrol(recruiter)
    code = device.totp.now()
    # The enrolment used this very code: it cannot sign in again within its time step.
    client.post(LOGIN, {"username": "camille", "password": PASSWORD})
    assert client.post(VERIFY, {"code": code}).status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_works_once(client, recruiter):
    _device, codes = _enrol(recruiter)
    client.post(LOGIN, {"username": "camille", "password": PASSWORD})
    assert client.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    client.post(reverse("accounts:logout"))
    client.post(LOGIN, {"username": "camille", "password": PASSWORD})
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 200
    assert twofactor.recovery_codes_left(recruiter) == 9


def test_the_second_step_is_throttled(client, recruiter, settings):
    settings.LOGIN_MAX_FAILURES = 3
    device, _codes = _enrol(recruiter)
    client.post(LOGIN, {"username": "camille", "password": PASSWORD}, REMOTE_ADDR="192.0.2.9")
    for _ in range(3):
        client.post(VERIFY, {"code": "123456"}, REMOTE_ADDR="192.0.2.9")
    locked = client.post(VERIFY, {"code": _next_code(device)}, REMOTE_ADDR="192.0.2.9")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_first_step_expires(client, recruiter):
    device, _codes = _enrol(recruiter)
    client.post(LOGIN, {"username": "camille", "password": PASSWORD})
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=10)):
        response = client.post(VERIFY, {"code": device.totp.now()})
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_the_verify_page_without_a_first_step_goes_back_to_sign_in(client, db):
    assert client.get(VERIFY)["Location"] == LOGIN


def test_it_disables_with_the_password(recruiter_client, recruiter):
    _enrol(recruiter)
    recruiter_client.post(reverse("accounts:two_factor_disable"), {"password": "wrong"})
    assert twofactor.is_enabled(recruiter)
    recruiter_client.post(reverse("accounts:two_factor_disable"), {"password": PASSWORD})
    assert not TwoFactorDevice.objects.filter(user=recruiter).exists()
    assert not RecoveryCode.objects.filter(user=recruiter).exists()


def test_it_makes_new_recovery_codes(recruiter_client, recruiter):
    _device, old = _enrol(recruiter)
    response = recruiter_client.post(reverse("accounts:recovery_codes"), {"password": PASSWORD})
    new = response.context["recovery_codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert twofactor.verify(user=recruiter, code=old[0]) is None


def test_mandatory_2fa_sends_users_to_enrol_first(recruiter_client, recruiter, settings):
    settings.REQUIRE_2FA = True
    response = recruiter_client.get(reverse("front:candidate_list"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:two_factor_setup")
    assert recruiter_client.get(reverse("accounts:two_factor_setup")).status_code == 200
    _enrol(recruiter)
    assert recruiter_client.get(reverse("front:candidate_list")).status_code == 200
    # Mandatory means it cannot be turned off.
    recruiter_client.post(reverse("accounts:two_factor_disable"), {"password": PASSWORD})
    assert twofactor.is_enabled(recruiter)


def test_an_admin_turns_off_a_lost_second_factor(admin_client_, recruiter, viewer_client):
    _enrol(recruiter)
    url = reverse("accounts:user_two_factor_reset", args=[recruiter.public_id])
    assert viewer_client.post(url).status_code == 403
    assert admin_client_.post(url).status_code == 302
    assert not twofactor.is_enabled(recruiter)


@pytest.mark.parametrize("code", ["", "12345", "abcdef", "1234567"])
def test_it_refuses_malformed_codes(recruiter, code):
    _enrol(recruiter)
    assert twofactor.verify(user=recruiter, code=code) is None


def test_codes_follow_rfc_6238(db):
    # RFC 6238 appendix B, SHA-1, 59 s → 94287082 (8 digits); pyotp computes the same HOTP.
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of "12345678901234567890"
    assert pyotp.TOTP(secret, digits=8).at(59) == "94287082"
