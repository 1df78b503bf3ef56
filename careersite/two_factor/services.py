"""Device writes for two-factor sign-in: set up an authenticator app, confirm it, issue recovery codes."""

import base64
from base64 import b32encode
from datetime import datetime, timedelta

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10
# Wrong codes in a row that cost no wait (a typo, a code that just expired); each one after them doubles the
# wait before the next try: 1 s, 2 s, 4 s, ... up to 15 minutes. Per device, so per person.
FREE_WRONG_CODES = 3
LONGEST_WAIT = timedelta(minutes=15)


def two_factor_required() -> bool:
    """Whether staff must sign in with a second factor (DJANGO_ADMIN_REQUIRE_2FA; on in production)."""
    return settings.ADMIN_REQUIRE_2FA


def two_factor_app_device(*, user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if any."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def two_factor_recovery_device(*, user) -> StaticDevice | None:
    return StaticDevice.objects.devices_for_user(user, confirmed=True).first()


def two_factor_device_for_code(*, user, code: str) -> TOTPDevice | StaticDevice | None:
    """The device a sign-in code is meant for: six digits come from the app, anything else is a recovery code.

    Choosing by the code's shape checks it against one device only, so a mistyped app code never throttles
    the recovery codes (and the other way round).
    """
    if code.isdigit() and len(code) == 6:
        return two_factor_app_device(user=user)
    return two_factor_recovery_device(user=user)


def two_factor_wait(*, device, now: datetime | None = None) -> timedelta:
    """How long `device` must wait before a code is checked at all (zero: check it now).

    django-otp counts consecutive failures on the device (its own throttle is off in settings).
    """
    failures = device.throttling_failure_count
    last = device.throttling_failure_timestamp
    if failures < FREE_WRONG_CODES or last is None:
        return timedelta(0)
    wait = min(timedelta(seconds=2 ** (failures - FREE_WRONG_CODES)), LONGEST_WAIT)
    return max(last + wait - (now or timezone.now()), timedelta(0))


def two_factor_pending_device(*, user) -> TOTPDevice:
    """The unconfirmed app device the setup page shows; the same one on every visit until it is confirmed."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=APP_DEVICE_NAME, confirmed=False
        )
    return device


def two_factor_enable(*, device: TOTPDevice) -> list[str]:
    """Confirm a verified app device and issue a fresh set of recovery codes; returns the codes (shown once)."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.devices_for_user(device.user, confirmed=False).delete()
        return two_factor_new_recovery_codes(user=device.user)


def two_factor_new_recovery_codes(*, user) -> list[str]:
    """Replace the user's recovery codes with new ones; the old ones stop working at once."""
    with transaction.atomic():
        device = two_factor_recovery_device(user=user)
        if device is None:
            device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=code) for code in codes
        )
        device.throttle_reset()
    return codes


def two_factor_recovery_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def two_factor_secret_text(*, device: TOTPDevice) -> str:
    """The device's secret as people type it into an app: base32 in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def two_factor_qr_data_uri(*, device: TOTPDevice) -> str:
    """The device's otpauth:// address as a QR code: an SVG data URI, drawn here (no outside service)."""
    image = qrcode.make(
        device.config_url,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        box_size=8,
    )
    encoded = base64.b64encode(image.to_string()).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"
