"""One list of every public page type, built from the seeded database, shared by all quality gates.

Each page type resolves to a URL, or to None while the feature behind it has not landed (its URL
name is missing or no seeded row exists); test_every_public_route_has_a_page_type keeps the list
complete as routes are added.
"""

from collections.abc import Callable

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

# URL names that are not HTML pages for readers (health checks, machine-readable files) or are
# covered through another page type.
NON_PAGE_ROUTES = {
    "healthz",
    "readyz",
    "robots",
    "robots_txt",
    "sitemap",
    "django.contrib.sitemaps.views.sitemap",
    "feed",
    "feeds-guides",
    "feeds-guides-atom",
    "feed-atom",
    "articles:feed",
    "articles:feed-atom",
    "feeds:guides",
    "feeds:guides-atom",
    "preview",
    "articles:preview",
}


def _url(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _first(model_label: str, manager_method: str | None = None, **filters):
    try:
        model = apps.get_model(model_label)
    except LookupError:
        return None
    queryset = (
        getattr(model.objects, manager_method)()
        if manager_method
        else model.objects.all()
    )
    return queryset.filter(**filters).order_by("pk").first()


def _article():
    return _first("articles.Article", "published", featured=True) or _first(
        "articles.Article", "published"
    )


def _program():
    return _first("schools.Program", status="accredited", is_active=True)


def _pathway_with_matches() -> str | None:
    program = _program()
    if program is None:
        return None
    Pathway = apps.get_model("schools.EducationPathway")
    for pathway in Pathway.objects.order_by("position", "pk"):
        if program.level in pathway.levels:
            return pathway.key
    return None


def _state_without_programs() -> str:
    from schools.states import STATES

    Institution = apps.get_model("schools.Institution")
    used = set(Institution.objects.values_list("state", flat=True))
    return next(code for code in sorted(STATES) if code not in used)


def _results(matches: bool) -> str | None:
    url = _url("schools:results")
    key = _pathway_with_matches()
    if url is None or key is None:
        return None
    if matches:
        return f"{url}?education={key}"
    return f"{url}?education={key}&state={_state_without_programs()}&format=campus"


def _state_page() -> str | None:
    program = _program()
    return program and _url("schools:state", code=program.institution.state.lower())


def _salary_sorted() -> str | None:
    url = _url("careers:salary")
    return url and f"{url}?sort=state"


def _results_page_two() -> str | None:
    """The results for the pathway with the most programs, page 2 (only if it has one)."""
    url = _url("schools:results")
    if url is None or _program() is None:
        return None
    Pathway = apps.get_model("schools.EducationPathway")
    Program = apps.get_model("schools.Program")
    for pathway in Pathway.objects.order_by("position", "pk"):
        if Program.objects.filter(level__in=pathway.levels).count() > 20:
            return f"{url}?education={pathway.key}&page=2"
    return None


def _chosen(name: str, count: int, *extra: str) -> str | None:
    """schools:compare or schools:shortlist for the first `count` public programs, then `extra` values."""
    url = _url(name)
    Program = apps.get_model("schools.Program")
    slugs = list(
        Program.objects.public().order_by("pk").values_list("slug", flat=True)[:count]
    )
    if url is None or len(slugs) < count:
        return None
    return url + "?" + "&".join(f"p={value}" for value in [*slugs, *extra])


# name -> (route names it covers, how to build its URL)
PAGE_TYPES: dict[str, tuple[tuple[str, ...], Callable[[], str | None]]] = {
    "home": (("home",), lambda: _url("home")),
    "about": (("about",), lambda: _url("about")),
    "article list": (("articles:list",), lambda: _url("articles:list")),
    "article": (
        ("articles:detail",),
        lambda: (a := _article()) and a.get_absolute_url(),
    ),
    "topic": (
        ("articles:topic",),
        lambda: (a := _article()) and _url("articles:topic", slug=a.topic.slug),
    ),
    "author": (
        ("articles:author",),
        lambda: (a := _article()) and _url("articles:author", slug=a.author.slug),
    ),
    "finder": (("schools:finder",), lambda: _url("schools:finder")),
    "results with matches": (("schools:results",), lambda: _results(matches=True)),
    "results without matches": ((), lambda: _results(matches=False)),
    "results with errors": (
        (),
        lambda: (u := _url("schools:results")) and f"{u}?education=nonsense&zip=abc",
    ),
    "program": (
        ("schools:program",),
        lambda: (p := _program()) and p.get_absolute_url(),
    ),
    "institution": (
        ("schools:institution",),
        lambda: (
            (p := _program()) and _url("schools:institution", slug=p.institution.slug)
        ),
    ),
    "state list": (("schools:states",), lambda: _url("schools:states")),
    "state": (("schools:state",), _state_page),
    "search": (("search",), lambda: (u := _url("search")) and f"{u}?q=coding"),
    "search without query": ((), lambda: _url("search")),
    "salary": (("careers:salary",), lambda: _url("careers:salary")),
    "salary sorted": ((), _salary_sorted),
    "eligibility": (("careers:eligibility",), lambda: _url("careers:eligibility")),
    "eligibility answered": (
        (),
        lambda: (
            (u := _url("careers:eligibility"))
            and f"{u}?education=high_school&credentials=CCA&experience_years=2"
            "&coursework=yes&cahiim_degree=no"
        ),
    ),
    "results near a ZIP": (
        (),
        lambda: (
            (u := _url("schools:results"))
            and _pathway_with_matches()
            and f"{u}?education={_pathway_with_matches()}&zip=10001&radius=500"
        ),
    ),
    "results page 2": ((), _results_page_two),
    "compare": (("schools:compare",), lambda: _chosen("schools:compare", 3)),
    "compare with a bad link": (
        (),
        lambda: _chosen("schools:compare", 1, "no-such-program", "not%20a%20slug"),
    ),
    "compare too many": ((), lambda: _chosen("schools:compare", 5)),
    "shortlist": (("schools:shortlist",), lambda: _chosen("schools:shortlist", 5)),
    "shortlist without programs": ((), lambda: _url("schools:shortlist")),
    "404": ((), lambda: "/this-page-does-not-exist/"),
}


def public_pages() -> dict[str, str]:
    """{page type: URL} for every page type available in the current (seeded) database."""
    pages = {}
    for name, (_, build) in PAGE_TYPES.items():
        url = build()
        if url:
            pages[name] = url
    return pages


def public_page_urls() -> list[str]:
    return list(public_pages().values())


def covered_route_names() -> set[str]:
    return {route for routes, _ in PAGE_TYPES.values() for route in routes}


def seed_site() -> None:
    call_command("seed_content", verbosity=0)


@pytest.fixture
def seeded(db):
    seed_site()
