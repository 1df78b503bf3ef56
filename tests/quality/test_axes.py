"""Admin sign-in is throttled by django-axes: 5 failures lock the account for the cooling-off period."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

LOGIN = "/" + settings.ADMIN_PATH + "login/"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "editor", password="correct horse battery", is_staff=True
    )


def _attempt(client, password):
    return client.post(
        LOGIN,
        {"username": "editor", "password": password, "next": "/" + settings.ADMIN_PATH},
    )


def test_five_failures_lock_the_admin_login_with_a_clear_message(editor):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _attempt(client, "wrong")
        assert response.status_code == 200  # the normal form with an error
        assert b"Please enter the correct username and password" in response.content
    response = _attempt(client, "wrong")
    assert response.status_code == 429
    assert b"Sign-in temporarily locked" in response.content
    assert b"60 minutes" in response.content
    assert response["X-Frame-Options"] == "DENY"
    # Locked: even the right password is refused until the cooling-off period ends.
    response = _attempt(client, "correct horse battery")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_lifts_after_the_cooling_off_period(editor):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "wrong")
    assert _attempt(client, "correct horse battery").status_code == 429
    with time_machine.travel(
        timezone.now() + timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)
    ):
        response = _attempt(client, "correct horse battery")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_success_before_the_limit_resets_the_count(editor):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _attempt(client, "wrong")
    assert _attempt(client, "correct horse battery").status_code == 302
    client.logout()
    assert _attempt(client, "wrong").status_code == 200


# With two-factor sign-in (careersite/two_factor/) -------------------------------------


@pytest.fixture
def editor_with_app(editor, settings):
    from careersite.two_factor.services import (
        two_factor_enable,
        two_factor_pending_device,
    )

    settings.ADMIN_REQUIRE_2FA = True
    two_factor_enable(device=two_factor_pending_device(user=editor))
    return editor.totpdevice_set.get()


def _app_code(device) -> str:
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def _attempt_with_code(client, password, code):
    return client.post(
        LOGIN,
        {
            "username": "editor",
            "password": password,
            "otp_token": code,
            "next": "/" + settings.ADMIN_PATH,
        },
    )


def test_five_wrong_passwords_still_lock_out_staff_with_a_second_factor(
    editor_with_app,
):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _attempt_with_code(client, "wrong", "123456")
        assert response.status_code == 200
        assert b"Please enter the correct username and password" in response.content
    assert _attempt_with_code(client, "wrong", "123456").status_code == 429
    # Locked: the right password and the right code are refused too.
    response = _attempt_with_code(
        client, "correct horse battery", _app_code(editor_with_app)
    )
    assert response.status_code == 429
    assert b"Sign-in temporarily locked" in response.content
    assert "_auth_user_id" not in client.session


def test_wrong_codes_count_as_failures_and_lock_like_wrong_passwords(editor_with_app):
    """A right password with a wrong code is a failed sign-in: django-axes counts it and locks."""
    client = Client()
    attempts = [("correct horse battery", "000000"), ("wrong", "123456")] * 2
    for password, code in attempts:
        if code == _app_code(editor_with_app):
            code = "000001"
        response = _attempt_with_code(client, password, code)
        assert response.status_code == 200
        assert b"Please enter the correct username and password" in response.content
    assert _attempt_with_code(client, "correct horse battery", "").status_code == 429
    response = _attempt_with_code(
        client, "correct horse battery", _app_code(editor_with_app)
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
