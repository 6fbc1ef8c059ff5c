"""Two-factor authentication: TOTP (RFC 6238) with ten single-use recovery codes.

The secret is stored in clear because the server must compute the same codes as the phone (unlike a password,
a TOTP secret cannot be hashed); the recovery codes are stored hashed, like passwords, and shown once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import pyotp
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

RECOVERY_CODE_COUNT = 10
ISSUER = "Vivier"


class TwoFactorDevice(models.Model):
    """One authenticator app per user. `confirmed_at` is set once the user typed a first valid code."""

    user = models.OneToOneField("accounts.User", on_delete=models.CASCADE, related_name="two_factor")
    secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The time step of the last accepted code: a code seen once (shoulder-surfed, phished) cannot be replayed.
    last_step = models.BigIntegerField(default=0)

    class Meta:
        app_label = "accounts"
        verbose_name = _("two-factor device")

    def __str__(self) -> str:
        return f"TOTP of {self.user_id}"

    @property
    def totp(self) -> pyotp.TOTP:
        return pyotp.TOTP(self.secret, issuer=ISSUER)


class RecoveryCode(models.Model):
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="recovery_codes")
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "accounts"
        constraints = [models.UniqueConstraint(fields=["user", "digest"], name="recovery_code_unique")]

    def __str__(self) -> str:
        return f"recovery code of {self.user_id}"


def _digest(code: str) -> str:
    # Keyed with SECRET_KEY: a stolen table alone does not let anyone brute-force the 50-bit codes offline.
    normalised = code.strip().lower().replace("-", "").replace(" ", "")
    return hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def is_enabled(user) -> bool:
    # Always asked to the database: a cached relation on a long-lived user object would outlive a reset.
    return bool(user.pk) and TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def device_for(user) -> TwoFactorDevice | None:
    return TwoFactorDevice.objects.filter(user=user).first()


def totp_begin(*, user) -> TwoFactorDevice:
    """A new unconfirmed secret (or the pending one): 2FA is on only after `totp_confirm`."""
    device = device_for(user)
    if device is not None and device.confirmed_at is not None:
        return device
    if device is None:
        device = TwoFactorDevice.objects.create(user=user, secret=pyotp.random_base32())
    return device


def provisioning_uri(device: TwoFactorDevice) -> str:
    return device.totp.provisioning_uri(name=device.user.get_username(), issuer_name=ISSUER)


def _check_totp(device: TwoFactorDevice, code: str) -> bool:
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return False
    now = timezone.now().timestamp()
    # One step of clock drift either way, as RFC 6238 section 6 recommends.
    for offset in (0, -1, 1):
        step = int(now // device.totp.interval) + offset
        if step <= device.last_step:
            continue
        if hmac.compare_digest(device.totp.generate_otp(step), code):
            updated = TwoFactorDevice.objects.filter(pk=device.pk, last_step__lt=step).update(last_step=step)
            device.last_step = step
            return updated == 1
    return False


def totp_confirm(*, device: TwoFactorDevice, code: str) -> list[str] | None:
    """Turn 2FA on if the code is right; return the recovery codes to show once (None: wrong code)."""
    if not _check_totp(device, code):
        return None
    with transaction.atomic():
        device.confirmed_at = timezone.now()
        device.save(update_fields=["confirmed_at"])
        return recovery_codes_regenerate(user=device.user)


def recovery_codes_regenerate(*, user) -> list[str]:
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create([RecoveryCode(user=user, digest=_digest(c)) for c in codes])
    return codes


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def verify(*, user, code: str) -> str | None:
    """Check a sign-in's second factor: 'totp', 'recovery' (that code is now spent) or None."""
    device = device_for(user)
    if device is None or device.confirmed_at is None:
        return None
    if _check_totp(device, code):
        return "totp"
    used = RecoveryCode.objects.filter(user=user, digest=_digest(code), used_at__isnull=True).update(
        used_at=timezone.now()
    )
    return "recovery" if used == 1 else None


def disable(*, user) -> None:
    with transaction.atomic():
        TwoFactorDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()


def qr_svg(uri: str) -> str:
    """The enrolment QR code as inline SVG markup (allowed by the CSP, no script, no external image)."""
    import segno

    return segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff", title=ISSUER)
