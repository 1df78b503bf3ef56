"""A reader uses the school finder with JavaScript on and off: answers, refines, pages, opens a program."""

import re

import pytest
from playwright.sync_api import expect

from schools.models import EducationPathway


def _answer_and_search(tab, site, key):
    tab.goto(site + "/schools/")
    label = EducationPathway.objects.get(key=key).label
    tab.get_by_label(label, exact=True).check()
    tab.get_by_role("button", name="Find programs").click()
    expect(tab).to_have_url(re.compile(rf"/schools/results/\?.*education={key}"))


def _count(tab) -> int:
    text = tab.locator("#results-count").inner_text()
    match = re.match(r"\s*(\d+) ", text)
    assert match, text
    return int(match.group(1))


@pytest.mark.parametrize("device", ["page", "nojs_page", "phone_page"])
def test_finder_answer_page_refine_and_open_a_program(site, device, request):
    tab = request.getfixturevalue(device)
    _answer_and_search(tab, site, "some_college")
    total = _count(tab)
    assert total > 20, "the seeded directory has more than one page for this answer"
    cards = tab.locator(".program-card")
    expect(cards).to_have_count(20)

    # Page 2 keeps the answer in the URL and shows the rest.
    tab.get_by_role("link", name=re.compile("Next")).click()
    expect(tab).to_have_url(
        re.compile(r"education=some_college.*page=2|page=2.*education=some_college")
    )
    expect(cards).to_have_count(total - 20)

    # Refine in place: online only.
    refine = tab.locator("form.refine-form")
    refine.get_by_label("Format", exact=True).select_option("online")
    refine.get_by_role("button", name="Update results").click()
    expect(tab).to_have_url(re.compile(r"format=online"))
    online = _count(tab)
    assert 0 < online < total
    deliveries = cards.locator(".list-inline-item").all_inner_texts()
    assert sum("Online" in text for text in deliveries) == min(online, 20)

    # Open the first program.
    first = cards.first.locator("h2 a, h3 a").first
    name = first.inner_text().strip()
    first.click()
    expect(tab).to_have_url(re.compile(r"/schools/programs/[\w-]+/$"))
    expect(tab.locator("h1")).to_contain_text(name)


def test_finder_shows_field_errors_without_javascript(site, nojs_page):
    nojs_page.goto(site + "/schools/results/?education=nonsense&zip=00000&radius=9999")
    expect(nojs_page.locator("h1")).to_have_text("Check your answers")
    expect(
        nojs_page.locator(".invalid-feedback, .errorlist, [id^=error_]").first
    ).to_be_visible()


def test_compare_ticks_survive_paging_and_compare_selected_stays_in_reach(
    site, phone_page
):
    tab = phone_page
    _answer_and_search(tab, site, "some_college")
    buttons = tab.get_by_role("button", name="Compare selected")
    button = buttons.first
    cards = tab.locator(".program-card")
    # Reachable without scrolling past the 20 cards: one above them, one below.
    expect(buttons).to_have_count(2)
    cards.first.scroll_into_view_if_needed()
    expect(button).to_be_in_viewport()
    first = cards.first.locator("h2 a").inner_text().strip()
    cards.first.get_by_label(re.compile(r"^Compare")).check()

    tab.get_by_role("link", name=re.compile("Next")).click()
    expect(tab).to_have_url(re.compile(r"page=2"))
    second = cards.first.locator("h2 a").inner_text().strip()
    cards.first.get_by_label(re.compile(r"^Compare")).check()
    expect(tab.locator("[data-compare-count]").first).to_have_text(
        "2 ticked, 1 of them on other pages."
    )

    # Back on page 1, the first tick is still there.
    tab.go_back()
    expect(cards.first.get_by_label(re.compile(r"^Compare"))).to_be_checked()
    tab.go_forward()
    button.click()
    expect(tab).to_have_url(re.compile(r"/schools/compare/\?"))
    names = [t.strip() for t in tab.locator("a.compare-program").all_inner_texts()]
    assert sorted(names) == sorted([first, second])

    # Leaving the comparison keeps the answers (and the page the reader was on).
    tab.get_by_role("link", name="Back to your results").click()
    expect(tab).to_have_url(re.compile(r"/schools/results/\?.*education=some_college"))
    expect(tab).to_have_url(re.compile(r"page=2"))
