"""A reader finds a school by a misspelled name, from the finder and from site search, on a phone
and a desktop, with JavaScript on and off; and reaches a state's programs from the map."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PageProblems


@pytest.mark.parametrize("device", ["page", "phone_page", "nojs_page"])
def test_reader_finds_st_philips_college_by_typing_st_philips(site, device, request):
    tab = request.getfixturevalue(device)
    problems = PageProblems(tab)
    tab.goto(site + "/schools/")
    form = tab.get_by_role("search", name="Find a school by name")
    form.get_by_label("College or university name").fill("st philips")
    form.get_by_role("button", name="Find the school").click()
    expect(tab).to_have_url(re.compile(r"/schools/by-name/\?q=st\+philips$"))
    expect(tab.locator("#name-results-count")).to_contain_text(
        "with a name like st philips"
    )

    first = tab.locator(".name-result").first
    expect(first.get_by_role("heading", level=2)).to_have_text("St. Philip's College")
    expect(first.get_by_role("link").nth(1)).to_be_visible()  # its programs are listed
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    first.get_by_role("link", name="St. Philip's College").click()
    expect(tab).to_have_url(re.compile(r"/schools/institutions/[\w-]+/$"))
    expect(tab.get_by_role("heading", level=1)).to_have_text("St. Philip's College")
    assert not problems.take()


@pytest.mark.parametrize("device", ["page", "nojs_page"])
def test_site_search_finds_the_school_by_a_misspelled_name(site, device, request):
    tab = request.getfixturevalue(device)
    tab.goto(site + "/search/?q=mohawk+valey")
    schools = tab.get_by_role("region", name="Schools by name")
    expect(schools.get_by_role("link").first).to_have_text(
        "Mohawk Valley Community College"
    )


# On a phone the map gives way to the list (tests/browser/test_focus_and_phone.py).
@pytest.mark.parametrize("device", ["page"])
def test_the_map_opens_a_state_by_pointer_and_by_keyboard(site, device, request):
    tab = request.getfixturevalue(device)
    tab.goto(site + "/schools/states/")
    texas = tab.locator('svg.tile-map a[href$="/schools/states/tx/"]')
    expect(texas).to_have_attribute("aria-label", re.compile(r"^Texas: \d+ CAHIIM"))
    # The whole map fits the screen: every square can be seen and tapped without scrolling sideways.
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = texas.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24, box  # WCAG 2.5.8 target size
    texas.click()
    expect(tab).to_have_url(re.compile(r"/schools/states/tx/$"))
    expect(tab.get_by_role("heading", level=1)).to_contain_text("Texas")

    # By keyboard: Tab reaches every square in turn, each visibly focused; Enter opens it.
    tab.go_back()
    for _ in range(120):
        tab.keyboard.press("Tab")
        href = tab.evaluate("document.activeElement.getAttribute('href') || ''")
        if href.endswith("/schools/states/oh/"):
            break
    else:
        pytest.fail("Tab never reached Ohio's square")
    focus = tab.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    assert focus[0] != "none" and focus[1] > 0, focus
    tab.keyboard.press("Enter")
    expect(tab).to_have_url(re.compile(r"/schools/states/oh/$"))
