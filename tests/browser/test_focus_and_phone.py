"""Form controls are focused as visibly as links, unticked radios can be seen, and the state map
gives way to the list on a phone."""

import pytest

FOCUS_STYLE = """el => {
  const style = getComputedStyle(el);
  return {style: style.outlineStyle, width: parseFloat(style.outlineWidth), color: style.outlineColor};
}"""
# Relative luminance contrast of an element's border colour against white.
BORDER_CONTRAST = """el => {
  const [r, g, b] = getComputedStyle(el).borderTopColor.match(/[\\d.]+/g).slice(0, 3).map(Number)
    .map(c => c / 255).map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return 1.05 / (lum + 0.05);
}"""


def _focus_by_keyboard(tab, locator):
    """Focus `locator` as Tab would: the browser then draws its :focus-visible style."""
    tab.keyboard.press("Tab")
    locator.focus()


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("/tools/ccs-eligibility/", "input[type=radio]"),
        ("/schools/", "select"),
        ("/schools/", "input[type=search], input[type=text]"),
        ("/search/?q=coding", "#search-page-q"),
    ],
)
def test_form_controls_get_the_links_focus_ring(site, page, path, selector):
    page.goto(site + path)
    link = page.locator("main a[href]").first
    _focus_by_keyboard(page, link)
    expected = link.evaluate(FOCUS_STYLE)
    control = page.locator(f"main {selector}").first
    _focus_by_keyboard(page, control)
    assert control.evaluate(FOCUS_STYLE) == expected
    assert expected["width"] >= 2


def test_unticked_radios_and_fields_have_visible_edges(site, page):
    page.goto(site + "/tools/ccs-eligibility/")
    radio = page.locator("main input[type=radio]:not(:checked)").first
    assert radio.evaluate(BORDER_CONTRAST) >= 3
    page.goto(site + "/schools/")
    assert page.locator("main select").first.evaluate(BORDER_CONTRAST) >= 3


@pytest.mark.parametrize(
    "path", ["/schools/states/", "/careers/medical-records-specialists/salary/"]
)
def test_the_map_gives_way_to_the_list_on_a_phone(site, browser, path):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True
    )
    phone = context.new_page()
    try:
        phone.goto(site + path)
        assert not phone.locator(".tile-map").first.is_visible()
        alternative = "#state-list-title" if "states" in path else "#wage-table"
        assert phone.locator(alternative).is_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def test_the_map_squares_are_large_enough_on_a_desktop(site, page):
    page.goto(site + "/schools/states/")
    square = page.locator(".tile-map a.tile rect").first.bounding_box()
    assert square["width"] >= 24 and square["height"] >= 24
