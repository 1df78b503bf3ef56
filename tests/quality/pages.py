"""One list of every public page type, built from the seeded database, shared by all quality gates.

Each page type resolves to a URL from the seed content (public_pages() fails if the seed lacks a
row one needs); test_every_public_route_has_a_page_type keeps the list complete as routes are added.
"""

from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

# URL names that are not HTML pages for readers (health checks, machine-readable files) or are
# covered through another page type.
NON_PAGE_ROUTES = {
    "healthz",
    "readyz",
    "robots",
    "sitemap",
    "feeds-guides",
    "feeds-guides-atom",
    "articles:preview",
    "articles:preview-draft",
    "articles:preview-unsaved",
    "articles:preview-revision",
}


def _url(name: str, **kwargs) -> str:
    return reverse(name, kwargs=kwargs or None)


def _first(model_label: str, manager_method: str | None = None, **filters):
    model = apps.get_model(model_label)
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


def _candidacy():
    return _first("schools.Program", status="candidacy", is_active=True)


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
    from careersite.states import STATES

    Institution = apps.get_model("schools.Institution")
    used = set(Institution.objects.values_list("state", flat=True))
    return next(code for code in sorted(STATES) if code not in used)


def _results(matches: bool) -> str | None:
    url = _url("schools:results")
    key = _pathway_with_matches()
    if key is None:
        return None
    if matches:
        return f"{url}?education={key}"
    return f"{url}?education={key}&state={_state_without_programs()}&format=campus"


def _state_page() -> str | None:
    program = _program()
    return program and _url("schools:state", code=program.institution.state.lower())


def _salary_sorted() -> str:
    return _url("careers:salary") + "?sort=state"


def _results_page_two() -> str | None:
    """The results for the pathway with the most programs, page 2 (only if it has one)."""
    url = _url("schools:results")
    if _program() is None:
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
        lambda: _url("schools:results") + "?education=nonsense&zip=abc",
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
    "search": (("search",), lambda: _url("search") + "?q=coding"),
    "search without query": ((), lambda: _url("search")),
    "search leaving words out": ((), lambda: _url("search") + "?q=ccs+-exam+-rhit"),
    "search only leaving out": ((), lambda: _url("search") + "?q=-ccs"),
    "search for a state": ((), lambda: _url("search") + "?q=wyoming"),
    "search with a long word": ((), lambda: _url("search") + "?q=" + "x" * 500),
    "salary": (("careers:salary",), lambda: _url("careers:salary")),
    "salary sorted": ((), _salary_sorted),
    "eligibility": (("careers:eligibility",), lambda: _url("careers:eligibility")),
    "eligibility answered": (
        (),
        lambda: (
            _url("careers:eligibility")
            + "?education=high_school&credentials=CCA&experience_years=2"
            "&coursework=yes&cahiim_degree=no"
        ),
    ),
    "results near a ZIP": (
        (),
        lambda: (
            (key := _pathway_with_matches())
            and _url("schools:results") + f"?education={key}&zip=10001&radius=500"
        ),
    ),
    "results page 2": ((), _results_page_two),
    "results online (any state)": (
        (),
        lambda: (
            (u := _url("schools:results"))
            and _pathway_with_matches()
            and f"{u}?education={_pathway_with_matches()}&state=online"
        ),
    ),
    "program in candidacy": ((), lambda: (p := _candidacy()) and p.get_absolute_url()),
    "state with a program in candidacy": (
        (),
        lambda: (
            (p := _candidacy())
            and _url("schools:state", code=p.institution.state.lower())
        ),
    ),
    "compare": (("schools:compare",), lambda: _chosen("schools:compare", 3)),
    "compare with a bad link": (
        (),
        lambda: _chosen("schools:compare", 1, "no-such-program", "not%20a%20slug"),
    ),
    "compare too many": ((), lambda: _chosen("schools:compare", 5)),
    "shortlist": (("schools:shortlist",), lambda: _chosen("schools:shortlist", 5)),
    "shortlist without programs": ((), lambda: _url("schools:shortlist")),
    "name search": (
        ("schools:name-search",),
        lambda: (
            (p := _program())
            and _url("schools:name-search") + "?" + urlencode({"q": p.institution.name})
        ),
    ),
    "name search misspelled": (
        (),
        lambda: _url("schools:name-search") + "?q=st+philips",
    ),
    "name search without matches": (
        (),
        lambda: _url("schools:name-search") + "?q=zzqx",
    ),
    "name search without query": ((), lambda: _url("schools:name-search")),
    "name search with symbols only": (
        (),
        lambda: _url("schools:name-search") + "?q=%25%25%25",
    ),
    "pay state": (
        ("careers:pay-state",),
        lambda: _url("careers:pay-state", slug="ohio"),
    ),
    "pay metro area": (
        ("careers:pay-area",),
        lambda: _url("careers:pay-area", slug="columbus-oh"),
    ),
    "pay area without released wages": (
        (),
        lambda: _url("careers:pay-area", slug="elmira-ny"),
    ),
    "pay nonmetro area": (
        (),
        lambda: (
            (a := _first("articles.PayArea", kind="nonmetro")) and a.get_absolute_url()
        ),
    ),
    "pay near a zip": (
        ("careers:pay-zip",),
        lambda: _url("careers:pay-zip") + "?zip=43210",
    ),
    "pay near a zip far from a metro": (
        (),
        lambda: _url("careers:pay-zip") + "?zip=59301",
    ),
    "pay near a bad zip": ((), lambda: _url("careers:pay-zip") + "?zip=abc"),
    "pay zip form": ((), lambda: _url("careers:pay-zip")),
    "pay compare": (
        ("careers:pay-compare",),
        lambda: (
            _url("careers:pay-compare")
            + "?a=columbus-oh&a=cleveland-oh&a=united-states"
        ),
    ),
    "pay compare too many": (
        (),
        lambda: (
            _url("careers:pay-compare")
            + "?"
            + "&".join(
                f"a={s}" for s in ("ohio", "texas", "utah", "iowa", "maine", "idaho")
            )
        ),
    ),
    "pay industries": (
        ("careers:pay-industries",),
        lambda: _url("careers:pay-industries"),
    ),
    "career ladder": (("careers:ladder",), lambda: _url("careers:ladder")),
    "pay data notes": (("careers:pay-notes",), lambda: _url("careers:pay-notes")),
    "404": ((), lambda: "/this-page-does-not-exist/"),
}


def public_pages() -> dict[str, str]:
    """{page type: URL} for every page type, from the current (seeded) database."""
    pages = {name: build() for name, (_, build) in PAGE_TYPES.items()}
    missing = sorted(name for name, url in pages.items() if not url)
    assert not missing, f"the seed content has no row for these page types: {missing}"
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
