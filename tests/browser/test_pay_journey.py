"""A reader asks "what would I earn here?": a ZIP code, the state, a comparison, the ladder, a program nearby.

Chromium at desktop and phone widths, with JavaScript on and off.
"""

import re

import pytest
from playwright.sync_api import expect


@pytest.mark.parametrize("device", ["page", "nojs_page", "phone_page"])
def test_zip_state_compare_ladder_and_a_program_near_columbus(site, device, request):
    tab = request.getfixturevalue(device)
    tab.goto(site + "/careers/medical-records-specialists/salary/")
    tab.get_by_label("Your ZIP code").fill("43210")
    tab.get_by_role("button", name="Show pay near me").click()
    expect(tab).to_have_url(re.compile(r"/salary/near/\?zip=43210"))
    first = tab.locator(".zip-nearest li").first
    expect(first).to_contain_text("Columbus, OH")
    expect(first).to_contain_text("Median $51,230 a year")
    assert (
        tab.evaluate("document.documentElement.scrollWidth")
        <= tab.viewport_size["width"]
    )

    # Ohio's page, from the sentence under the metro areas.
    tab.get_by_role("link", name="Ohio", exact=True).click()
    expect(tab.locator("h1")).to_have_text("Medical records specialist salary in Ohio")
    expect(tab.locator(".pay-figures").first).to_contain_text("$50,990")

    # Compare Columbus, Cleveland and the nation.
    tab.get_by_role("link", name="Compare places").first.click()
    tab.get_by_label("Place 1").fill("Columbus, OH")
    tab.get_by_label("Place 2").fill("cleveland, oh")
    tab.get_by_label("Place 3").fill("United States")
    tab.get_by_role("button", name="Compare").click()
    expect(tab).to_have_url(re.compile(r"a=columbus-oh&a=cleveland-oh&a=united-states"))
    table = tab.locator("#compare-pay")
    expect(table).to_contain_text("Cleveland, OH")
    expect(table.locator("tbody tr").first).to_contain_text("$51,230")
    expect(table.locator("tbody tr").first).to_contain_text("$51,140")

    # The career ladder.
    tab.get_by_role("link", name="The career ladder").first.click()
    expect(tab.locator("h1")).to_have_text("The health-information career ladder")
    expect(tab.locator(".ladder-steps > li")).to_have_count(3)

    # Back to Columbus's area page, then a program near it.
    tab.goto(site + "/careers/medical-records-specialists/salary/areas/columbus-oh/")
    programs = tab.locator("section[aria-labelledby='programs'] ul a")
    expect(programs.first).to_be_visible()
    name = programs.first.inner_text().strip()
    programs.first.click()
    expect(tab).to_have_url(re.compile(r"/schools/programs/[\w-]+/$"))
    expect(tab.locator("h1")).to_contain_text(name)
