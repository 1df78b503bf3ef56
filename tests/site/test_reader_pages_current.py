"""Readers' pages show BLS's newest pay release: no May 2018 table, no old occupation code, no third-party
copy of a figure the release supersedes, and the old seed figures only inside a dated history section."""

import io
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

GUIDES = (
    "how-to-become-a-certified-coding-specialist",
    "medical-records-specialist-pay-by-state",
    "medical-records-specialist-job-outlook",
)
# Never on a reader's page: the May 2018 state table, its pre-2018 occupation code, and the sites that
# republished BLS pay figures the May 2025 release supersedes.
NEVER = (
    "May 2018",
    "29-2071",
    "mbc-bv6",
    "careerfitter",
    "beckershospitalreview",
    "healthguideusa",
    "May 2024",
)
# Pay figures of the seed article and of the older copies it was checked against: allowed only in a section
# that dates them. (Figures that a May 2025 state happens to share, such as Tennessee's $48,780, are left out.)
OLD_FIGURES = (
    "$51,090",
    "$50,250",
    "$48,310",
    "$54,020",
    "$51,880",
    "$44,090",
    "$24.56",
)
HISTORY_HEADING = re.compile(
    r"<h([23])[^>]*>(What the original article said|What older lists said)[^<]*\(?[^<]*</h\1>"
)


def _without_history(html: str) -> tuple[str, list[str]]:
    """The page without its dated history sections (each up to the next heading), and those sections."""
    sections = []
    while match := HISTORY_HEADING.search(html):
        end = re.compile(r"<h[1-3][ >]").search(html, match.end())
        stop = end.start() if end else len(html)
        sections.append(html[match.start() : stop])
        html = html[: match.start()] + html[stop:]
    return html, sections


URLS = (
    "/",
    "/careers/medical-records-specialists/salary/",
    *(f"/guides/{slug}/" for slug in GUIDES),
)


@pytest.fixture
def pages(client) -> dict[str, str]:
    """Every page above, rendered from the seed content (guides, facts, the BLS release), as `make run` has it."""
    call_command("seed_content", stdout=io.StringIO())
    rendered = {}
    for url in URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        rendered[url] = response.content.decode()
    return rendered


def test_no_superseded_pay_figure_on_readers_pages(pages):
    for url, html in pages.items():
        for text in NEVER:
            assert text not in html, f"{url} shows {text!r}"
        outside, history = _without_history(html)
        for figure in OLD_FIGURES:
            assert figure not in outside, (
                f"{url} shows {figure} outside a dated history section"
            )
        for section in history:
            # A history section says its period and what changed since.
            assert "2022" in section and "May 2025" in section, url
    # The flagship keeps the seed article's figure, dated, in its history section.
    _, history = _without_history(pages[f"/guides/{GUIDES[0]}/"])
    assert any("$51,090" in section for section in history)


def test_the_guides_show_may_2025_figures_with_period_and_source(pages):
    flagship = pages[f"/guides/{GUIDES[0]}/"]
    for text in (
        "$51,140",
        "$56,790",
        "$37,000",
        "$81,150",
        "194,720",
        "$62,650",
        "$72,040",
        "BLS, Occupational Employment and Wage Statistics, May 2025",
        'href="/careers/medical-records-specialists/salary/near/"',
        'href="/careers/medical-records-specialists/salary/industries/"',
        'href="/careers/health-information-career-ladder/"',
        'href="/careers/medical-records-specialists/salary/states/district-of-columbia/"',
    ):
        assert text in flagship, text
    by_state = pages[f"/guides/{GUIDES[1]}/"]
    for text in ("$63,960", "$63,180", "$62,270", "$61,810", "$61,720", "$50,240"):
        assert text in by_state, text
    # The flagship's at-a-glance box shows the release, not the old facts.
    box = flagship[flagship.index('<aside class="at-a-glance') :]
    box = box[: box.index("</aside>")]
    assert "$51,140" in box and "May 2025" in box


def test_history_sections_are_found():
    html = (
        "<h2>Pay</h2><p>$51,140</p><h3>What the original article said (2022 figures), and what has changed</h3>"
        "<p>$51,090 in 2022; May 2025: $56,790</p><h2>Job outlook</h2><p>7%</p>"
    )
    outside, history = _without_history(html)
    assert "$51,090" not in outside and "Job outlook" in outside
    assert history == [
        "<h3>What the original article said (2022 figures), and what has changed</h3>"
        "<p>$51,090 in 2022; May 2025: $56,790</p>"
    ]
