"""axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on any public page type, at phone and desktop widths.

Each page also loads without a CSP violation, a JavaScript error or a failed request.
"""

from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import PageProblems, save_screenshot
from tests.quality.counts import record_count
from tests.quality.pages import public_pages

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    "resultTypes": ["violations"],
}
axe = Axe()


def _violations(page) -> list[str]:
    results = axe.run(page, options=AXE_OPTIONS)
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} at {node['target']}: {node['html'][:160]}"
            )
    return found


def test_every_public_page_type_passes_axe_at_phone_and_desktop_widths(
    site, page, phone_page
):
    pages = public_pages()
    report, checked, violation_count = [], 0, 0
    for viewport, tab in (("desktop", page), ("phone", phone_page)):
        problems = PageProblems(tab)
        for name, url in pages.items():
            response = tab.goto(site + url)
            assert response.status in (200, 404), (name, url, response.status)
            found = _violations(tab)
            checked += 1
            violation_count += len(found)
            if found:
                save_screenshot(tab, f"axe-{viewport}-{name}")
            report += [f"[{viewport}] {name} {url}: {v}" for v in found]
            report += [f"[{viewport}] {name} {url}: {p}" for p in problems.take()]
    record_count(
        "axe",
        page_loads=checked,
        page_types=len(pages),
        violations=violation_count,
        tags=AXE_TAGS,
    )
    assert len(pages) >= 12
    assert not report, "\n".join(report)
