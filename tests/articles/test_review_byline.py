"""The public byline and JSON-LD name an expert reviewer only when one really approved the live text."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article
from articles.workflow import services
from tests.articles.workflow_helpers import content_of, make_editor, make_reviewer
from tests.factories import make_article
from tests.site.test_seo import _head

pytestmark = pytest.mark.django_db


def _approve_and_publish(article, reviewer, **changes):
    editor = make_editor()
    services.article_save_draft(
        article=article, user=editor, content=content_of(article, **changes), sources=[]
    )
    services.article_submit_for_review(article=article, user=editor)
    services.article_approve(article=article, user=reviewer)
    services.article_publish_draft(article=article, user=editor)
    return Article.objects.get(pk=article.pk)


def test_an_approval_by_a_credentialed_reviewer_shows_on_the_byline_and_in_json_ld(
    client,
):
    reviewer = make_reviewer(
        "lee", first_name="Lee", last_name="Park", credentials="RHIA, CCS"
    )
    article = _approve_and_publish(make_article(), reviewer, body="<p>Checked.</p>")
    today = timezone.localdate()
    page = client.get(article.get_absolute_url())
    assertContains(
        page,
        f'Reviewed by <a href="{reviewer.author_profile.get_absolute_url()}">Lee Park, RHIA, CCS</a> on '
        f'<time datetime="{today:%Y-%m-%d}">',
    )
    webpage = _head(client, article.get_absolute_url()).jsonld_types()["Article"][
        "mainEntityOfPage"
    ]
    assert webpage["reviewedBy"]["name"] == "Lee Park"
    assert webpage["reviewedBy"]["honorificSuffix"] == "RHIA, CCS"
    assert webpage["lastReviewed"] == today.isoformat()


@pytest.mark.parametrize("credentials", [None, ""])
def test_no_review_line_without_a_credentialed_author_profile(client, credentials):
    reviewer = make_reviewer("lee", credentials=credentials)
    article = _approve_and_publish(make_article(), reviewer, body="<p>Checked.</p>")
    assertNotContains(client.get(article.get_absolute_url()), "Reviewed by")
    webpage = _head(client, article.get_absolute_url()).jsonld_types()["Article"][
        "mainEntityOfPage"
    ]
    assert "reviewedBy" not in webpage


def test_the_seed_names_no_reviewer(client):
    call_command("seed_content", verbosity=0)
    for article in Article.objects.published():
        page = client.get(article.get_absolute_url())
        assertNotContains(page, "Reviewed by")
        assertNotContains(page, "reviewedBy")


def test_article_page_query_count_does_not_grow_with_the_review(
    client, django_assert_max_num_queries
):
    reviewer = make_reviewer()
    article = _approve_and_publish(make_article(), reviewer, body="<p>Checked.</p>")
    client.get(article.get_absolute_url())
    with django_assert_max_num_queries(5):
        assertContains(client.get(article.get_absolute_url()), "Reviewed by")


def test_readers_see_scheduled_changes_at_their_time_through_the_page_cache(
    client, settings
):
    settings.PAGE_CACHE_ENABLED = True
    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    reviewer = make_reviewer()
    editor = make_editor()
    article = make_article(body="<p>Old paragraph.</p>")
    services.article_save_draft(
        article=article,
        user=editor,
        content=content_of(article, body="<p>New paragraph.</p>"),
        sources=[],
    )
    services.article_submit_for_review(article=article, user=editor)
    services.article_approve(article=article, user=reviewer)
    url = article.get_absolute_url()
    with time_machine.travel(start, tick=False) as traveller:
        services.article_schedule_changes(
            article=article, user=editor, go_live_at=start + timedelta(minutes=30)
        )
        assertContains(client.get(url), "Old paragraph.")
        traveller.shift(timedelta(minutes=29, seconds=30))
        cached = client.get(url)
        assertContains(cached, "Old paragraph.")
        # Neither we nor a CDN keep the page past the go-live time.
        assert "max-age=30" in cached["Cache-Control"]
        assert "s-maxage=30" in cached["Cache-Control"]
        traveller.shift(timedelta(seconds=30))
        fresh = client.get(url)
        assertContains(fresh, "New paragraph.")
        assertContains(fresh, "Reviewed by")
        listing = client.get(reverse("articles:list"))
        assert listing.status_code == 200
    article.refresh_from_db()
    assert article.body == "<p>New paragraph.</p>"
    assert not hasattr(article, "draft")
