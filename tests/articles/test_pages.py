from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import make_article, make_source, make_topic

pytestmark = pytest.mark.django_db


def test_article_page_has_byline_dates_toc_and_sources(client):
    article = make_article(last_reviewed_on=timezone.localdate())
    make_source(article, title="BLS Occupational Outlook Handbook", period="2024-34")
    response = client.get(article.get_absolute_url())
    assertContains(response, "<h1", count=1)
    assertContains(response, article.title)
    assertContains(response, "RHIA, CCS")
    assertContains(response, 'href="#first-section"')
    assertContains(response, 'id="first-section"')
    assertContains(response, "BLS Occupational Outlook Handbook")
    assertContains(response, "Last reviewed")


@pytest.mark.parametrize("change", [{"status": "draft"}, {"published_at_days": 2}])
def test_drafts_and_scheduled_articles_are_404(client, change):
    published_at = timezone.now() + timedelta(days=change.get("published_at_days", -1))
    article = make_article(
        status=change.get("status", "published"), published_at=published_at
    )
    assert client.get(article.get_absolute_url()).status_code == 404


def test_lists_show_only_published(client):
    topic = make_topic()
    live = make_article(topic=topic, title="Live guide")
    make_article(topic=topic, title="Hidden draft", status="draft")
    for url in [reverse("articles:list"), topic.get_absolute_url(), reverse("home")]:
        response = client.get(url)
        assertContains(response, live.title)
        assertNotContains(response, "Hidden draft")


def test_unknown_url_gets_friendly_404(client):
    response = client.get("/no/such/page/")
    assertContains(response, "couldn't find that page", status_code=404)
