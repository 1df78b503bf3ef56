"""The article page shows the body and table of contents stored on save, equal to a fresh render."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from articles.models import Article
from articles.sanitize import sanitize_html
from articles.services import guide_seed
from articles.toc import add_heading_ids, table_of_contents
from tests.factories import make_article

pytestmark = pytest.mark.django_db

BODY = (
    '<h2>Pay &amp; <em>hours</em></h2><p>Text <a href="https://example.org/">x</a></p>'
    '<script>alert(1)</script><h2 id="old">Pay &amp; hours</h2><h3>Detail</h3>'
    "<h2></h2><p>More.</p>"
)


def fresh_render(source: str) -> tuple[str, list[dict]]:
    body = add_heading_ids(sanitize_html(source))
    toc = [{"anchor": h.anchor, "text": h.text} for h in table_of_contents(body)]
    return body, toc


def assert_stored_is_fresh(article: Article, source: str) -> None:
    article = Article.objects.get(pk=article.pk)
    assert (article.body, article.toc) == fresh_render(source)


def test_stored_on_create_and_on_every_edit():
    article = make_article(body=BODY)
    assert_stored_is_fresh(article, BODY)
    assert [entry["anchor"] for entry in article.toc] == [
        "pay-hours",
        "pay-hours-2",
        "section",
    ]
    article.body = "<h2>Only one</h2><p>Now.</p>"
    article.save()
    assert_stored_is_fresh(article, "<h2>Only one</h2><p>Now.</p>")
    article.body = "<p>No headings.</p>"
    article.save(update_fields=["body"])
    assert_stored_is_fresh(article, "<p>No headings.</p>")
    assert Article.objects.get(pk=article.pk).toc == []


def test_saving_other_fields_keeps_the_stored_render():
    article = make_article(body=BODY)
    article.title = "New title"
    article.save(update_fields=["title"])
    assert_stored_is_fresh(article, BODY)


def test_seeded_articles_store_a_fresh_render():
    guide_seed()
    articles = list(Article.objects.all())
    assert articles
    for article in articles:
        body, toc = fresh_render(article.body)
        # Rendering the stored body again changes nothing: it is the rendered form.
        assert (article.body, article.toc) == (body, toc), article.slug
        assert toc, article.slug


def test_the_page_shows_the_stored_table_of_contents(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    article = make_article(body=BODY)
    # A stored table of contents is what the page reads; the body is not parsed per request.
    Article.objects.filter(pk=article.pk).update(
        toc=[{"anchor": "pay-hours", "text": "Stored entry"}]
    )
    response = client.get(reverse("articles:detail", kwargs={"slug": article.slug}))
    assertContains(
        response, '<li><a href="#pay-hours">Stored entry</a></li>', html=True
    )
    assertContains(
        response, '<h2 id="pay-hours">Pay &amp; <em>hours</em></h2>', html=True
    )
