"""Staff sign-in with a second factor: authenticator-app codes, recovery codes, and the production requirement."""

import re
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Article
from careersite.two_factor.forms import SIGN_IN_REFUSED, TOO_MANY_TRIES
from careersite.two_factor.services import (
    FREE_WRONG_CODES,
    RECOVERY_CODE_COUNT,
    two_factor_enable,
    two_factor_pending_device,
    two_factor_wait,
)
from tests.factories import make_article, make_staff

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-only"
LOGIN = reverse("admin:login")
INDEX = reverse("admin:index")
SETUP = reverse("admin:two_factor")


@pytest.fixture
def required(settings):
    settings.ADMIN_REQUIRE_2FA = True


def totp_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now for this device."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def make_staff_with_app(username="editor", **fields):
    """A staff user with a confirmed authenticator app and recovery codes."""
    user = make_staff(username, **fields)
    codes = two_factor_enable(device=two_factor_pending_device(user=user))
    return user, TOTPDevice.objects.get(user=user), codes


def sign_in(client, code=None, *, username="editor", next_path=INDEX):
    data = {"username": username, "password": PASSWORD, "next": next_path}
    if code is not None:
        data["otp_token"] = code
    return client.post(LOGIN, data)


def later(seconds=31):
    """Step past the current 30-second code (a code is accepted once) and any throttle wait."""
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds), tick=True)


# Signing in ------------------------------------------------------------------------------


@pytest.mark.parametrize("require", [False, True])
def test_a_generated_app_code_signs_staff_in(settings, require):
    settings.ADMIN_REQUIRE_2FA = require
    _, device, _ = make_staff_with_app()
    client = Client()
    response = sign_in(client, totp_code(device))
    assert response.status_code == 302
    assert response["Location"] == INDEX
    assert client.get(INDEX).status_code == 200
    assert client.session["otp_device_id"] == device.persistent_id


def test_the_app_code_may_be_typed_with_a_space(required):
    _, device, _ = make_staff_with_app()
    code = totp_code(device)
    client = Client()
    assert sign_in(client, f" {code[:3]} {code[3:]} ").status_code == 302
    assert client.get(INDEX).status_code == 200


def test_staff_with_an_app_need_its_code_even_when_it_is_not_required():
    make_staff_with_app()
    client = Client()
    response = sign_in(client)
    assert response.status_code == 200
    assert SIGN_IN_REFUSED.encode() in response.content
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("code", ["000000", "12345", "not-a-code", "zzzzzzzz"])
def test_a_wrong_code_is_refused_with_a_clear_message(required, code):
    _, device, _ = make_staff_with_app()
    if code == "000000" and totp_code(device) == code:
        code = "000001"
    client = Client()
    response = sign_in(client, code)
    assert response.status_code == 200
    assert SIGN_IN_REFUSED.encode() in response.content
    assert "_auth_user_id" not in client.session
    # The password field keeps its value, so only the code needs typing again.
    assert b'name="otp_token"' in response.content


def test_one_wrong_code_does_not_block_the_right_one(required):
    _, device, _ = make_staff_with_app()
    client = Client()
    assert SIGN_IN_REFUSED.encode() in sign_in(client, "000000").content
    # At once after a typo, the right code signs in.
    assert sign_in(client, totp_code(device)).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_after_free_wrong_codes_even_the_right_code_waits_and_gets_the_same_answer(
    required,
):
    _, device, _ = make_staff_with_app()
    client = Client()
    for _ in range(FREE_WRONG_CODES):
        assert SIGN_IN_REFUSED.encode() in sign_in(client, "000000").content
    response = sign_in(client, totp_code(device))
    assert SIGN_IN_REFUSED.encode() in response.content
    assert "_auth_user_id" not in client.session
    device.refresh_from_db()
    assert (
        device.throttling_failure_count == FREE_WRONG_CODES
    )  # not checked, not counted
    with later():
        assert sign_in(client, totp_code(device)).status_code == 302


NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("failures", "seconds_ago", "wait"),
    [
        (0, None, 0),
        (1, 0, 0),
        (FREE_WRONG_CODES - 1, 0, 0),
        (FREE_WRONG_CODES, 0, 1),
        (FREE_WRONG_CODES, 1, 0),
        (FREE_WRONG_CODES + 1, 0, 2),
        (FREE_WRONG_CODES + 3, 3, 5),
        (FREE_WRONG_CODES + 40, 0, 15 * 60),
    ],
)
def test_two_factor_wait(failures, seconds_ago, wait):
    device = TOTPDevice(
        throttling_failure_count=failures,
        throttling_failure_timestamp=None
        if seconds_ago is None
        else NOW - timedelta(seconds=seconds_ago),
    )
    assert two_factor_wait(device=device, now=NOW) == timedelta(seconds=wait)


def _refusal(response) -> str:
    """The page a refused sign-in shows, without the CSRF token and the code typed (shown back as typed)."""
    assert response.status_code == 200
    page = re.sub(r'value="[^"]{64}"', "", response.content.decode())
    return re.sub(r'name="otp_token" value="[^"]*"', 'name="otp_token"', page)


def test_a_right_password_without_its_code_is_refused_like_a_wrong_password(
    required, monkeypatch, settings
):
    """Nothing tells an attacker the password is right: same page, same cost, one more axes failure."""
    settings.AXES_FAILURE_LIMIT = (
        10  # five refusals to compare, none of them the lockout page
    )
    from axes.models import AccessAttempt
    from django.contrib.auth import base_user

    _, device, _ = make_staff_with_app()
    checks = []
    check_password = base_user.check_password

    def counted(*args, **kwargs):
        checks.append(1)
        return check_password(*args, **kwargs)

    monkeypatch.setattr(base_user, "check_password", counted)
    cases = [
        (PASSWORD, "000000"),
        (PASSWORD, None),
        (PASSWORD, "not-a-code"),
        ("wrong-password", totp_code(device)),
        ("wrong-password", None),
    ]
    pages = set()
    for n, (password, code) in enumerate(cases, start=1):
        if code == totp_code(device) and password == PASSWORD:
            code = "000001"
        checks.clear()
        data = {"username": "editor", "password": password, "next": INDEX}
        if code is not None:
            data["otp_token"] = code
        client = Client()
        pages.add(_refusal(client.post(LOGIN, data)))
        assert "_auth_user_id" not in client.session
        # The timing class: one password hash per attempt, whichever part was wrong.
        assert len(checks) == 1, (password, code)
        assert AccessAttempt.objects.get(username="editor").failures_since_start == n
    assert len(pages) == 1
    assert SIGN_IN_REFUSED in pages.pop()


def test_an_app_code_is_accepted_once():
    _, device, _ = make_staff_with_app()
    code = totp_code(device)
    assert sign_in(Client(), code).status_code == 302
    response = sign_in(Client(), code)
    assert response.status_code == 200
    assert SIGN_IN_REFUSED.encode() in response.content


def test_a_recovery_code_signs_in_once_then_is_refused(required):
    user, _, codes = make_staff_with_app()
    assert len(codes) == RECOVERY_CODE_COUNT
    client = Client()
    response = sign_in(client, codes[0].upper())
    assert response.status_code == 302
    assert client.get(INDEX).status_code == 200
    assert (
        StaticToken.objects.filter(device__user=user).count() == RECOVERY_CODE_COUNT - 1
    )
    client.post(reverse("admin:logout"))
    with later():
        response = sign_in(Client(), codes[0])
    assert response.status_code == 200
    assert SIGN_IN_REFUSED.encode() in response.content


def test_a_mistyped_app_code_does_not_throttle_the_recovery_codes(required):
    _, _, codes = make_staff_with_app()
    assert SIGN_IN_REFUSED.encode() in sign_in(Client(), "000000").content
    assert sign_in(Client(), codes[1]).status_code == 302


# Without the requirement (local runs) ------------------------------------------------


def test_locally_staff_without_a_device_sign_in_with_a_password_only():
    make_staff(is_superuser=True)
    client = Client()
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == INDEX
    assert client.get(INDEX).status_code == 200
    article = make_article()
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert client.get(change).status_code == 200
    assert b"Two-factor sign-in is off" in client.get(SETUP).content


@pytest.mark.parametrize(
    ("env", "required"),
    [
        ({}, False),
        ({"DJANGO_ADMIN_REQUIRE_2FA": "1"}, True),
        ({"DJANGO_ENV": "production"}, True),
        ({"DJANGO_ENV": "production", "DJANGO_ADMIN_REQUIRE_2FA": "0"}, False),
    ],
)
def test_the_requirement_is_on_in_production_unless_switched_off(
    tmp_path, env, required
):
    from tests.quality.test_deploy import _env

    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "from careersite.two_factor.services import FREE_WRONG_CODES as free; "
        "print(s.ADMIN_REQUIRE_2FA, s.OTP_TOTP_THROTTLE_FACTOR == 0, "
        "s.OTP_STATIC_THROTTLE_FACTOR == 0 and free > 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=settings.BASE_DIR,
        env=_env(DJANGO_DATA_DIR=str(tmp_path), DJANGO_SECRET_KEY="x" * 50, **env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(required), "True", "True"]


# With the requirement (production) ---------------------------------------------------


def test_in_production_a_password_only_sign_in_is_sent_to_set_up_a_device(required):
    make_staff(is_superuser=True)
    client = Client()
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == SETUP
    response = client.get(SETUP)
    assert response.status_code == 200
    assert b"requires two-factor sign-in for staff" in response.content


def test_in_production_staff_without_a_device_cannot_reach_the_admin(required):
    user = make_staff(is_superuser=True)
    article = make_article(title="Live title")
    client = Client()
    client.force_login(user)
    change = reverse("admin:articles_article_change", args=[article.pk])
    for path in [
        INDEX,
        reverse("admin:articles_article_changelist"),
        change,
        reverse("admin:auth_user_changelist"),
        reverse("admin:otp_totp_totpdevice_add"),
        reverse("admin:password_change"),
    ]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(LOGIN + "?next="), path
        # ... and the sign-in page sends them on to the setup page.
        assert client.get(response["Location"])["Location"] == SETUP, path
    response = client.post(change, {"title": "Changed", "_save": "Save"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Live title"
    # Staff preview of drafts is refused too.
    preview = client.get(reverse("articles:preview", args=[article.pk]))
    assert preview.status_code == 403


def test_in_production_a_password_only_session_of_staff_with_an_app_is_refused(
    required,
):
    user, _, _ = make_staff_with_app(is_superuser=True)
    client = Client()
    client.force_login(user)
    response = client.get(INDEX)
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert b"not authorized to access this page" in response.content
    assert b"Sign out, then sign in again with the code" in client.get(SETUP).content


def test_in_production_staff_set_up_an_app_then_reach_the_admin(required):
    make_staff(is_superuser=True)
    client = Client()
    sign_in(client)
    page = client.get(SETUP)
    assert page.status_code == 200
    assert b'src="data:image/svg+xml;base64,' in page.content
    device = TOTPDevice.objects.get(confirmed=False)
    secret = re.search(rb'class="two-factor-secret">([A-Z2-7 ]+)<', page.content)
    assert secret and len(secret.group(1).replace(b" ", b"")) == 32
    # The same pending device on every visit, until it is confirmed.
    assert client.get(SETUP).status_code == 200
    assert TOTPDevice.objects.count() == 1

    response = client.post(SETUP, {"action": "confirm", "code": "000000"})
    assert response.status_code == 200
    assert b"That code was not accepted" in response.content
    assert client.get(INDEX).status_code == 302

    # Right after one wrong code, the right one is accepted (no "Too many wrong codes").
    response = client.post(SETUP, {"action": "confirm", "code": totp_code(device)})
    assert response.status_code == 200
    codes = re.findall(rb"<li><code>([a-z2-7]{8})</code></li>", response.content)
    assert len(codes) == RECOVERY_CODE_COUNT
    assert b"this is the only time they are shown" in response.content
    assert "no-store" in response["Cache-Control"]
    device.refresh_from_db()
    assert device.confirmed
    # The session that confirmed the app counts as signed in with it.
    assert client.get(INDEX).status_code == 200
    page = client.get(SETUP)
    assert b"Two-factor sign-in is <strong>on</strong>" in page.content
    assert f"Recovery codes left: <strong>{RECOVERY_CODE_COUNT}<".encode() in (
        page.content
    )
    assert b"<li><code>" not in page.content

    client.post(reverse("admin:logout"))
    with later(62):
        assert sign_in(Client(), codes[0].decode()).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(required):
    _, device, old_codes = make_staff_with_app()
    client = Client()
    sign_in(client, totp_code(device))
    response = client.post(SETUP, {"action": "new_codes"})
    new_codes = re.findall(rb"<li><code>([a-z2-7]{8})</code></li>", response.content)
    assert len(new_codes) == RECOVERY_CODE_COUNT
    assert SIGN_IN_REFUSED.encode() in sign_in(Client(), old_codes[0]).content
    with later():
        assert sign_in(Client(), new_codes[0].decode()).status_code == 302


def test_staff_waiting_for_setup_can_sign_out(required):
    make_staff()
    client = Client()
    sign_in(client)
    response = client.post(SETUP, {"action": "sign_out"})
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_the_setup_page_is_for_staff_only(client, django_user_model, who):
    if who == "reader":
        client.force_login(django_user_model.objects.create_user("reader"))
    for method in (client.get, client.post):
        response = method(SETUP)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN + "?next=")
    assert not TOTPDevice.objects.exists()


def test_a_superuser_adds_a_device_for_someone_in_the_admin(admin_client):
    editor = make_staff()
    response = admin_client.post(
        reverse("admin:otp_totp_totpdevice_add"),
        {
            "user": editor.pk,
            "name": "Phone",
            "confirmed": "on",
            "key": "3132333435363738393031323334353637383930",
            "step": 30,
            "t0": 0,
            "digits": 6,
            "tolerance": 1,
            "drift": 0,
            "throttling_failure_count": 0,
        },
    )
    assert response.status_code == 302, response.content
    device = TOTPDevice.objects.get(user=editor)
    config = admin_client.get(
        reverse("admin:otp_totp_totpdevice_config", args=[device.pk])
    )
    assert config.status_code == 200
    assert sign_in(Client(), totp_code(device)).status_code == 302


def test_the_user_menu_links_to_the_setup_page(admin_client):
    assert f'href="{SETUP}"'.encode() in admin_client.get(INDEX).content


def test_an_article_editor_keeps_working_with_a_second_factor(required):
    _, device, _ = make_staff_with_app(is_superuser=True)
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    client = Client()
    sign_in(client, totp_code(device))
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert client.get(change).status_code == 200
    assert client.get(reverse("articles:preview", args=[article.pk])).status_code == 200


def test_setup_codes_wait_only_after_several_wrong_ones(required):
    make_staff()
    client = Client()
    sign_in(client)
    client.get(SETUP)
    device = TOTPDevice.objects.get(confirmed=False)
    for _ in range(FREE_WRONG_CODES):
        response = client.post(SETUP, {"action": "confirm", "code": "000000"})
        assert b"That code was not accepted" in response.content
    response = client.post(SETUP, {"action": "confirm", "code": totp_code(device)})
    assert TOO_MANY_TRIES.encode() in response.content
    with later():
        response = client.post(SETUP, {"action": "confirm", "code": totp_code(device)})
    assert b"this is the only time they are shown" in response.content


def test_the_admin_names_the_two_factor_device_apps(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)
    content = client.get(INDEX).content.decode()
    assert "Two-factor: authenticator apps" in content
    assert "Two-factor: recovery codes" in content
    assert "Otp_Totp" not in content and "Otp_Static" not in content
