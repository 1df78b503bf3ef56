"""A reader goes home -> topic -> flagship guide, uses the table of contents and finds a source link."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article


@pytest.mark.parametrize("device", ["page", "phone_page"])
def test_reader_finds_the_flagship_guide_through_its_topic(site, device, request):
    tab = request.getfixturevalue(device)
    flagship = (
        Article.objects.published()
        .filter(featured=True)
        .select_related("topic")
        .first()
    )
    assert flagship is not None, "the seed content has a featured (flagship) guide"

    tab.goto(site + "/")
    expect(tab.locator("h1")).to_have_count(1)
    tab.locator(f'a[href="{flagship.topic.get_absolute_url()}"]').first.click()
    expect(tab).to_have_url(
        re.compile(re.escape(flagship.topic.get_absolute_url()) + "$")
    )
    expect(tab.locator("h1")).to_contain_text(flagship.topic.name)

    tab.locator(f'main a[href="{flagship.get_absolute_url()}"]').first.click()
    expect(tab).to_have_url(re.compile(re.escape(flagship.get_absolute_url()) + "$"))
    expect(tab.locator("h1")).to_have_text(flagship.title)

    # Table of contents: each entry points at a heading on the page; following one scrolls to it.
    toc_links = tab.locator("nav.toc a")
    assert toc_links.count() >= 3
    hrefs = toc_links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    for href in hrefs:
        assert href.startswith("#") and tab.locator(href).count() == 1, href
    third = toc_links.nth(2)
    target = tab.locator(hrefs[2])
    third.click()
    expect(tab).to_have_url(re.compile(re.escape(hrefs[2]) + "$"))
    expect(target).to_be_in_viewport()

    # Sources: reachable from the TOC; each opens the cited page (not followed: tests run offline).
    tab.locator('nav.toc a[href="#sources"]').click()
    expect(tab.locator("#sources")).to_be_in_viewport()
    source_links = tab.locator("section.sources a[href]")
    assert source_links.count() == flagship.sources.count() >= 1
    first_source = flagship.sources.order_by("position", "pk").first()
    expect(source_links.first).to_have_attribute("href", first_source.url)
    assert first_source.url.startswith("https://")
    expect(source_links.first).to_have_attribute("rel", re.compile("noopener"))
