"""A reader compares programs and keeps a shortlist: answer the finder, compare three, save two,
reopen the shortlist in a new page; the compare journey also with JavaScript off."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from schools.models import EducationPathway
from tests.browser.conftest import PageProblems

ANSWER = "some_college"
axe = Axe()


def _answer(tab, site):
    tab.goto(site + "/schools/")
    label = EducationPathway.objects.get(key=ANSWER).label
    tab.get_by_label(label, exact=True).check()
    tab.get_by_role("button", name="Find programs").click()
    expect(tab).to_have_url(re.compile(rf"/schools/results/\?.*education={ANSWER}"))


def _compare_first(tab, n: int) -> list[tuple[str, str]]:
    """Tick Compare on the first `n` result cards, press Compare selected; (program, institution) names."""
    cards = tab.locator(".program-card")
    names = []
    for i in range(n):
        card = cards.nth(i)
        names.append(
            (
                card.locator("h2 a, h3 a").first.inner_text().strip(),
                card.locator("p.mb-2").first.inner_text().strip(),
            )
        )
        card.get_by_label(re.compile(r"^Compare")).check()
    tab.get_by_role("button", name="Compare selected").last.click()
    # The three ticks, then the reader's answers (for "Back to your results").
    expect(tab).to_have_url(
        re.compile(r"/schools/compare/\?p=[\w-]+&p=[\w-]+&p=[\w-]+&education=")
    )
    return names


def _column_names(tab) -> list[str]:
    return [t.strip() for t in tab.locator("a.compare-program").all_inner_texts()]


def _save_button(scope, program: tuple[str, str]):
    """The program's Save button: "Save …", or once saved "Saved · remove …"."""
    name = re.escape(f"{program[0]}, {program[1]}")
    return scope.get_by_role(
        "button", name=re.compile(rf"^(Save|Saved · remove) {name}$")
    )


def _axe_violations(tab) -> list[str]:
    results = axe.run(
        tab,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"],
            },
            "resultTypes": ["violations"],
        },
    )
    return [
        f"{v['id']}: {node['target']}"
        for v in results.response["violations"]
        for node in v["nodes"]
    ]


@pytest.mark.parametrize("device", ["page", "phone_page"])
def test_compare_three_save_two_and_reopen_the_shortlist(site, device, request):
    tab = request.getfixturevalue(device)
    problems = PageProblems(tab)
    _answer(tab, site)
    names = _compare_first(tab, 3)

    table = tab.get_by_role("table")
    expect(table).to_be_visible()
    assert _column_names(tab) == [name for name, _ in names]
    expect(table.get_by_role("rowheader", name="Accreditation status")).to_be_visible()
    expect(table.get_by_role("rowheader", name="Evidence year")).to_be_visible()

    # The table scrolls inside its own labelled region; the page itself never scrolls sideways.
    region = tab.get_by_role("region", name=re.compile("programs, one per column"))
    expect(region).to_be_visible()
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    if device == "phone_page":
        assert region.evaluate("el => el.scrollWidth > el.clientWidth"), (
            "three programs do not fit a phone: the table scrolls"
        )
        label = table.get_by_role("rowheader", name="Degree level")
        before = label.bounding_box()["x"]
        region.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
        tab.wait_for_function(
            "() => document.querySelector('.compare-scroll').scrollLeft > 100"
        )
        assert abs(label.bounding_box()["x"] - before) < 1, "the first column stays put"
        # The first program's heading has scrolled away under the sticky column.
        assert region.evaluate("el => el.scrollLeft") > 100

    # Save two of them: the buttons say so, the header counts, the live region announces it.
    header_count = tab.locator("[data-shortlist-count]")
    expect(header_count).to_have_text("0")
    for program in names[:2]:
        button = _save_button(table, program)
        expect(button).to_have_attribute("aria-pressed", "false")
        expect(button).to_have_text(re.compile(r"^Save\s"), use_inner_text=True)
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
        expect(button).to_have_text(
            re.compile(r"^✓ Saved · remove\s"), use_inner_text=True
        )
    expect(header_count).to_have_text("2")
    expect(tab.get_by_role("status")).to_contain_text("Your shortlist has 2 programs.")
    assert not _axe_violations(tab)

    # A new page (same browser) finds the list: /schools/shortlist/ goes to its address.
    other = tab.context.new_page()
    other_problems = PageProblems(other)
    other.goto(site + "/schools/shortlist/")
    expect(other).to_have_url(re.compile(r"/schools/shortlist/\?p=[\w-]+&p=[\w-]+$"))
    expect(other.get_by_role("heading", level=1)).to_have_text("Your shortlist")
    cards = other.locator(".program-card")
    expect(cards).to_have_count(2)
    listed = [t.strip() for t in cards.locator("h2 a, h3 a").all_inner_texts()]
    assert listed == [name for name, _ in names[:2]]
    expect(other.locator("[data-shortlist-count]")).to_have_text("2")
    for button in other.locator("button[data-save]").all():
        expect(button).to_have_attribute("aria-pressed", "true")
    assert not _axe_violations(other)

    # Compare both from the shortlist, then remove one from the list there.
    other.get_by_role("link", name="Compare both side by side").click()
    expect(other).to_have_url(re.compile(r"/schools/compare/\?p="))
    assert _column_names(other) == [name for name, _ in names[:2]]
    _save_button(other, names[0]).click()
    expect(other.locator("[data-shortlist-count]")).to_have_text("1")
    expect(other.get_by_role("status")).to_contain_text("Your shortlist has 1 program.")

    # The first page hears of the change from the other tab.
    expect(header_count).to_have_text("1")
    assert not problems.take() + other_problems.take()


def test_compare_works_without_javascript(site, nojs_page):
    tab = nojs_page
    _answer(tab, site)
    # No script: nothing that needs it is shown.
    expect(tab.locator("button[data-save]").first).to_be_hidden()
    expect(tab.locator("[data-shortlist-nav]")).to_be_hidden()
    names = _compare_first(tab, 3)
    assert _column_names(tab) == [name for name, _ in names]

    # Remove one column: still a comparison, now of two.
    name, institution = names[1]
    tab.get_by_role(
        "link", name=f"Remove {name}, {institution}, from the comparison", exact=True
    ).click()
    expect(tab.locator("a.compare-program")).to_have_count(2)
    assert _column_names(tab) == [names[0][0], names[2][0]]

    # The shortlist page says how to keep programs without JavaScript.
    tab.goto(site + "/schools/shortlist/")
    # (Playwright's text locators skip <noscript>; its paragraph is what the reader sees.)
    explanation = tab.locator("noscript p")
    expect(explanation).to_be_visible()
    expect(explanation).to_contain_text("Saving programs needs JavaScript")


def test_a_full_shortlist_refuses_politely_and_bad_storage_is_ignored(site, page):
    problems = PageProblems(page)
    page.goto(site + "/schools/states/ny/")
    # Junk left in storage (not a list of slugs) counts as an empty shortlist.
    page.evaluate(
        "localStorage.setItem('careersite.shortlist', '{\"not\": \"a list\"}')"
    )
    page.reload()
    expect(page.locator("[data-shortlist-count]")).to_have_text("0")
    # Twelve saved elsewhere: the thirteenth is refused, with a visible note and an announcement.
    full = [f"saved-elsewhere-{n}" for n in range(12)]
    page.evaluate(
        f"localStorage.setItem('careersite.shortlist', JSON.stringify({full}))"
    )
    page.reload()
    expect(page.locator("[data-shortlist-count]")).to_have_text("12")
    button = page.locator("button[data-save]").first
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(page.locator(".save-note").first).to_contain_text("Your shortlist is full")
    expect(page.get_by_role("status")).to_contain_text("keeps up to 12 programs")
    assert (
        page.evaluate("JSON.parse(localStorage.getItem('careersite.shortlist')).length")
        == 12
    )
    assert not problems.take()
