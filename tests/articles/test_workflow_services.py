"""Working drafts, review and scheduled changes through the services, each a revision that says who did what."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.redirects.models import Redirect
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, ArticleDraft
from articles.workflow import services
from articles.workflow.rules import State
from articles.workflow.schedule import next_change_at
from articles.workflow.selectors import (
    article_state,
    article_state_label,
    scheduled_changes_between,
)
from tests.articles.workflow_helpers import (
    content_of,
    live_sources_of,
    make_editor,
    make_reviewer,
)
from tests.factories import make_article, make_source

pytestmark = pytest.mark.django_db

# Tomorrow: the factories' articles went live yesterday.
NOON = (timezone.now() + timedelta(days=1)).replace(microsecond=0)


@pytest.fixture
def editor():
    return make_editor("editor", first_name="Dana", last_name="Reyes")


@pytest.fixture
def reviewer():
    return make_reviewer("reviewer", first_name="Lee", last_name="Park")


def _save(article, user, **changes):
    return services.article_save_draft(
        article=article,
        user=user,
        content=content_of(article, **changes),
        sources=changes.pop("sources", None) or live_sources_of(article),
    )


def _comments(article) -> list[str]:
    return [
        v.revision.comment
        for v in Version.objects.get_for_object(article).order_by("pk")
    ]


def test_saving_a_draft_leaves_the_live_article_alone(editor):
    article = make_article(title="Live title", body="<p>Live text.</p>")
    make_source(article, title="BLS", url="https://www.bls.gov/")
    edit_count = article.edit_count
    draft = _save(
        article, editor, title="New title", body="<h2>New</h2><p>New text.</p>"
    )
    article.refresh_from_db()
    assert (article.title, article.body) == ("Live title", "<p>Live text.</p>")
    assert article.edit_count == edit_count + 1  # the edit-conflict token moved
    assert draft.state == State.LIVE_DRAFT and draft.updated_by == editor
    # sanitized like the article
    assert draft.body == '<h2 id="new">New</h2><p>New text.</p>'
    assert draft.sources == [
        {
            "title": "BLS",
            "publisher": "",
            "url": "https://www.bls.gov/",
            "period": "May 2024",
        }
    ]
    assert article_state(article) == State.LIVE_DRAFT
    assert article_state_label(article).startswith("Live + draft changes (Dana Reyes, ")
    assert _comments(article) == ["Dana Reyes saved a draft. Changed Title and Body."]


def test_the_whole_review_story_is_in_the_history(editor, reviewer):
    article = make_article(body="<p>Old.</p>")
    _save(article, editor, body="<p>First try.</p>")
    services.article_submit_for_review(article=article, user=editor)
    with pytest.raises(services.WorkflowError, match="Say what should change"):
        services.article_request_changes(article=article, user=reviewer, comment=" ")
    services.article_request_changes(
        article=article, user=reviewer, comment="Cite the 2024 figure."
    )
    draft = ArticleDraft.objects.get(article=article)
    assert (draft.state, draft.review_note) == (
        "changes_requested",
        "Cite the 2024 figure.",
    )
    _save(article, editor, body="<p>Second try.</p>")
    assert ArticleDraft.objects.get(article=article).state == State.CHANGES_REQUESTED
    services.article_submit_for_review(article=article, user=editor)
    services.article_approve(article=article, user=reviewer, note="Good.", now=NOON)
    services.article_publish_draft(article=article, user=editor)
    article.refresh_from_db()
    assert article.body == "<p>Second try.</p>"
    assert not ArticleDraft.objects.filter(article=article).exists()
    assert article.reviewed_by.user == reviewer
    assert article.reviewed_on == timezone.localdate(NOON)
    assert _comments(article) == [
        "Dana Reyes saved a draft. Changed Body.",
        "Dana Reyes submitted the changes for review.",
        "Lee Park requested changes: Cite the 2024 figure.",
        "Dana Reyes saved a draft. Changed Body.",
        "Dana Reyes submitted the changes for review.",
        "Lee Park approved the changes. Note: Good.",
        "Dana Reyes published the changes.",
    ]


def test_an_editor_cannot_publish_unreviewed_changes(editor):
    article = make_article(body="<p>Old.</p>")
    _save(article, editor, body="<p>Unreviewed.</p>")
    with pytest.raises(services.WorkflowError, match="needs an approved review"):
        services.article_publish_draft(article=article, user=editor)
    article.refresh_from_db()
    assert article.body == "<p>Old.</p>"


def test_publishing_without_review_needs_the_permission_and_clears_the_review_line(
    reviewer,
):
    senior = make_editor("senior", may_publish_without_review=True)
    article = make_article(body="<p>Old.</p>")
    article.reviewed_by = reviewer.author_profile
    article.reviewed_on = timezone.localdate(NOON)
    article.save()
    _save(article, senior, body="<p>Typo fixed.</p>")
    services.article_publish_draft(article=article, user=senior)
    article.refresh_from_db()
    assert article.body == "<p>Typo fixed.</p>"
    assert (article.reviewed_by, article.reviewed_on) == (None, None)


def test_changing_approved_text_needs_a_new_review_but_an_unchanged_save_keeps_it(
    editor, reviewer
):
    article = make_article(body="<p>Old.</p>")
    _save(article, editor, body="<p>New.</p>")
    services.article_submit_for_review(article=article, user=editor)
    services.article_approve(article=article, user=reviewer)
    _save(article, editor, body="<p>New.</p>")
    assert ArticleDraft.objects.get(article=article).state == State.APPROVED
    _save(article, editor, body="<p>Newer.</p>")
    draft = ArticleDraft.objects.get(article=article)
    assert (draft.state, draft.approved) == (State.LIVE_DRAFT, False)


def test_a_reviewer_cannot_approve_their_own_submission():
    both = make_reviewer("both", credentials=None)
    both.groups.add(Group.objects.get(name="Editors"))
    article = make_article()
    _save(article, both, title="Mine")
    services.article_submit_for_review(article=article, user=both)
    with pytest.raises(services.WorkflowError, match="another reviewer"):
        services.article_approve(article=article, user=both)


def test_discarding_keeps_a_copy_in_the_history(editor):
    article = make_article(title="Live")
    _save(article, editor, title="Discard me")
    services.article_discard_draft(article=article, user=editor)
    assert not ArticleDraft.objects.filter(article=article).exists()
    assert Article.objects.get(pk=article.pk).title == "Live"
    last = Version.objects.get_for_object(article).first().revision
    assert last.comment == "Dana Reyes discarded the draft changes."
    kept = last.version_set.get(content_type__model="articledraft")
    assert kept.field_dict["title"] == "Discard me"


def test_publishing_a_draft_with_a_new_slug_redirects_the_old_address(editor, reviewer):
    article = make_article(slug="ccs-exam")
    _save(article, editor, slug="ccs-exam-guide")
    services.article_submit_for_review(article=article, user=editor)
    services.article_approve(article=article, user=reviewer)
    services.article_publish_draft(article=article, user=editor)
    assert Redirect.objects.get(old_path="/guides/ccs-exam/").new_path == (
        "/guides/ccs-exam-guide/"
    )


def test_publishing_keeps_source_rows_of_unchanged_urls(editor, reviewer):
    article = make_article()
    kept = make_source(article, title="BLS", url="https://www.bls.gov/", position=1)
    make_source(article, title="Gone", url="https://example.org/gone", position=2)
    sources = [
        {
            "title": "AHIMA",
            "publisher": "",
            "url": "https://www.ahima.org/",
            "period": "",
        },
        {
            "title": "BLS OOH",
            "publisher": "BLS",
            "url": "https://www.bls.gov/",
            "period": "",
        },
    ]
    _save(article, editor, sources=sources)
    services.article_submit_for_review(article=article, user=editor)
    services.article_approve(article=article, user=reviewer)
    services.article_publish_draft(article=article, user=editor)
    rows = list(article.sources.values_list("pk", "title", "position"))
    assert rows[1] == (kept.pk, "BLS OOH", 2)
    assert [title for _, title, _ in rows] == ["AHIMA", "BLS OOH"]


def _approved(article, editor, reviewer, **changes):
    _save(article, editor, **changes)
    services.article_submit_for_review(article=article, user=editor)
    services.article_approve(article=article, user=reviewer)


def test_scheduled_changes_go_live_at_their_time_and_not_before(editor, reviewer):
    article = make_article(title="Old title")
    _approved(article, editor, reviewer, title="New title")
    with pytest.raises(services.WorkflowError, match="future"):
        services.article_schedule_changes(
            article=article, user=editor, go_live_at=NOON, now=NOON
        )
    services.article_schedule_changes(
        article=article, user=editor, go_live_at=NOON + timedelta(hours=1), now=NOON
    )
    assert article_state(article, now=NOON) == State.SCHEDULED
    assert next_change_at(now=NOON) == NOON + timedelta(hours=1)
    found = scheduled_changes_between(NOON, NOON + timedelta(days=1))
    assert [d.article_id for d in found] == [article.pk]
    assert not scheduled_changes_between(
        NOON + timedelta(hours=2), NOON + timedelta(days=1)
    )

    assert services.apply_due_scheduled_changes(NOON + timedelta(minutes=59)) == 0
    assert Article.objects.get(pk=article.pk).title == "Old title"
    assert services.apply_due_scheduled_changes(NOON + timedelta(hours=1)) == 1
    article.refresh_from_db()
    assert article.title == "New title"
    assert article.reviewed_by.user == reviewer
    assert _comments(article)[-1] == "The scheduled changes went live."
    assert services.apply_due_scheduled_changes(NOON + timedelta(hours=2)) == 0


def test_a_scheduled_change_that_cannot_go_live_goes_back_to_approved(editor, reviewer):
    article = make_article(slug="one")
    _approved(article, editor, reviewer, slug="two")
    services.article_schedule_changes(
        article=article, user=editor, go_live_at=NOON + timedelta(hours=1), now=NOON
    )
    make_article(slug="two")  # someone took the slug meanwhile
    assert services.apply_due_scheduled_changes(NOON + timedelta(hours=1)) == 0
    draft = ArticleDraft.objects.get(article=article)
    assert draft.state == State.APPROVED and draft.go_live_at is None
    assert "slug" in draft.review_note


def test_publish_scheduled_command(editor, reviewer, time_machine, capsys):
    article = make_article(title="Old")
    _approved(article, editor, reviewer, title="New")
    time_machine.move_to(NOON, tick=False)
    services.article_schedule_changes(
        article=article, user=editor, go_live_at=NOON + timedelta(minutes=5)
    )
    call_command("publish_scheduled")
    assert "0 scheduled change(s) published." in capsys.readouterr().out
    time_machine.move_to(NOON + timedelta(minutes=5), tick=False)
    call_command("publish_scheduled")
    assert "1 scheduled change(s) published." in capsys.readouterr().out
    assert Article.objects.get(pk=article.pk).title == "New"


def test_a_draft_article_is_edited_directly_not_through_a_draft(editor):
    article = make_article(status="draft", published_at=None)
    with pytest.raises(services.WorkflowError, match="not live"):
        _save(article, editor, title="No")


def test_an_unreachable_schedule_store_never_fails_a_page_and_logs_once_a_minute(
    client, monkeypatch, caplog, time_machine
):
    """Redis down: every request fails the go-live check; the page is served and one error a minute is logged."""

    def unreachable():
        raise ConnectionError(
            "Error 111 connecting to 127.0.0.1:6379. Connection refused."
        )

    monkeypatch.setattr("articles.workflow.middleware.read_first_go_live", unreachable)
    monkeypatch.setattr("articles.workflow.middleware.time.monotonic", lambda: clock[0])
    clock = [1000.0]
    caplog.set_level("ERROR", logger="articles.workflow.middleware")
    # A new address each time: the page cache cannot answer, so every request reaches the check.
    for n in range(5):
        assert client.get(f"/guides/?n={n}").status_code == 200
    assert len(caplog.records) == 1
    clock[0] += 61
    assert client.get("/guides/?n=later").status_code == 200
    assert len(caplog.records) == 2
