"""Two-factor sign-in in a real browser, as production requires it: set up an app, keep the recovery codes,
sign in with one. The setup page passes axe and loads with no CSP violation at both widths."""

import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.conftest import PageProblems
from tests.browser.test_accessibility import _violations
from tests.factories import make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-only"


def _app_code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def _sign_in(page, base_url, code=""):
    page.goto(base_url + reverse("admin:login"))
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    if code:
        page.get_by_label("Two-factor code").fill(code)
    page.get_by_role("button", name="Log in").click()


def test_staff_set_up_two_factor_sign_in_and_use_a_recovery_code(
    live_server, settings, page, phone_page
):
    settings.ADMIN_REQUIRE_2FA = True
    make_staff(is_superuser=True)
    setup_url = live_server.url + reverse("admin:two_factor")
    report = []
    for name, tab in (("desktop", page), ("phone", phone_page)):
        problems = PageProblems(tab)
        _sign_in(tab, live_server.url)
        tab.wait_for_url(setup_url)
        expect(tab.get_by_text("requires two-factor sign-in for staff")).to_be_visible()
        expect(tab.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
        report += [f"[{name}] {v}" for v in problems.take() + _violations(tab)]
        # axe-core itself injects styles the admin's CSP (style-src 'self') blocks: not the page's doing.
        problems.take()
    assert not report, "\n".join(report)
    phone_page.context.close()

    # Still signed in with a password only: the rest of the admin sends the editor back here.
    page.goto(live_server.url + reverse("admin:articles_article_changelist"))
    page.wait_for_url(setup_url)

    device = TOTPDevice.objects.get(confirmed=False)
    page.get_by_label("Code from your app").fill(_app_code(device))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_text("Two-factor sign-in is now on.")).to_be_visible()
    codes = page.locator("ol.recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    problems = PageProblems(page)
    assert not _violations(page)
    problems.take()

    page.get_by_role("link", name="Continue to the admin").click()
    expect(page.get_by_role("link", name="Two-factor sign-in")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    _sign_in(page, live_server.url, code=codes[0])
    page.wait_for_url(live_server.url + reverse("admin:index"))
    page.get_by_role("link", name="Two-factor sign-in").click()
    expect(page.get_by_text("Recovery codes left: 9")).to_be_visible()
    assert not problems.take()
    assert not _violations(page)
