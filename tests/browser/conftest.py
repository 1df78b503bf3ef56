"""Real-browser fixtures: one headless Debian Chromium per test session, driven by Playwright.

Never downloads a browser: CHROMIUM_PATH (default /usr/bin/chromium) must exist; `make browsers`
installs it or explains how. Screenshots of failing tests go to test-artifacts/.
"""

import os
import re
from pathlib import Path

import pytest

from tests.quality.pages import seed_site

# Playwright's sync API runs an event loop in the main thread; Django would refuse ORM calls
# made from the test body (seeding, assertions) without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
_BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(_BROWSER_DIR):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        for name in ("page", "phone_page", "nojs_page"):
            page = item.funcargs.get(name) if hasattr(item, "funcargs") else None
            if page is not None:
                save_screenshot(page, f"{item.nodeid}-{name}")
    return report


def save_screenshot(page, label: str) -> Path | None:
    """Save a full-page PNG of `page` under test-artifacts/; never raises."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    path = ARTIFACTS_DIR / (re.sub(r"[^A-Za-z0-9_.-]+", "_", label)[:150] + ".png")
    try:
        page.screenshot(path=str(path), full_page=True)
    except (
        Exception
    ):  # the page may already be closed; a missing screenshot must not hide the failure
        return None
    return path


@pytest.fixture(scope="session")
def playwright_instance():
    if not Path(CHROMIUM_PATH).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM_PATH}: run `make browsers` "
            "(Debian: apt-get install chromium) or set CHROMIUM_PATH."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


def _new_page(browser, viewport, **context_options):
    context = browser.new_context(viewport=viewport, **context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    return context, page


@pytest.fixture
def page(browser):
    """A desktop (1280x800) page in a fresh context."""
    context, page = _new_page(browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    """A phone-width (375x812) touch page in a fresh context."""
    context, page = _new_page(browser, PHONE, is_mobile=True, has_touch=True)
    yield page
    context.close()


@pytest.fixture
def nojs_page(browser):
    """A desktop page with JavaScript disabled, to prove pages work without it."""
    context, page = _new_page(browser, DESKTOP, java_script_enabled=False)
    yield page
    context.close()


@pytest.fixture
def seeded(db):
    seed_site()


@pytest.fixture
def site(live_server, django_db_serialized_rollback, seeded):
    """The live test server's base URL, with the seed content loaded.

    live_server tests flush every table afterwards; serialized rollback then restores what
    migrations created (the Editors group, the site row), so later tests still find it.
    """
    return live_server.url


class PageProblems:
    """Collects what a reader's browser would complain about: CSP violations, JS errors, failed loads."""

    def __init__(self, page):
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on(
            "pageerror",
            lambda error: self.problems.append(f"JavaScript error: {error}"),
        )
        page.on("requestfailed", self._request_failed)
        page.on("dialog", self._dialog)

    def _request_failed(self, request):
        # net::ERR_ABORTED is the page cancelling its own request: a navigation or a closed tab cuts off the
        # favicon or a font still loading, and the admin's autocomplete (select2) drops a search that a newer
        # keystroke superseded. A refused, blocked or broken request fails with another reason and counts.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _console(self, message):
        if message.type == "error" and "status of 404" not in message.text:
            self.problems.append(f"console error: {message.text}")

    def _dialog(self, dialog):
        self.problems.append(f"dialog ({dialog.type}): {dialog.message}")
        dialog.dismiss()

    def take(self) -> list[str]:
        problems, self.problems = self.problems, []
        return problems
