"""Every public page type renders in a fixed number of SQL queries, whatever the amount of data.

Each page is rendered uncached with 3 and then 30 rows of everything it lists; the query count must be the same
and within the page type's budget.
"""

import itertools
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import (
    OccupationFact,
    PayArea,
    PayEstimate,
    PayIndustryEstimate,
    PayOccupation,
    PayRelease,
    StateWage,
)
from careersite.states import STATES
from schools.models import Program
from tests.factories import (
    make_article,
    make_author,
    make_institution,
    make_pathway,
    make_program,
    make_source,
    make_topic,
)

_ids = itertools.count(1)


@dataclass
class World:
    """One topic, author, institution and state that grow together, so every page lists more rows."""

    topic: object = None
    author: object = None
    institution: object = None
    articles: list = field(default_factory=list)
    programs: list = field(default_factory=list)
    size: int = 0

    def grow(self, to: int) -> None:
        if self.topic is None:
            self.topic = make_topic(name="Coding careers", slug="coding-careers")
            self.author = make_author(name="Editor", slug="editor")
            self.institution = make_institution(
                name="Columbus State",
                slug="columbus-state",
                state="OH",
                postal_code="43215",
                latitude=39.96,
                longitude=-83.0,
            )
            make_pathway(
                key="high_school",
                label="High school diploma or GED",
                levels=["associate"],
                position=1,
            )
            make_pathway(
                key="some_college",
                label="Some college",
                levels=["associate", "baccalaureate"],
                position=2,
            )
        states = sorted(STATES)
        for i in range(self.size, to):
            n = next(_ids)
            article = make_article(
                title=f"Medical coding guide {n}",
                slug=f"coding-guide-{n}",
                topic=self.topic,
                author=self.author,
                featured=i == 0,
                show_at_a_glance=True,
            )
            make_source(article)
            make_source(article)
            self.articles.append(article)
            # One more program at the shared institution, and one at a new institution in the same state.
            self.programs.append(
                make_program(
                    institution=self.institution,
                    name=f"Health Information Technology {n}",
                    slug=f"hit-{n}",
                    delivery=Program.Delivery.CAMPUS,
                    status="accredited",
                    last_verified_on="2026-10-01",
                )
            )
            other = make_institution(
                name=f"Ohio College {n}",
                slug=f"ohio-college-{n}",
                state="OH",
                city="Dayton",
            )
            self.programs.append(
                make_program(
                    institution=other,
                    name=f"Medical coding {n}",
                    slug=f"coding-{n}",
                    delivery=Program.Delivery.ONLINE,
                )
            )
            OccupationFact.objects.create(
                key=f"fact-{n}",
                label=f"Fact {n}",
                value=n,
                unit="count",
                period="2024",
                period_end="2024-12-31",
                source_name="BLS",
                source_url="https://www.bls.gov/",
            )
            StateWage.objects.create(
                state_code=states[i % len(states)],
                state_name=f"State {i}",
                employment=1000 + i,
                annual_mean_wage=40000 + i,
                period=f"May {2018 - i // len(states)}",
                period_end=f"{2018 - i // len(states)}-05-31",
                occupation_code="29-2071",
                source_url="https://www.bls.gov/oes/",
            )
        self._grow_pay(to)
        self.size = to

    def _grow_pay(self, to: int) -> None:
        """States (each with an estimate per occupation), metro areas around Columbus, industries."""
        if not PayRelease.objects.exists():
            self.release = PayRelease.objects.create(
                name="May 2025",
                code="2025A01",
                reference_month="2025-05-01",
                published_on="2026-05-15",
                retrieved_on="2026-09-26",
                source_name="BLS, Occupational Employment and Wage Statistics, May 2025",
                source_url="https://www.bls.gov/oes/",
            )
            self.occupations = [
                PayOccupation.objects.create(soc=soc, title=soc)
                for soc in ("29-2072", "29-9021", "11-9111", "43-3021", "00-0000")
            ]
            self._estimates(
                PayArea.objects.create(
                    code="0000000",
                    kind="national",
                    name="National",
                    slug="united-states",
                )
            )
        states = ["OH", *sorted(set(STATES) - {"OH"})]
        for i in range(self.size, to):
            n = next(_ids)
            state = states[i % len(states)]
            if not PayArea.objects.filter(kind="state", state=state).exists():
                self._estimates(
                    PayArea.objects.create(
                        code=f"5{i:02d}0000",
                        kind="state",
                        state=state,
                        name=STATES[state],
                        slug=STATES[state].lower().replace(" ", "-").replace(".", ""),
                    )
                )
            self._estimates(
                PayArea.objects.create(
                    code=f"00{n:05d}",
                    kind="metro",
                    state="OH",
                    name=f"Metro {n}, OH",
                    slug=f"metro-{n}-oh",
                    latitude=39.96 + i / 100,
                    longitude=-83.0,
                )
            )
            for occupation in self.occupations:
                PayIndustryEstimate.objects.create(
                    release=self.release,
                    occupation=occupation,
                    naics=f"{n:06d}",
                    industry=f"Industry {n}",
                    display_level=3,
                    employment=100 + n,
                    annual_median=50000 + n,
                )

    def _estimates(self, area) -> None:
        for occupation in self.occupations:
            PayEstimate.objects.create(
                release=self.release,
                occupation=occupation,
                area=area,
                employment=1000,
                annual_median=51140,
                annual_mean=56790,
                annual_p10=37000,
                annual_p25=43490,
                annual_p75=64820,
                annual_p90=81150,
            )


def _url(name: str, **kwargs) -> str:
    return reverse(name, kwargs=kwargs or None)


def _chosen(name: str, programs) -> str:
    return _url(name) + "?" + urlencode([("p", program.slug) for program in programs])


# page type -> (URL builder, max queries)
PAGES = {
    "home": (lambda w: _url("home"), 5),
    "about": (lambda w: _url("about"), 2),
    "article list": (lambda w: _url("articles:list"), 5),
    "article": (lambda w: w.articles[0].get_absolute_url(), 5),
    "topic": (lambda w: _url("articles:topic", slug=w.topic.slug), 5),
    "author": (lambda w: _url("articles:author", slug=w.author.slug), 5),
    "finder": (lambda w: _url("schools:finder"), 5),
    "finder results": (
        lambda w: _url("schools:results") + "?education=some_college&state=OH",
        5,
    ),
    "finder results by zip": (
        lambda w: (
            _url("schools:results") + "?education=high_school&zip=43215&radius=100"
        ),
        # 5 for the finder, 3 for the line of local pay (release, areas, estimates).
        8,
    ),
    "finder results online (any state)": (
        lambda w: _url("schools:results") + "?education=some_college&state=online",
        5,
    ),
    "finder results with errors": (
        lambda w: _url("schools:results") + "?education=nonsense&zip=abc",
        5,
    ),
    "program": (lambda w: w.programs[0].get_absolute_url(), 5),
    "institution": (lambda w: _url("schools:institution", slug=w.institution.slug), 5),
    "state list": (lambda w: _url("schools:states"), 5),
    "state": (lambda w: _url("schools:state", code="oh"), 5),
    "search": (lambda w: _url("search") + "?q=coding", 5),
    "salary": (lambda w: _url("careers:salary"), 8),
    "salary sorted": (lambda w: _url("careers:salary") + "?sort=-employment", 8),
    "pay state": (lambda w: _url("careers:pay-state", slug="ohio"), 8),
    "pay area": (
        lambda w: PayArea.objects.filter(kind="metro").first().get_absolute_url(),
        8,
    ),
    "pay near a zip": (lambda w: _url("careers:pay-zip") + "?zip=43210", 8),
    "pay compare": (
        lambda w: (
            _url("careers:pay-compare")
            + "?"
            + "&".join(
                f"a={slug}"
                for slug in PayArea.objects.order_by("pk").values_list(
                    "slug", flat=True
                )[:5]
            )
        ),
        8,
    ),
    "pay industries": (lambda w: _url("careers:pay-industries"), 5),
    "career ladder": (lambda w: _url("careers:ladder"), 5),
    "pay data notes": (lambda w: _url("careers:pay-notes"), 3),
    "eligibility": (lambda w: _url("careers:eligibility"), 5),
    "eligibility answered": (
        lambda w: (
            _url("careers:eligibility") + "?education=high_school&experience_years=2"
        ),
        5,
    ),
    # The 3-row world has 6 programs: compare names 3 of them, the shortlist all 6.
    "compare": (lambda w: _chosen("schools:compare", w.programs[:3]), 5),
    "shortlist": (lambda w: _chosen("schools:shortlist", w.programs), 5),
    # Every "Ohio College N" is like the query: the 20 best are listed, each with its programs.
    "name search": (
        lambda w: _url("schools:name-search") + "?q=ohio+colege",
        5,
    ),
    "name search without matches": (
        lambda w: _url("schools:name-search") + "?q=zzqx",
        5,
    ),
    # 10, and 2 for the pay section (the newest release, the areas with released wages).
    "sitemap": (lambda w: _url("sitemap"), 12),
    "feed": (lambda w: _url("feeds-guides"), 5),
    "atom feed": (lambda w: _url("feeds-guides-atom"), 5),
    "robots": (lambda w: _url("robots"), 1),
}


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_bounded_and_independent_of_data_size(client, settings, page):
    settings.PAGE_CACHE_ENABLED = False  # measure the render, not the cache
    build, budget = PAGES[page]
    world = World()
    world.grow(3)
    url = build(world)
    # Warm process-level caches (current Site, compiled templates) out of the count.
    client.get(url)
    small = _count(client, url)
    world.grow(30)
    large = _count(client, url)
    assert large <= budget, f"{page}: {large} queries, budget {budget}"
    assert small == large, f"{page}: {small} queries with 3 rows, {large} with 30"


# Routes that are not public pages: health checks answer without the page layout, previews are staff-only.
NOT_BUDGETED = {
    "healthz",
    "readyz",
    "articles:preview",
    "articles:preview-draft",
    "articles:preview-unsaved",
    "articles:preview-revision",
}


def _route_names(patterns, namespace=""):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            if pattern.namespace == "admin":
                continue
            prefix = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from _route_names(pattern.url_patterns, prefix)
        elif pattern.name:
            yield namespace + pattern.name


@pytest.mark.django_db
def test_every_public_route_has_a_query_budget(settings):
    """A page type added to the URLconf must get a budget here."""
    from django.urls import get_resolver, resolve

    settings.PAGE_CACHE_ENABLED = False
    world = World()
    world.grow(3)
    covered = set()
    for build, _ in PAGES.values():
        covered.add(resolve(build(world).split("?")[0]).view_name)
    missing = set(_route_names(get_resolver().url_patterns)) - covered - NOT_BUDGETED
    assert not missing, f"add a query budget for {sorted(missing)}"
