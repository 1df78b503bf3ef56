"""The editors' calendar and Content health screens in a real browser: axe-core finds nothing at phone
and desktop widths, no CSP violation, the calendar grid becomes a list on a phone and its links are
reachable with the keyboard."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from careersite.linkcheck.models import LinkCheck
from tests.browser.conftest import PageProblems, save_screenshot
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser]

PASSWORD = "pw-for-tests-only"


def _sign_in(tab, site):
    tab.goto(site + reverse("admin:login"))
    tab.get_by_label("Username").fill("chief")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Log in").click()
    tab.wait_for_url(site + "/" + settings.ADMIN_PATH)


def _content_to_show():
    article = Article.objects.published().order_by("pk").first()
    # Scheduled two hours from now, so the calendar has an item in the month it shows.
    when = timezone.now() + timedelta(hours=2)
    Article.objects.filter(pk=article.pk).update(published_at=when)
    source = article.sources.order_by("pk").first()
    LinkCheck.objects.create(
        url=source.url,
        ok=False,
        status_code=404,
        error="not found",
        checked_at=timezone.now(),
    )
    return article, when


def test_editorial_screens_pass_axe_at_both_widths_and_work_by_keyboard(
    site, page, phone_page
):
    get_user_model().objects.create_superuser("chief", "chief@example.org", PASSWORD)
    article, when = _content_to_show()
    month = f"{timezone.localtime(when):%Y-%m}"
    screens = {
        "content health": reverse("admin:content_health"),
        "calendar": reverse("admin:editorial_calendar") + f"?month={month}",
    }
    report = []
    for viewport, tab in (("desktop", page), ("phone", phone_page)):
        problems = PageProblems(tab)
        _sign_in(tab, site)
        if viewport == "desktop":
            # The admin index lists the Editorial screens first (the sidebar shows the same list).
            main = tab.locator("#content-main")
            expect(main.get_by_role("link", name="Content health")).to_be_visible()
            expect(main.get_by_role("link", name="Calendar")).to_be_visible()
            save_screenshot(tab, "editorial-admin-index-desktop")
        for name, path in screens.items():
            response = tab.goto(site + path)
            assert response.status == 200, (viewport, name)
            tab.wait_for_load_state("networkidle")
            report += [f"[{viewport}] {name}: {p}" for p in problems.take()]
            report += [f"[{viewport}] {name}: {v}" for v in _violations(tab)]
            # axe-core injects styles the admin's CSP (style-src 'self') blocks: not the page's doing.
            problems.take()
            save_screenshot(tab, f"editorial-{name}-{viewport}")
        # The calendar is still open: its item links to the article's change form.
        link = tab.get_by_role("link", name=article.title)
        expect(link).to_be_visible()
        assert link.get_attribute("href") == reverse(
            "admin:articles_article_change", args=[article.pk]
        )
        header = tab.locator("table.calendar thead")
        if viewport == "phone":
            expect(header).to_be_hidden()
        else:
            expect(header).to_be_visible()
    assert not report, "\n".join(report)

    # Keyboard: Tab from the top of the page reaches the article's link, then the month links work.
    page.goto(site + screens["calendar"])
    target = page.get_by_role("link", name=article.title)
    for _ in range(80):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the calendar's article link is not reachable with Tab")
    page.locator("a[rel=next]").focus()
    page.keyboard.press("Enter")
    following = timezone.localtime(when).date().replace(day=1) + relativedelta(months=1)
    page.wait_for_url(f"**?month={following:%Y-%m}")
    expect(page.locator("table.calendar caption")).to_have_text(f"{following:%B %Y}")
