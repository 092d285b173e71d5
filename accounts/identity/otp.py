"""The second factor (TOTP, django-otp) and its single-use recovery codes.

A session is *verified* once it carries the persistent id of the device that accepted a code
(under django-otp's own session key). Resetting a user's devices also ends all their sessions, so a
session can never stay verified by a device that is gone.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import authz
from accounts.audit import audit_log

from .services import security_for, user_sessions_end

TOTP_NAME = "TOTP"
RECOVERY_NAME = "recovery"


def otp_required(user) -> bool:
    """Committee staff and the admin roles need a second factor; demo accounts are exempt."""
    return authz.needs_totp(user) and not security_for(user).is_demo


def session_verified(request) -> bool:
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


def session_mark_verified(request, device: Device) -> None:
    request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id


def totp_device(user) -> TOTPDevice | None:
    """The user's confirmed authenticator, if they have enrolled."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def totp_device_pending(user) -> TOTPDevice:
    """The not-yet-confirmed device whose secret the enrolment page shows (the same one until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def totp_secret(device: TOTPDevice) -> str:
    """The secret in base32, grouped in fours, for typing into an app that cannot scan."""
    from base64 import b32encode

    raw = b32encode(device.bin_key).decode()
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code, drawn here (no external service sees the secret)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff")


def _audit_failure(user, step: str, request=None) -> None:
    audit_log(
        "otp.failure", actor=user, target=user, result="failure", detail={"step": step}, request=request
    )


def _code(raw: str) -> str:
    return "".join(raw.split()).lower()


def recovery_codes_issue(user) -> list[str]:
    """New single-use recovery codes replacing any earlier ones; the only time they are shown."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(settings.PARTYBUILD_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def totp_enrol(request, user, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the pending device with its first code; returns the recovery codes, or None if wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token(_code(code)):
        _audit_failure(user, "enrol", request)
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    codes = recovery_codes_issue(user)
    session_mark_verified(request, device)
    audit_log("otp.enrol", actor=user, target=user, request=request)
    return codes


def otp_match(user, code: str) -> Device | None:
    """The device that accepts `code`: the authenticator for 6 digits, else a recovery code (used up)."""
    code = _code(code)
    if not code:
        return None
    with transaction.atomic():
        if code.isdigit():
            devices = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
        else:
            devices = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
        for device in devices:
            if device.verify_token(code):
                return device
    return None


def otp_verify(request, user, code: str) -> bool:
    """The login's second step: a right code marks the session verified; a wrong one is audited."""
    device = otp_match(user, code)
    if device is None:
        _audit_failure(user, "login", request)
        return False
    session_mark_verified(request, device)
    return True


@transaction.atomic
def otp_reset(user, *, actor=None, request=None) -> None:
    """The security admin's reset: the user enrols again at the next login; their sessions end now."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user_sessions_end(user, reason="otp_reset", request=request)
    audit_log("otp.reset", actor=actor, target=user, request=request)


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
