"""`make bench`'s in-process render times: every page type timed, its queries counted."""

import pytest
from django.urls import reverse

from tests.factories import make_article
from tests.perf.bench.harness import page_targets, render_pages
from tests.perf.bench.render import render_times


@pytest.mark.django_db
def test_render_times_and_query_counts(settings):
    settings.PAGE_CACHE_ENABLED = False  # as the harness runs it: DJANGO_PAGE_CACHE=0
    article = make_article()
    pages = [
        {"name": "about", "paths": [reverse("about")]},
        {"name": "article", "paths": [article.get_absolute_url()]},
        {"name": "search", "paths": ["/search/?q=coding", "/search/?q=ccs"]},
    ]
    results = render_times(pages, runs=5)
    assert set(results) == {"about", "article", "search"}
    for timing in results.values():
        assert timing["runs"] == 5
        assert 0 < timing["median_ms"] <= timing["p95_ms"]
    # As tests/perf/test_query_budgets.py counts them: the article, its sources, related guides.
    assert results["about"]["queries"] == 0
    assert results["article"]["queries"] == 3


def test_every_row_but_the_static_file_names_its_page_type():
    urls = {
        "article": "/guides/a/",
        "program": "/schools/programs/p/",
        "pathways": ["x"],
    }
    targets = page_targets(urls, "/static/x.css")
    assert all(t.name.startswith("static reference") for t in targets if not t.page)
    assert "uncached flagship article" in [t.name for t in targets]
    assert next(t for t in targets if t.name == "uncached flagship article").bust
    pages = render_pages(targets)
    assert [page["name"] for page in pages] == [
        "article",
        "article index",
        "finder results",
        "program page",
        "search",
    ]
