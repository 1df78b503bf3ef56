"""Times in editors' sentences end cleanly: "4:55 p.m. EST.", never "4:55 p.m.." (issue 18, item 11)."""

from datetime import datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.workflow import services
from careersite.timetext import local_time_text
from tests.articles.admin_helpers import article_post_data
from tests.articles.workflow_helpers import content_of, make_editor, make_reviewer
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("local", "text"),
    [
        (datetime(2027, 1, 5, 16, 55), "Jan. 5, 2027, 4:55 p.m. EST"),
        (datetime(2027, 7, 5, 9, 5), "July 5, 2027, 9:05 a.m. EDT"),
        (datetime(2027, 7, 5, 12, 0), "July 5, 2027, noon EDT"),
    ],
)
def test_local_time_text_names_the_zone(local, text):
    assert local_time_text(timezone.make_aware(local)) == text


def _afternoon() -> datetime:
    """Tomorrow or later at 4:55 p.m. local time."""
    day = timezone.localdate() + timedelta(days=2)
    return timezone.make_aware(datetime(day.year, day.month, day.day, 16, 55))


def test_no_sentence_about_a_time_ends_with_two_periods(client):
    senior = make_editor("senior", may_publish_without_review=True)
    client.force_login(senior)
    article = make_article(title="Live guide")
    when = _afternoon()
    data = article_post_data(article)
    data.pop("_continue")
    data.update(_schedule="Schedule", go_live_at=f"{when:%Y-%m-%dT%H:%M}")
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), data
    )
    texts = {
        "message": " ".join(str(m) for m in get_messages(response.wsgi_request)),
        "history": Version.objects.get_for_object(article)
        .order_by("-pk")[0]
        .revision.comment,
        "history page": client.get(
            reverse("admin:articles_article_history", args=[article.pk])
        ).content.decode(),
    }
    other = make_article(title="In review")
    services.article_save_draft(
        article=other, user=senior, content=content_of(other, dek="New.")
    )
    services.article_submit_for_review(article=other, user=senior, now=when)
    client.force_login(make_reviewer())
    texts["review page"] = client.get(
        reverse("admin:articles_article_review", args=[other.pk])
    ).content.decode()
    for name, text in texts.items():
        assert "4:55 p.m." in text, name
        assert "p.m.." not in text, name
