import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.caches import clear_caches
from tests.factories import (
    make_article,
    make_institution,
    make_national_estimate,
    make_pay_release,
    make_program,
    make_topic,
)

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ATOM_NS = {"atom": "http://www.w3.org/2005/Atom"}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://guide.example.org"


@pytest.fixture
def content():
    """One of each thing the public may see, and one of each thing it may not."""
    topic = make_topic(name="Credentials")
    empty_topic = make_topic(name="Empty topic")
    now = timezone.now()
    live = make_article(title="Live guide", topic=topic)
    draft = make_article(
        title="Draft guide", topic=topic, status="draft", published_at=None
    )
    scheduled = make_article(
        title="Scheduled guide", topic=topic, published_at=now + timedelta(days=3)
    )
    public = make_program(
        institution=make_institution(name="Public College", state="TX")
    )
    withdrawn = make_program(
        status="withdrawn",
        institution=make_institution(name="Withdrawn College", state="WY"),
    )
    inactive = make_program(
        is_active=False,
        institution=make_institution(name="Inactive College", state="VT"),
    )
    return {
        "shown": [live, topic, public, public.institution],
        "hidden": [
            draft,
            scheduled,
            empty_topic,
            withdrawn,
            withdrawn.institution,
            inactive,
            inactive.institution,
        ],
        "live": live,
    }


def _locations(client, url=None):
    response = client.get(url or reverse("sitemap"))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        loc.text: node
        for node in root.findall("sm:url", SITEMAP_NS)
        for loc in node.findall("sm:loc", SITEMAP_NS)
    }


def test_sitemap_lists_public_content_on_site_url_and_nothing_hidden(client, content):
    make_national_estimate(
        make_pay_release()
    )  # the pay pages answer once a release is loaded
    locations = _locations(client)
    for obj in content["shown"]:
        assert f"https://guide.example.org{obj.get_absolute_url()}" in locations
    for obj in content["hidden"]:
        assert f"https://guide.example.org{obj.get_absolute_url()}" not in locations
    for name in [
        "home",
        "about",
        "articles:list",
        "schools:finder",
        "schools:states",
        "careers:salary",
        "careers:eligibility",
    ]:
        assert f"https://guide.example.org{reverse(name)}" in locations
    assert all(url.startswith("https://guide.example.org/") for url in locations)
    assert "https://guide.example.org/schools/states/tx/" in locations
    for code in ["wy", "vt", "nd"]:
        assert f"https://guide.example.org/schools/states/{code}/" not in locations


def test_sitemap_article_lastmod_is_updated_at(client, content):
    live = content["live"]
    node = _locations(client)[f"https://guide.example.org{live.get_absolute_url()}"]
    assert (
        node.find("sm:lastmod", SITEMAP_NS).text
        == timezone.localdate(live.updated_at).isoformat()
    )


def _sitemap_queries(client) -> int:
    clear_caches()  # measure the uncached page
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    return len(queries)


def test_sitemap_queries_do_not_grow_with_content(client):
    client.get(reverse("sitemap"))  # the Site row is cached after the first request
    for _ in range(3):
        make_article(topic=make_topic())
        make_program()
    small = _sitemap_queries(client)
    for _ in range(27):
        make_article(topic=make_topic())
        make_program()
    assert _sitemap_queries(client) == small <= 12


def test_robots_txt_disallows_admin_and_preview_and_names_the_sitemap(client, settings):
    response = client.get(reverse("robots"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert f"Disallow: /{settings.ADMIN_PATH}" in lines
    assert "Disallow: /guides/preview/" in lines
    assert "Allow: /" in lines
    assert "Sitemap: https://guide.example.org/sitemap.xml" in lines


def test_rss_feed_lists_only_published_guides_with_absolute_links(client, content):
    response = client.get(reverse("feeds-guides"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Live guide"]
    item = channel.find("item")
    assert (
        item.findtext("link")
        == f"https://guide.example.org{content['live'].get_absolute_url()}"
    )
    assert item.findtext("description") == content["live"].dek
    assert item.findtext("category") == "Credentials"
    assert channel.findtext("link") == "https://guide.example.org/guides/"


def test_atom_feed_lists_only_published_guides(client, content):
    response = client.get(reverse("feeds-guides-atom"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall("atom:entry", ATOM_NS)
    assert [entry.findtext("atom:title", namespaces=ATOM_NS) for entry in entries] == [
        "Live guide"
    ]
    assert (
        entries[0]
        .find("atom:link", ATOM_NS)
        .get("href")
        .startswith("https://guide.example.org/guides/")
    )
    assert entries[0].findtext("atom:updated", namespaces=ATOM_NS)
    self_link = [
        link for link in feed.findall("atom:link", ATOM_NS) if link.get("rel") == "self"
    ][0]
    assert self_link.get("href") == "https://guide.example.org/feeds/guides/atom/"


def test_feed_queries_do_not_grow_with_articles(client, django_assert_max_num_queries):
    for _ in range(25):
        make_article()
    with django_assert_max_num_queries(3):
        response = client.get(reverse("feeds-guides"))
    assert response.content.count(b"<item>") == 20


def test_every_sitemap_url_answers_200(client, content):
    for url in _locations(client):
        path = url.removeprefix("https://guide.example.org")
        assert client.get(path).status_code == 200, path
