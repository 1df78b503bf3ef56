"""No admin page of ours scrolls sideways in a 1,280 px window (issue 18, item 10).

A wide table may scroll inside its own box, if that box says so (class "scrolls-sideways" and a label that
says it scrolls); the page itself never does.
"""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from articles.workflow import services
from schools.services import COLUMNS
from tests.articles.workflow_helpers import content_of, make_editor, make_reviewer
from tests.browser.conftest import DESKTOP, save_screenshot
from tests.factories import make_source

pytestmark = [pytest.mark.browser]

PASSWORD = "pw-for-tests-only"
LONG_TITLE = (
    "How to become a Certified Coding Specialist after years as a medical records "
    "clerk in a rural hospital system without a degree"
)

# What lies outside the window (or inside a box that scrolls without saying so), as {element: right edge}.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const element of document.querySelectorAll('body *')) {
    if (element.closest('.scrolls-sideways')) continue;
    const box = element.getBoundingClientRect();
    if (box.width && box.right > width + 1) {
      found.push(`${element.tagName.toLowerCase()}${element.id ? '#' + element.id : ''}` +
                 `${element.className && typeof element.className === 'string' ? '.' + element.className.split(' ').join('.') : ''}` +
                 ` right=${Math.round(box.right)}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, found: found.slice(0, 8)};
}"""


# Object tools (Preview draft, Compare...) that cover part of a heading.
TOOLS_OVER_TITLES = """() => {
  const hits = [];
  for (const tool of document.querySelectorAll('#content .object-tools a')) {
    const a = tool.getBoundingClientRect();
    for (const title of document.querySelectorAll('#content h1, #content h2')) {
      const b = title.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(title);
      for (const line of range.getClientRects()) {
        if (a.left < line.right && line.left < a.right && a.top < line.bottom && line.top < a.bottom) {
          hits.push(`${tool.textContent.trim()} over "${title.textContent.trim().slice(0, 40)}"`);
        }
      }
    }
  }
  return hits;
}"""


def _sign_in(tab, site, username="chief"):
    tab.goto(site + reverse("admin:login"))
    tab.get_by_label("Username").fill(username)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Log in").click()
    tab.wait_for_url(site + "/" + settings.ADMIN_PATH)


def _article_in_review() -> Article:
    article = Article.objects.published().order_by("pk").first()
    for n in range(6):
        make_source(
            article,
            title=f"Occupational Employment and Wage Statistics, table {n}",
            publisher="U.S. Bureau of Labor Statistics",
            url=f"https://www.bls.gov/oes/current/oes292072.htm?table={n}&long="
            + "x" * 60,
        )
    editor = make_editor("dana", first_name="Dana", last_name="Reyes")
    services.article_save_draft(
        article=article, user=editor, content=content_of(article, title=LONG_TITLE)
    )
    services.article_submit_for_review(article=article, user=editor)
    return article


def _programs_csv(tmp_path):
    import csv

    path = tmp_path / "programs.csv"
    with path.open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerow(
            {
                "institution": "Columbus State Community College",
                "program_name": "Health Information Technology, AAS",
                "level": "associate",
                "discipline": "health_information_management",
                "city": "Columbus",
                "state": "OH",
                "delivery": "online",
                "program_url": "https://example.edu/hit",
                "source_url": "https://example.edu/accreditation",
                "source_note": "Catalog 2024: accredited by CAHIIM",
            }
        )
    return path


def test_no_admin_page_scrolls_sideways_at_1280(site, page, tmp_path):
    get_user_model().objects.create_superuser("chief", "chief@example.org", PASSWORD)
    article = _article_in_review()
    _sign_in(page, site)
    screens = {
        "index": reverse("admin:index"),
        "article list": reverse("admin:articles_article_changelist"),
        "article change": reverse("admin:articles_article_change", args=[article.pk]),
        "review": reverse("admin:articles_article_review", args=[article.pk]),
        "compare": reverse("admin:articles_article_compare_draft", args=[article.pk]),
        "history": reverse("admin:articles_article_history", args=[article.pk]),
        "program list": reverse("admin:schools_program_changelist"),
        "program import": reverse("admin:schools_program_import"),
        "content health": reverse("admin:content_health"),
        "calendar": reverse("admin:editorial_calendar"),
        "two-factor": reverse("admin:two_factor"),
    }
    wide = {}
    for name, path in screens.items():
        response = page.goto(site + path)
        assert response.status == 200, name
        page.wait_for_load_state("networkidle")
        measured = page.evaluate(OVERFLOW)
        save_screenshot(page, f"admin-layout-{name}")
        overlaps = page.evaluate(TOOLS_OVER_TITLES)
        assert not overlaps, (name, overlaps)
        if measured["scrollWidth"] > measured["width"] or measured["found"]:
            wide[name] = measured
    # The import preview: its table of every column scrolls inside a box that says so.
    page.goto(site + screens["program import"])
    page.set_input_files("#id_import_file", str(_programs_csv(tmp_path)))
    page.get_by_role("button", name="Submit").click()
    page.wait_for_load_state("networkidle")
    measured = page.evaluate(OVERFLOW)
    save_screenshot(page, "admin-layout-program import preview")
    if measured["scrollWidth"] > measured["width"] or measured["found"]:
        wide["program import preview"] = measured
    assert not wide, "\n".join(f"{k}: {v}" for k, v in wide.items())
    scroller = page.locator(".scrolls-sideways")
    assert scroller.count() >= 1
    assert "scroll" in (scroller.first.get_attribute("aria-label") or "").lower()


def test_the_reviewers_screens_fit_1280_and_read_as_read_only(site, browser):
    make_reviewer("lee", first_name="Lee", last_name="Park")
    article = _article_in_review()
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    try:
        _sign_in(tab, site, "lee")
        expect(tab.locator(".review-queue")).to_contain_text(
            "1 change waits for review; 1 of them is for you"
        )
        save_screenshot(tab, "admin-reviewer-index")
        screens = {
            "read-only draft": reverse(
                "admin:articles_article_change", args=[article.pk]
            ),
            "review": reverse("admin:articles_article_review", args=[article.pk]),
            "compare": reverse(
                "admin:articles_article_compare_draft", args=[article.pk]
            ),
        }
        for name, path in screens.items():
            tab.goto(site + path)
            tab.wait_for_load_state("networkidle")
            save_screenshot(tab, f"admin-reviewer-{name}")
            measured = tab.evaluate(OVERFLOW)
            assert measured["scrollWidth"] <= measured["width"], (name, measured)
            assert not tab.evaluate(TOOLS_OVER_TITLES), name
        tab.goto(site + screens["read-only draft"])
        expect(tab.get_by_text("You are viewing the draft (read only)")).to_be_visible()
        # The body is rendered: its headings are headings, not "<h2>" text.
        body = tab.locator(".field-body_rendered .readonly")
        expect(body.locator("h2").first).to_be_visible()
        assert "<h2" not in body.inner_text()
        tab.goto(site + screens["compare"])
        tab.get_by_role("link", name="Back to the review form").first.click()
        tab.wait_for_url(f"**{screens['review']}")
        # Lee asks for changes; Dana's form shows the request and a box to reply.
        tab.get_by_label("Note to the editor").fill("Name the BLS period.")
        tab.get_by_role("button", name="Request changes").click()
        tab.wait_for_load_state("networkidle")
    finally:
        context.close()
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    try:
        _sign_in(tab, site, "dana")
        tab.goto(site + screens["read-only draft"])
        expect(tab.get_by_label("Reply to the reviewer (optional)")).to_be_visible()
        expect(tab.locator(".workflow-review-comment")).to_contain_text(
            "Name the BLS period."
        )
        save_screenshot(tab, "admin-editor-changes-requested")
        measured = tab.evaluate(OVERFLOW)
        assert measured["scrollWidth"] <= measured["width"], measured
    finally:
        context.close()
