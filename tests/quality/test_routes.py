"""Keep the quality gates complete: every public route must be one of the page types they check."""

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from tests.quality.pages import NON_PAGE_ROUTES, PAGE_TYPES, covered_route_names


def _route_names(patterns, namespace="", prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            route = prefix + str(pattern.pattern)
            if route.startswith(settings.ADMIN_PATH) or (
                pattern.app_name or ""
            ).startswith(("admin", "django_prose_editor")):
                continue
            ns = pattern.namespace or ""
            yield from _route_names(
                pattern.url_patterns, f"{namespace}{ns}:" if ns else namespace, route
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern)


def test_every_public_route_has_a_page_type():
    uncovered = sorted(
        f"{name} ({route})"
        for name, route in _route_names(get_resolver().url_patterns)
        if name not in covered_route_names() and name not in NON_PAGE_ROUTES
    )
    assert not uncovered, (
        "add these routes to tests/quality/pages.py PAGE_TYPES (or NON_PAGE_ROUTES):\n"
        + "\n".join(uncovered)
    )


def test_page_types_cover_the_issue_list():
    required = {
        "home",
        "article list",
        "article",
        "topic",
        "about",
        "finder",
        "results with matches",
        "results without matches",
        "program",
        "institution",
        "state",
        "search",
        "salary",
        "eligibility",
        "404",
    }
    assert required <= set(PAGE_TYPES)
