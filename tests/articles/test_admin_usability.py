"""What the article admin tells reviewers and editors (issue 18, §3)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article, ArticleDraft
from articles.workflow import services
from articles.workflow.admin import draft_saved_message, published_message
from articles.workflow.rules import State
from tests.articles.admin_helpers import article_post_data
from tests.articles.workflow_helpers import (
    content_of,
    make_editor,
    make_reviewer,
    workflow_group,
)
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.fixture
def editor(client):
    user = make_editor("editor", first_name="Dana", last_name="Reyes")
    client.force_login(user)
    return user


@pytest.fixture
def in_review(editor):
    article = make_article(title="Live guide", body="<h2>Intro</h2><p>Live.</p>")
    services.article_save_draft(
        article=article,
        user=editor,
        content=content_of(article, body="<h2>Intro</h2><p>Draft text.</p>"),
    )
    services.article_submit_for_review(article=article, user=editor)
    return Article.objects.get(pk=article.pk)


def _save(client, article, **changes):
    article = Article.objects.get(pk=article.pk)
    data = article_post_data(article.draft.applied_to(article), **changes)
    data.pop("_continue")
    data["_save_draft"] = "Save draft"
    return client.post(_change_url(article), data)


# Editors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "words"),
    [
        (State.IN_REVIEW, State.LIVE_DRAFT, "took it out of review"),
        (State.IN_REVIEW, State.IN_REVIEW, "still in review"),
        (State.APPROVED, State.LIVE_DRAFT, "need a new review"),
        (State.SCHEDULED, State.LIVE_DRAFT, "go-live is cancelled"),
        (
            State.LIVE_DRAFT,
            State.LIVE_DRAFT,
            "Draft saved. The live page is unchanged.",
        ),
        (None, State.LIVE_DRAFT, "Draft saved. The live page is unchanged."),
    ],
)
def test_draft_saved_message_says_what_happened_to_the_review(before, after, words):
    assert words in draft_saved_message(before=before, after=after)


def test_saving_a_change_in_review_says_it_left_review(client, in_review):
    form = client.get(_change_url(in_review))
    assertContains(form, "Saving a change takes it out of review")
    response = _save(client, in_review, dek="A changed summary.")
    assert "took it out of review" in _messages(response)
    assert ArticleDraft.objects.get(article=in_review).state == State.LIVE_DRAFT


def test_saving_an_unchanged_draft_in_review_keeps_it_there(client, in_review):
    response = _save(client, in_review)
    assert "still in review" in _messages(response)
    assert ArticleDraft.objects.get(article=in_review).state == State.IN_REVIEW


def test_published_message_says_when_browsers_show_it(settings):
    settings.PAGE_CACHE_MAX_AGE = 60
    assert "up to a minute" in published_message()
    settings.PAGE_CACHE_MAX_AGE = 30
    assert "up to 30 seconds" in published_message()


def test_go_live_at_names_the_time_zone(client, settings):
    settings.TIME_ZONE = "America/New_York"
    senior = make_editor("senior", may_publish_without_review=True)
    client.force_login(senior)
    article = make_article(title="Live guide")
    services.article_save_draft(
        article=article, user=senior, content=content_of(article, dek="New.")
    )
    form = client.get(_change_url(article))
    assertContains(form, "Go live at")
    assertContains(form, "time zone: America/New_York, now E")


def test_the_admin_header_names_the_site(admin_client, settings):
    page = admin_client.get(reverse("admin:index"))
    assertContains(page, f"{settings.SITE_NAME} admin")
    assertNotContains(page, "Django administration")


# Reviewers ---------------------------------------------------------------------------


def test_the_reviewers_read_only_view_says_so_and_renders_the_body(client, in_review):
    client.force_login(make_reviewer("lee"))
    page = client.get(_change_url(in_review))
    assertContains(page, "You are viewing the draft (read only)")
    assertNotContains(page, "You are editing the draft")
    assertContains(page, '<h2 id="intro">Intro</h2><p>Draft text.</p>', html=False)
    assertNotContains(page, "&lt;p&gt;Draft text.")
    assertContains(page, reverse("admin:articles_article_review", args=[in_review.pk]))


def test_the_admin_home_counts_changes_waiting_for_review(client, editor, in_review):
    other = make_article(title="Second guide")
    # A reviewer who is an editor too: their own submission is not theirs to review.
    reviewer = make_reviewer("lee")
    reviewer.groups.add(workflow_group("0003_editors_group"))
    services.article_save_draft(
        article=other, user=reviewer, content=content_of(other, dek="New.")
    )
    services.article_submit_for_review(article=other, user=reviewer)
    home = client.get(reverse("admin:index"))
    assertContains(home, "2 changes wait for review")
    assertNotContains(home, "for you")
    client.force_login(reviewer)
    home = client.get(reverse("admin:index"))
    assertContains(home, "2 changes wait for review")
    assertContains(home, "1 of them is for you")
    assertContains(
        home, reverse("admin:articles_article_changelist") + "?state=in_review"
    )


def test_compare_links_back_to_the_review_form(client, in_review):
    client.force_login(make_reviewer("lee"))
    url = reverse("admin:articles_article_compare_draft", args=[in_review.pk])
    review = reverse("admin:articles_article_review", args=[in_review.pk])
    assertContains(client.get(url), f'href="{review}">Back to the review form', count=2)


# After "Changes requested" -------------------------------------------------------------


@pytest.fixture
def changes_requested(client, in_review):
    reviewer = make_reviewer("lee", first_name="Lee", last_name="Park")
    services.article_request_changes(
        article=in_review, user=reviewer, comment="Name the BLS period."
    )
    return in_review


def _submit(client, article, **changes):
    article = Article.objects.get(pk=article.pk)
    data = article_post_data(article.draft.applied_to(article), **changes)
    data.pop("_continue")
    data["_submit_review"] = "Submit for review"
    return client.post(_change_url(article), data)


@pytest.mark.parametrize(
    ("changes", "state", "words"),
    [
        ({}, State.CHANGES_REQUESTED, "Nothing has changed since Lee Park asked"),
        ({"dek": "Now with May 2024."}, State.IN_REVIEW, "submitted for review"),
        (
            {"reply_to_reviewer": "The period is in the table caption."},
            State.IN_REVIEW,
            "submitted for review",
        ),
    ],
)
def test_resubmitting_needs_a_change_or_a_reply(
    client, changes_requested, changes, state, words
):
    form = client.get(_change_url(changes_requested))
    assertContains(form, 'name="reply_to_reviewer"')
    response = _submit(client, changes_requested, **changes)
    assert words in _messages(response)
    assert ArticleDraft.objects.get(article=changes_requested).state == state


def test_the_reviewer_reads_the_editors_reply(client, changes_requested):
    _submit(
        client,
        changes_requested,
        reply_to_reviewer="The period is in the table caption.",
    )
    client.force_login(make_reviewer("kim"))
    page = client.get(
        reverse("admin:articles_article_review", args=[changes_requested.pk])
    )
    assertContains(page, "This change so far")
    assertContains(page, "Lee Park requested changes: Name the BLS period.")
    assertContains(page, "Reply to the reviewer: The period is in the table caption.")


def test_the_service_refuses_an_unchanged_resubmission(changes_requested, editor):
    with pytest.raises(services.WorkflowError, match="Nothing has changed"):
        services.article_submit_for_review(article=changes_requested, user=editor)
    services.article_save_draft(
        article=changes_requested,
        user=editor,
        content=content_of(changes_requested.draft.applied_to(changes_requested)),
    )  # saving without a change is still no change
    with pytest.raises(services.WorkflowError, match="Nothing has changed"):
        services.article_submit_for_review(article=changes_requested, user=editor)
