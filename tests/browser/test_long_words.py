"""Long words a reader typed (or a link carried) wrap on a 390-pixel phone instead of widening the
page, and are shortened where a page repeats them back."""

import pytest

PHONE_390 = {"width": 390, "height": 844}
WORD = "x" * 500

PAGES = {
    "search": "/search/?q=" + WORD,
    "search, two words": "/search/?q=coding+" + "y" * 50,
    "search, only left out": "/search/?q=-" + WORD,
    "search, left out": "/search/?q=coding+-" + WORD,
    "search, one kind": "/search/?type=programs&q=" + "z" * 50,
    "name search": "/schools/by-name/?q=" + "n" * 50,
    "name search, long": "/schools/by-name/?q=" + WORD,
    "compare": "/schools/compare/?p=" + "%24" * 60 + "&p=" + "s" * 200,
    "shortlist": "/schools/shortlist/?p=" + "s" * 200 + "&p=" + "!" * 60,
    "results": "/schools/results/?education=" + WORD + "&zip=" + WORD,
}


@pytest.fixture
def phone_390(browser):
    context = browser.new_context(viewport=PHONE_390, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_long_words_do_not_widen_a_phone_page(site, phone_390, path):
    phone_390.goto(site + path)
    width = phone_390.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_390["width"], f"{path[:60]}: {width}px wide"


def test_the_search_page_repeats_a_long_query_shortened(site, phone_390):
    phone_390.goto(site + "/search/?q=" + WORD)
    status = phone_390.locator(".search-status").inner_text()
    assert WORD[:100] not in status
    assert "…" in status
    assert phone_390.title().count("x") <= 60


@pytest.mark.parametrize("width", [390, 1280])
def test_wrapping_never_splits_a_button_label(site, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    try:
        tab.goto(site + "/search/?q=coding")
        for button in tab.locator("button:visible").all():
            lines = button.evaluate(
                """b => { const s = getComputedStyle(b);
                  const text = b.clientHeight - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom);
                  return Math.round(text / parseFloat(s.lineHeight)); }"""
            )
            assert lines <= 1, button.inner_text()
    finally:
        context.close()
