import json
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles.careers.jsonld import occupation_jsonld
from articles.jsonld import credentials_list, person_jsonld
from careersite import seo
from careersite.breadcrumbs import breadcrumb_jsonld
from schools import context_processors as schools_context
from schools.jsonld import program_jsonld
from schools.models import CAHIIM_DIRECTORY_URL
from tests.factories import (
    make_article,
    make_author,
    make_institution,
    make_program,
    make_topic,
)

pytestmark = pytest.mark.django_db

SITE = "https://guide.example.org"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


class HeadParser(HTMLParser):
    """Collects the metadata tags and JSON-LD blocks of a page."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.jsonld, self._in_jsonld = {}, [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content")
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_jsonld = True
            self.jsonld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld[-1] += data

    def link(self, rel, type_=None):
        return next(
            (
                link
                for link in self.links
                if link.get("rel") == rel
                and (type_ is None or link.get("type") == type_)
            ),
            None,
        )

    def jsonld_types(self) -> dict:
        blocks = [json.loads(block) for block in self.jsonld]
        return {block["@type"]: block for block in blocks}


def _head(client, url) -> HeadParser:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def article():
    topic = make_topic(name="Credentials", description="The CCS and other credentials.")
    author = make_author(name="Dana Reyes", credentials="RHIA, CCS")
    return make_article(
        title="How to become a CCS",
        topic=topic,
        author=author,
        dek="Steps and fees.",
        meta_description="Steps & fees, </script> included.",
    )


@pytest.mark.parametrize(
    ("url_name", "kwargs"),
    [
        ("home", {}),
        ("about", {}),
        ("articles:list", {}),
        ("schools:finder", {}),
        ("search", {}),
    ],
)
def test_every_page_type_has_canonical_og_twitter_and_feed_links(
    client, article, url_name, kwargs
):
    url = reverse(url_name, kwargs=kwargs)
    head = _head(client, url + "?utm_source=newsletter&fbclid=abc")
    assert head.link("canonical")["href"] == SITE + url
    assert head.meta["og:url"] == SITE + url
    for name in [
        "og:title",
        "og:description",
        "og:type",
        "og:site_name",
        "twitter:card",
        "twitter:title",
        "description",
    ]:
        assert head.meta.get(name), name
    assert head.link("alternate", "application/rss+xml")["href"] == reverse(
        "feeds-guides"
    )
    assert head.link("alternate", "application/atom+xml")["href"] == reverse(
        "feeds-guides-atom"
    )


def test_article_page_metadata_and_jsonld(client, article):
    head = _head(client, article.get_absolute_url())
    assert head.link("canonical")["href"] == SITE + article.get_absolute_url()
    assert head.meta["og:type"] == "article"
    assert head.meta["og:title"] == "How to become a CCS"
    assert head.meta["description"] == article.description
    blocks = head.jsonld_types()
    data = blocks["Article"]
    assert data["headline"] == "How to become a CCS"
    assert data["description"] == article.description
    assert data["author"]["name"] == "Dana Reyes"
    assert [credential["name"] for credential in data["author"]["hasCredential"]] == [
        "RHIA",
        "CCS",
    ]
    assert data["datePublished"].startswith(article.published_at.date().isoformat()[:4])
    assert data["dateModified"]
    assert data["publisher"] == {
        **data["publisher"],
        "@type": "Organization",
        "url": SITE + "/",
    }
    assert data["mainEntityOfPage"]["@id"] == SITE + article.get_absolute_url()
    trail = blocks["BreadcrumbList"]["itemListElement"]
    assert [item["name"] for item in trail] == [
        "Home",
        "Guides",
        "Credentials",
        "How to become a CCS",
    ]
    assert trail[-1]["item"] == SITE + article.get_absolute_url()


def test_article_page_shows_breadcrumbs(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<nav aria-label="Breadcrumb"' in html
    assert f'<a href="{article.topic.get_absolute_url()}">Credentials</a>' in html
    assert (
        '<li class="breadcrumb-item active" aria-current="page">How to become a CCS</li>'
        in html
    )


def test_jsonld_cannot_close_its_script_element(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        "</script> included"
        not in html.split('type="application/ld+json"')[1].split("</script>")[0]
    )
    head = _head(client, article.get_absolute_url())
    assert (
        head.jsonld_types()["Article"]["description"]
        == "Steps & fees, </script> included."
    )


def test_topic_page_has_breadcrumbs_and_breadcrumb_jsonld(client, article):
    topic = article.topic
    head = _head(client, topic.get_absolute_url())
    assert head.link("canonical")["href"] == SITE + topic.get_absolute_url()
    trail = head.jsonld_types()["BreadcrumbList"]["itemListElement"]
    assert [item["name"] for item in trail] == ["Home", "Guides", "Credentials"]
    assert (
        'aria-current="page">Credentials</li>'
        in client.get(topic.get_absolute_url()).content.decode()
    )


def test_home_page_has_website_jsonld_with_search_action(client):
    data = _head(client, reverse("home")).jsonld_types()["WebSite"]
    assert data["url"] == SITE + "/"
    assert (
        data["potentialAction"]["target"]["urlTemplate"]
        == SITE + "/search/?q={search_term_string}"
    )


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("", "/guides/"),
        ("?page=1", "/guides/"),
        ("?page=2", "/guides/?page=2"),
        ("?page=2&utm_campaign=x&gclid=y", "/guides/?page=2"),
        ("?page=abc", "/guides/"),
        ("?sort=wage", "/guides/"),
    ],
)
def test_canonical_url_keeps_only_the_page_number(query, canonical):
    request = RequestFactory().get("/guides/" + query)
    assert seo.canonical_url(request) == SITE + canonical


def test_canonical_url_tag_can_keep_more_parameters():
    request = RequestFactory().get("/schools/results/?education=hs&utm_source=x&page=3")
    html = Template('{% load seo_tags %}{% canonical_url keep="education" %}').render(
        Context({"request": request})
    )
    assert html == f"{SITE}/schools/results/?page=3&amp;education=hs"


def test_paginated_list_canonical_keeps_page(client):
    for _ in range(13):
        make_article()
    head = _head(client, reverse("articles:list") + "?page=2&utm_medium=email")
    assert head.link("canonical")["href"] == f"{SITE}/guides/?page=2"


def test_program_jsonld_builder_and_tag():
    institution = make_institution(
        name="Example Community College",
        city="Columbus",
        state="OH",
        postal_code="43215",
        website="https://example.edu/",
    )
    program = make_program(
        institution=institution,
        name="Health Information Technology",
        level="associate",
        delivery="online",
        source_note="College catalog: accredited by CAHIIM",
        source_year=timezone.localdate().year,
    )
    data = program_jsonld(program)
    assert data["@type"] == "EducationalOccupationalProgram"
    assert data["name"] == "Health Information Technology"
    assert data["url"] == SITE + program.get_absolute_url()
    assert data["occupationalCategory"] == "29-2072"
    assert data["provider"]["@type"] == "CollegeOrUniversity"
    assert data["provider"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Columbus",
        "addressRegion": "OH",
        "postalCode": "43215",
        "addressCountry": "US",
    }
    assert (
        data["programPrerequisites"]["credentialCategory"]
        == "High school diploma or equivalent"
    )
    assert data["educationalCredentialAwarded"]["name"] == "Associate degree"
    assert data["educationalProgramMode"] == "online"
    html = Template("{% load schools_tags %}{% jsonld_program program %}").render(
        Context({"program": program})
    )
    assert html.startswith('<script type="application/ld+json">')
    assert (
        json.loads(
            html.removeprefix('<script type="application/ld+json">').removesuffix(
                "</script>"
            )
        )
        == data
    )


def test_masters_program_needs_a_bachelors_degree():
    program = make_program(
        level="masters", delivery="", source_note="College catalog: accredited"
    )
    data = program_jsonld(program)
    assert data["programPrerequisites"]["credentialCategory"] == "Bachelor's degree"
    assert "educationalProgramMode" not in data


# (source note, year, verified, credential claimed, recognized by CAHIIM): the program's standing.
JSONLD_STANDINGS = [
    ("CAHIIM directory page: Associate, online", 0, None, True, True),
    ("College catalog: accredited", 0, None, True, False),
    ("Copy of a university program proposal (c. 2011) quoting CAHIIM's list", -15, None, False, False),
    ("Third-party blog article: accredited", None, None, False, False),
    ("Third-party blog article: accredited", None, 30, True, True),  # an editor checked the directory
]  # fmt: skip


@pytest.mark.parametrize(
    ("note", "age", "checked", "claimed", "recognized"), JSONLD_STANDINGS
)
def test_program_jsonld_claims_a_credential_only_on_good_evidence(
    note, age, checked, claimed, recognized
):
    from schools.evidence import program_standing

    today = timezone.localdate()
    program = make_program(
        level="associate",
        source_note=note,
        source_year=None if age is None else today.year + age,
        last_verified_on=None if checked is None else today - timedelta(days=checked),
    )
    data = program_jsonld(program)
    text = json.dumps(data)
    assert data["description"] == str(program_standing(program, today=today))
    assert ("EducationalOccupationalCredential" in text) is claimed
    assert ("educationalCredentialAwarded" in data) is claimed
    assert ('"recognizedBy"' in text) is recognized
    if not claimed:
        assert data["programPrerequisites"] == "High school diploma or equivalent"


def test_occupation_jsonld_has_estimated_salary_distribution():
    data = occupation_jsonld(
        url="/careers/medical-records-specialists/salary/",
        median_annual=50250,
        percentiles={10: 35000, 90: 80000, 50: 1},
        period="May 2024",
        source_url="https://www.bls.gov/oes/",
    )
    assert data["@type"] == "Occupation"
    assert data["occupationalCategory"] == "29-2072"
    assert (
        data["mainEntityOfPage"]
        == SITE + "/careers/medical-records-specialists/salary/"
    )
    salary = data["estimatedSalary"][0]
    assert salary == {
        "@type": "MonetaryAmountDistribution",
        "name": "base",
        "currency": "USD",
        "duration": "P1Y",
        "median": 50250,
        "percentile10": 35000,
        "percentile90": 80000,
        "description": "Annual wage, May 2024",
        "url": "https://www.bls.gov/oes/",
    }
    json.loads(seo.jsonld_script(data).split(">", 1)[1].rsplit("<", 1)[0])


@pytest.mark.parametrize(
    ("credentials", "expected"),
    [
        ("RHIA, CCS", ["RHIA", "CCS"]),
        ("", []),
        ("CCS", ["CCS"]),
        ("RHIT; CPC ,", ["RHIT", "CPC"]),
    ],
)
def test_credentials_list(credentials, expected):
    assert credentials_list(credentials) == expected


def test_author_without_credentials_has_no_has_credential():
    data = person_jsonld(make_author(credentials=""))
    assert "hasCredential" not in data
    assert "honorificSuffix" not in data


def test_jsonld_script_escapes_markup_characters():
    html = seo.jsonld_script({"name": "</script><script>alert(1)</script> & <!--"})
    body = html.removeprefix('<script type="application/ld+json">').removesuffix(
        "</script>"
    )
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body)["name"] == "</script><script>alert(1)</script> & <!--"


def test_article_page_query_count_with_seo_blocks(
    client, article, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        client.get(article.get_absolute_url())


def test_head_meta_keeps_parameters_a_view_names_in_canonical_keep(rf):
    request = rf.get("/schools/results/?education=hs&utm_source=x&page=2")
    html = Template('{% include "includes/_head_meta.html" %}').render(
        Context(
            {"request": request, "canonical_keep": "education", "SITE_NAME": "Site"}
        )
    )
    assert (
        f'<link rel="canonical" href="{SITE}/schools/results/?page=2&amp;education=hs">'
        in html
    )


def test_occupation_jsonld_without_figures_has_no_estimated_salary():
    data = occupation_jsonld(url="/careers/", percentiles={10: None})
    assert "estimatedSalary" not in data
    assert data["occupationalCategory"] == "29-2072"


@pytest.fixture
def program():
    institution = make_institution(
        name="Example Community College", city="Columbus", state="OH"
    )
    return make_program(institution=institution, name="Health Information Technology")


def test_school_pages_have_canonical_and_og(client, program):
    pages = [
        program.get_absolute_url(),
        program.institution.get_absolute_url(),
        reverse("schools:state", kwargs={"code": "oh"}),
        reverse("schools:states"),
    ]
    for url in pages:
        head = _head(client, url)
        assert head.link("canonical")["href"] == SITE + url
        assert head.meta["og:title"] and head.meta["og:description"]


def test_program_page_has_program_jsonld(client, program):
    data = _head(client, program.get_absolute_url()).jsonld_types()
    block = data["EducationalOccupationalProgram"]
    assert block == program_jsonld(program)
    assert block["provider"]["name"] == "Example Community College"


def test_salary_page_has_occupation_jsonld_with_estimated_salary(client):
    from tests.factories import make_national_estimate, make_pay_release

    release = make_pay_release()
    make_national_estimate(release)
    make_national_estimate(release, soc="00-0000", annual_median=50980)
    url = reverse("careers:salary")
    head = _head(client, url + "?sort=state")
    assert head.link("canonical")["href"] == SITE + url
    data = head.jsonld_types()["Occupation"]
    salary = data["estimatedSalary"][0]
    assert salary["@type"] == "MonetaryAmountDistribution"
    assert salary["median"] == 51140
    assert release.name in salary["description"]
    assert salary["url"] == release.source_url


def test_eligibility_page_has_canonical_and_og(client):
    url = reverse("careers:eligibility")
    head = _head(client, url)
    assert head.link("canonical")["href"] == SITE + url
    assert head.meta["og:title"].startswith("CCS exam eligibility checker")


class TrailParser(HTMLParser):
    """The visible breadcrumb trail: (label, href or None for the current page, aria-current)."""

    def __init__(self):
        super().__init__()
        self.items, self._in_nav, self._item = [], False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("aria-label") == "Breadcrumb":
            self._in_nav = True
        elif self._in_nav and tag == "li":
            self._item = ["", None, attrs.get("aria-current")]
        elif self._item is not None and tag == "a":
            self._item[1] = attrs["href"]

    def handle_endtag(self, tag):
        if tag == "li" and self._item is not None:
            self.items.append((self._item[0].strip(), self._item[1], self._item[2]))
            self._item = None
        elif tag == "nav":
            self._in_nav = False

    def handle_data(self, data):
        if self._item is not None:
            self._item[0] += data


def _school_pages(program):
    institution = program.institution
    finder = ("Find a school", reverse("schools:finder"))
    by_state = ("Programs by state", reverse("schools:states"))
    ohio = ("Ohio", reverse("schools:state", kwargs={"code": "oh"}))
    college = ("Example Community College", institution.get_absolute_url())
    return {
        "finder": (reverse("schools:finder"), [finder]),
        "results": (reverse("schools:results"), [finder, ("Results", None)]),
        "states": (reverse("schools:states"), [finder, by_state]),
        "state": (ohio[1], [finder, by_state, ohio]),
        "institution": (institution.get_absolute_url(), [finder, ohio, college]),
        "program": (
            program.get_absolute_url(),
            [
                finder,
                ohio,
                college,
                ("Health Information Technology", program.get_absolute_url()),
            ],
        ),
    }


@pytest.mark.parametrize(
    "page", ["finder", "results", "states", "state", "institution", "program"]
)
def test_school_pages_have_breadcrumb_jsonld_matching_the_visible_trail(
    client, program, page
):
    url, crumbs = _school_pages(program)[page]
    trail = [("Home", reverse("home")), *crumbs]
    response = client.get(url)
    assert response.status_code == 200
    head = HeadParser()
    head.feed(response.content.decode())
    data = head.jsonld_types()["BreadcrumbList"]
    assert data["@context"] == "https://schema.org"
    expected = [
        {"@type": "ListItem", "position": position, "name": label}
        | ({"item": SITE + link} if link else {})
        for position, (label, link) in enumerate(trail, start=1)
    ]
    assert data["itemListElement"] == expected
    visible = TrailParser()
    visible.feed(response.content.decode())
    assert visible.items == [(label, link, None) for label, link in trail[:-1]] + [
        (trail[-1][0], None, "page")
    ]


def test_one_breadcrumb_partial_for_guides_and_schools(client, article, program):
    for url in [article.get_absolute_url(), program.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert html.count('<nav aria-label="Breadcrumb" class="site-breadcrumbs') == 1


def test_breadcrumb_without_url_has_no_item():
    data = breadcrumb_jsonld([("Home", "/"), ("Results", "")])
    assert data["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "Home", "item": SITE + "/"},
        {"@type": "ListItem", "position": 2, "name": "Results"},
    ]


def test_cahiim_directory_links_come_from_one_constant(client, program, monkeypatch):
    assert CAHIIM_DIRECTORY_URL == "https://www.cahiim.org/"
    monkeypatch.setattr(
        schools_context, "CAHIIM_DIRECTORY_URL", "https://directory.example/"
    )
    pages = [
        reverse("about"),
        reverse("schools:finder"),
        reverse("schools:states"),
        program.get_absolute_url(),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert 'href="https://directory.example/"' in html, url
        assert "cahiim.org" not in html, url
