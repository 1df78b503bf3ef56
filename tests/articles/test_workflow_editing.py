"""The editorial context of one admin request (articles.workflow.selectors.article_editing)."""

from datetime import timedelta

import pytest
import reversion
from django.utils import timezone
from reversion.models import Version

from articles.editorial import article_live_state
from articles.models import Article
from articles.workflow import services
from articles.workflow.rules import Action, State
from articles.workflow.selectors import article_editing, article_state_label
from tests.articles.workflow_helpers import content_of, live_sources_of, make_editor
from tests.factories import make_article, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return make_editor("editor", first_name="Dana", last_name="Reyes")


def test_an_article_that_is_not_live_is_edited_directly(editor):
    article = make_article(status="draft", published_at=None)
    editing = article_editing(article=article, user=editor)
    assert not editing.workflow
    assert editing.state == State.DRAFT and editing.status_label == "Draft"
    assert editing.draft is None and editing.form_draft is None
    assert editing.sources_initial == () and editing.allowed == frozenset()


def test_a_scheduled_first_publication_is_edited_directly(editor):
    article = make_article(published_at=timezone.now() + timedelta(days=1))
    editing = article_editing(article=article, user=editor)
    assert not editing.workflow
    assert editing.state == State.SCHEDULED
    assert editing.status_label.startswith("Scheduled for ")


def test_a_live_article_without_a_draft_shows_its_own_sources(editor):
    article = make_article()
    make_source(article, title="BLS", url="https://www.bls.gov/", position=1)
    editing = article_editing(article=article, user=editor)
    assert editing.workflow and editing.state == State.LIVE
    assert editing.status_label == "Live"
    assert editing.form_draft is None
    assert [s["title"] for s in editing.sources_initial] == ["BLS"]
    assert Action.SUBMIT in editing.allowed and Action.PUBLISH not in editing.allowed


def test_a_live_article_with_a_draft_shows_the_draft_and_one_status(editor):
    article = make_article()
    services.article_save_draft(
        article=article,
        user=editor,
        content=content_of(article, title="Next version"),
        sources=[
            {"title": "O*NET", "publisher": "", "url": "https://x.org/", "period": ""}
        ],
    )
    article = Article.objects.get(pk=article.pk)
    editing = article_editing(article=article, user=editor)
    assert editing.workflow and editing.state == State.LIVE_DRAFT
    assert editing.draft is not None and editing.form_draft == editing.draft
    assert editing.status_label == article_state_label(article)
    assert editing.status_label.startswith("Live + draft changes (Dana Reyes, ")
    assert [(s["title"], s["position"]) for s in editing.sources_initial] == [
        ("O*NET", 1)
    ]


def test_a_recovered_article_is_saved_as_it_was(editor):
    article = make_article()
    editing = article_editing(article=article, user=editor, recovering=True)
    assert not editing.workflow and editing.recovering


def test_in_the_revision_view_the_stored_row_decides_and_a_revision_without_a_draft_shows_the_live_content(
    editor,
):
    article = make_article()
    with reversion.create_revision():
        article.save()
    services.article_save_draft(
        article=article,
        user=editor,
        content=content_of(article, title="Next version"),
        sources=live_sources_of(article),
    )
    first = Version.objects.get_for_object(article).order_by("pk").first()
    article = Article.objects.get(pk=article.pk)
    live = article_live_state(pk=article.pk)
    # As reverted: an old revision may have been a draft article; the stored row was live.
    article.status = Article.Status.DRAFT
    editing = article_editing(
        article=article, user=editor, revision=first.revision, live_state=live
    )
    assert editing.workflow and editing.live_state == live
    assert editing.revision == first.revision
    assert editing.draft is not None and editing.form_draft is None
