"""Keyboard only: every interactive element is reachable with Tab and visibly focused; the finder works by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from tests.quality.pages import public_pages

FOCUS_INFO = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  if (!el.dataset.kbId) el.dataset.kbId = String(Math.random());
  return {id: el.dataset.kbId, tag: el.tagName.toLowerCase(), name: el.getAttribute('name'),
          type: el.getAttribute('type'), text: (el.innerText || el.value || '').trim().slice(0, 40),
          visible: outline || shadow};
}"""
INTERACTIVE = """() => Array.from(document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])'))
  .filter(el => !el.disabled && el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .map(el => { if (!el.dataset.kbId) el.dataset.kbId = String(Math.random());
                return {id: el.dataset.kbId, radio: el.type === 'radio' ? el.name : null}; })"""


def _tab_through(tab, limit=250):
    """Press Tab until focus wraps around; returns what was focused, in order."""
    seen, order = set(), []
    for _ in range(limit):
        tab.keyboard.press("Tab")
        info = tab.evaluate(FOCUS_INFO)
        if info is None:
            continue
        if info["id"] in seen:
            break
        seen.add(info["id"])
        order.append(info)
    return order


@pytest.mark.parametrize(
    "page_type",
    [
        "home",
        "article",
        "finder",
        "results with matches",
        "salary",
        "eligibility",
        "state list",
        "name search",
    ],
)
def test_every_interactive_element_is_reachable_and_visibly_focused(
    site, page, page_type
):
    page.goto(site + public_pages()[page_type])
    interactive = page.evaluate(INTERACTIVE)
    focused = _tab_through(page)
    invisible = [f for f in focused if not f["visible"]]
    assert not invisible, f"no visible focus indicator on: {invisible}"
    focused_ids = {f["id"] for f in focused}
    # A radio group is one tab stop (arrow keys move within it): one focused radio covers the group.
    focused_groups = {f["name"] for f in focused if f["type"] == "radio"}
    missed = {
        el["id"]
        for el in interactive
        if el["id"] not in focused_ids and el["radio"] not in focused_groups
    }
    assert not missed, page.evaluate(
        'ids => ids.map(id => document.querySelector(`[data-kb-id="${id}"]`).outerHTML.slice(0, 120))',
        list(missed),
    )
    assert focused[0]["text"].startswith("Skip to main content")


def test_finder_by_keyboard_alone(site, page):
    page.goto(site + public_pages()["finder"])
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "education":
            break
    else:
        pytest.fail("the education question is not reachable with Tab")
    for _ in range(10):
        if page.evaluate("document.activeElement.value") == "some_college":
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "some_college"
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/schools/results/\?.*education=some_college"))
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("#results-count")).to_contain_text(re.compile(r"\d+ .*match"))
    # The results are keyboard-reachable too: Tab reaches the first program link.
    first_program = page.locator(".program-card a").first.get_attribute("href")
    for _ in range(80):
        page.keyboard.press("Tab")
        if (
            page.evaluate("document.activeElement.getAttribute('href')")
            == first_program
        ):
            break
    else:
        pytest.fail("program links are not reachable with Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(first_program) + "$"))
