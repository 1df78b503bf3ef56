from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "days", "visible"),
    [
        ("published", -1, True),
        ("published", 1, False),
        ("draft", -1, False),
        ("draft", 1, False),
    ],
)
def test_published_hides_drafts_and_scheduled(status, days, visible):
    now = timezone.now()
    article = make_article(status=status, published_at=now + timedelta(days=days))
    assert Article.objects.published(now=now).filter(pk=article.pk).exists() is visible


def test_scheduled_article_appears_when_its_time_comes():
    now = timezone.now()
    article = make_article(published_at=now + timedelta(hours=2))
    assert not Article.objects.published(now=now).filter(pk=article.pk).exists()
    assert (
        Article.objects.published(now=now + timedelta(hours=3))
        .filter(pk=article.pk)
        .exists()
    )
    assert Article.objects.scheduled(now=now).filter(pk=article.pk).exists()


def test_body_is_sanitized_on_save():
    article = make_article(
        body='<h2>Hi</h2><script>alert(1)</script><img src=x onerror="alert(1)"><p onclick="x()">ok</p>'
    )
    article.refresh_from_db()
    assert "<script" not in article.body
    assert "onerror" not in article.body
    assert "onclick" not in article.body
    assert "<img" not in article.body
    assert "<p>ok</p>" in article.body


def test_seo_fallbacks():
    article = make_article(title="Title", dek="The dek.")
    assert article.page_title == "Title"
    assert article.description == "The dek."
    article.seo_title, article.meta_description = "SEO", "Meta"
    assert (article.page_title, article.description) == ("SEO", "Meta")


def test_pages_never_load_the_search_document(client):
    article = make_article()
    pages = [
        article.get_absolute_url(),
        article.topic.get_absolute_url(),
        reverse("articles:list"),
        reverse("home"),
        reverse("feeds-guides"),
    ]
    with CaptureQueriesContext(connection) as queries:
        for url in pages:
            assert client.get(url).status_code == 200
    selects = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    assert any('"articles_article"' in sql for sql in selects)
    assert not any("search_document" in sql for sql in selects)
    # Saving an article loaded by a page's queryset does not need the field either.
    loaded = Article.objects.get(pk=article.pk)
    assert "search_document" in loaded.get_deferred_fields()
    loaded.title = "Renamed"
    loaded.save()
    assert Article.objects.get(pk=article.pk).title == "Renamed"
