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
