"""In a real browser, no XSS vector in any editable field or query parameter runs or injects an element."""

from urllib.parse import urlencode

from tests.browser.conftest import PageProblems
from tests.quality.counts import record_count
from tests.quality.pages import public_pages
from tests.quality.test_fuzz import KNOWN_PARAMS
from tests.quality.xss_fill import fill_text_fields
from tests.quality.xss_vectors import VECTORS

# Together these show every filled field: the article page carries topic, author and sources;
# results carry the pathway guidance and program cards (with the parameters). Every page type and
# parameter is also checked server-side for every vector in tests/quality/test_xss.py.
STORED_PAGES = ["article", "program", "salary", "home"]
PARAM_PAGES = ["results with matches", "search", "eligibility"]
INJECTED = "document.querySelectorAll('[data-xss], xss-probe').length"


def test_no_vector_executes_or_injects_an_element(site, page):
    problems = PageProblems(page)
    report, loads = [], 0
    for vector in VECTORS:
        fill_text_fields(vector)
        pages = public_pages()
        urls = [pages[name] for name in STORED_PAGES]
        for name in PARAM_PAGES:
            path, _, query = pages[name].partition("?")
            params = dict(p.split("=", 1) for p in query.split("&") if "=" in p)
            urls.append(
                path
                + "?"
                + urlencode({**dict.fromkeys(KNOWN_PARAMS, vector), **params})
            )
        for url in urls:
            page.goto(site + url, wait_until="load")
            loads += 1
            injected = page.evaluate(INJECTED)
            if injected:
                report.append(f"{url} [{vector!r}]: {injected} injected element(s)")
            report += [
                f"{url} [{vector!r}]: {p}"
                for p in problems.take()
                if p.startswith(("dialog", "JavaScript"))
            ]
    record_count("xss browser", vectors=len(VECTORS), page_loads=loads)
    assert loads >= len(VECTORS) * 3
    assert not report, "\n".join(report[:40])
