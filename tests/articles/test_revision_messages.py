"""Each revision's comment names exactly the fields that changed, or none (issue 18, item 5).

The rich-text editor posts headings without the ids the site adds on save, so the posted body differs in
text from the stored one while saying the same thing: that is not a change.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from tests.articles.admin_helpers import article_post_data
from tests.articles.workflow_helpers import make_editor
from tests.factories import make_article, make_source

pytestmark = pytest.mark.django_db

STORED_BODY = "<h2>Intro</h2><p>Live paragraph.</p>"
# What the editor sends back for the same body: no heading ids.
POSTED_BODY = "<h2>Intro</h2><p>Live paragraph.</p>"


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _last_comment(article) -> str:
    return Version.objects.get_for_object(article).order_by("-pk")[0].revision.comment


@pytest.fixture
def senior(client):
    user = make_editor(
        "senior", first_name="Sam", last_name="Ito", may_publish_without_review=True
    )
    client.force_login(user)
    return user


@pytest.fixture
def live():
    article = make_article(title="Live guide", body=STORED_BODY)
    make_source(article, title="BLS", url="https://www.bls.gov/")
    return Article.objects.get(pk=article.pk)


def _post(client, article, *, button: dict, **changes):
    data = article_post_data(article, body=POSTED_BODY)
    data.pop("_continue")
    data.update(button)
    data.update(changes)
    return client.post(_change_url(article), data)


PAST = {"_schedule": "Schedule", "go_live_at": "2001-01-01T09:00"}


@pytest.mark.parametrize(
    ("button", "changes", "named", "not_named"),
    [
        (
            {"_save_draft": "1"},
            {},
            "saved a draft. No fields changed.",
            ["Body", "Summary"],
        ),
        ({"_save_draft": "1"}, {"dek": "A new summary."}, "Changed Summary.", ["Body"]),
        (
            {"_save_draft": "1"},
            {"title": "New title", "body": "<h2>Intro</h2><p>New.</p>"},
            "Changed Title and Body.",
            ["Summary"],
        ),
        (
            {"_save_draft": "1"},
            {"sources-0-title": "Bureau of Labor Statistics"},
            "saved a draft. Changed Sources.",
            ["Body"],
        ),
        (PAST, {}, "No fields changed.", ["Body"]),
        ({"_publish": "Publish changes"}, {}, "published the changes", ["Body"]),
        (
            {"_publish": "Publish changes"},
            {"dek": "Published summary."},
            "Changed Summary.",
            ["Body"],
        ),
    ],
)
def test_a_live_articles_revision_names_only_what_changed(
    client, senior, live, button, changes, named, not_named
):
    _post(client, live, button=button, **changes)
    comment = _last_comment(live)
    assert named in comment
    for label in not_named:
        assert label not in comment, comment


def test_a_draft_articles_revision_names_only_what_changed(client, senior):
    article = make_article(
        title="Not live", body=STORED_BODY, status=Article.Status.DRAFT
    )
    article = Article.objects.get(pk=article.pk)
    data = article_post_data(article, body=POSTED_BODY, dek="Changed summary.")
    assert client.post(_change_url(article), data).status_code == 302
    comment = _last_comment(article)
    assert "Summary" in comment and "Body" not in comment, comment


def test_scheduling_names_the_time_once_and_no_field(client, senior, live):
    when = timezone.localtime() + timedelta(days=1)
    _post(
        client,
        live,
        button={"_schedule": "Schedule", "go_live_at": when.strftime("%Y-%m-%dT%H:%M")},
    )
    comment = _last_comment(live)
    assert "scheduled the changes for" in comment and "Body" not in comment, comment
