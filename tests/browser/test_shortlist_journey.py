"""The shortlist page: removing a program there removes it from the page, the address and the
stored list; a link from someone else reads as a shared list that can be saved."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from schools.models import Program
from tests.browser.conftest import PageProblems

KEY = "careersite.shortlist"


def _slugs(n: int) -> list[str]:
    return list(
        Program.objects.public().order_by("pk").values_list("slug", flat=True)[:n]
    )


def _stored(tab) -> list[str]:
    return tab.evaluate(f"JSON.parse(localStorage.getItem('{KEY}') || '[]')")


def _url_slugs(tab) -> list[str]:
    return parse_qs(urlparse(tab.url).query).get("p", [])


def _card_slugs(tab) -> list[str]:
    return tab.locator(".program-card button[data-save]").evaluate_all(
        "buttons => buttons.map(b => b.dataset.save)"
    )


def _save(tab, site, slugs):
    tab.goto(site + "/schools/states/")
    tab.evaluate(f"localStorage.setItem('{KEY}', JSON.stringify({slugs!r}))")


def _agree(tab, slugs):
    """The page, its address and the stored list name the same programs."""
    expect(tab.locator(".program-card")).to_have_count(len(slugs))
    assert _card_slugs(tab) == slugs
    assert _url_slugs(tab) == slugs
    assert _stored(tab) == slugs
    expect(tab.locator("[data-shortlist-count]")).to_have_text(str(len(slugs)))


@pytest.mark.parametrize("device", ["page", "phone_page"])
def test_removing_a_program_on_the_shortlist_removes_it_everywhere(
    site, device, request
):
    tab = request.getfixturevalue(device)
    problems = PageProblems(tab)
    slugs = _slugs(3)
    _save(tab, site, slugs)
    tab.goto(site + "/schools/shortlist/")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Your shortlist")
    _agree(tab, slugs)
    expect(tab.get_by_role("link", name="Compare all 3 side by side")).to_be_visible()

    tab.locator(f'button[data-save="{slugs[1]}"]').click()
    expect(tab.get_by_role("status")).to_contain_text("Your shortlist has 2 programs.")
    _agree(tab, [slugs[0], slugs[2]])
    expect(tab.locator("#shortlist-count")).to_have_text("2 saved programs")
    expect(tab.get_by_role("link", name="Compare both side by side")).to_be_visible()
    tab.reload()
    _agree(tab, [slugs[0], slugs[2]])

    tab.locator(f'button[data-save="{slugs[0]}"]').click()
    _agree(tab, [slugs[2]])
    expect(tab.get_by_text("Save at least one more program")).to_be_visible()
    tab.locator(f'button[data-save="{slugs[2]}"]').click()
    expect(tab).to_have_url(re.compile(r"/schools/shortlist/$"))
    expect(tab.locator("[data-shortlist-empty]")).to_be_visible()
    assert _stored(tab) == []
    assert not problems.take()


def test_a_change_in_another_tab_reaches_the_shortlist_page(site, page):
    slugs = _slugs(3)
    _save(page, site, slugs)
    page.goto(site + "/schools/shortlist/")
    _agree(page, slugs)
    # The other tab removes the first program with its Save button.
    other = page.context.new_page()
    other.goto(site + f"/schools/programs/{slugs[0]}/")
    other.locator(f'button[data-save="{slugs[0]}"]').click()
    expect(other.locator("[data-shortlist-count]")).to_have_text("2")
    _agree(page, slugs[1:])


def test_a_shared_link_reads_as_a_shared_list_and_can_be_saved(site, page):
    problems = PageProblems(page)
    slugs = _slugs(3)
    link = site + "/schools/shortlist/?" + "&".join(f"p={s}" for s in slugs)
    page.goto(link)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("A shared shortlist")
    main = page.locator("main")
    expect(main).not_to_contain_text("Your shortlist")
    expect(main).not_to_contain_text("saved programs")
    expect(page.locator("#shortlist-count")).to_have_text("3 programs in this list")
    expect(page.locator("[data-shortlist-count]")).to_have_text("0")

    page.get_by_role("button", name="Save these to my shortlist").click()
    expect(heading).to_have_text("Your shortlist")
    expect(page.get_by_role("status")).to_contain_text("Your shortlist has 3 programs.")
    _agree(page, slugs)
    expect(page.get_by_role("button", name="Save these to my shortlist")).to_be_hidden()
    assert not problems.take()


def test_a_shared_link_adds_to_a_list_already_saved(site, page):
    slugs = _slugs(4)
    _save(page, site, slugs[:1])
    page.goto(site + "/schools/shortlist/?" + "&".join(f"p={s}" for s in slugs[1:]))
    expect(page.get_by_role("heading", level=1)).to_have_text("A shared shortlist")
    page.get_by_role("button", name="Save these to my shortlist").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your shortlist")
    _agree(page, slugs)


def test_without_javascript_a_link_is_a_shared_list(site, nojs_page):
    slugs = _slugs(2)
    nojs_page.goto(site + "/schools/shortlist/?" + "&".join(f"p={s}" for s in slugs))
    expect(nojs_page.get_by_role("heading", level=1)).to_have_text("A shared shortlist")
    expect(
        nojs_page.get_by_role("button", name="Save these to my shortlist")
    ).to_be_hidden()
