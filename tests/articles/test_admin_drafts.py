"""The working-draft workflow in the admin: buttons, status, review screens, conflicts and redirects."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article, ArticleDraft
from articles.workflow.rules import State
from tests.articles.admin_helpers import article_post_data
from tests.articles.workflow_helpers import make_editor, make_reviewer
from tests.factories import make_article, make_source

pytestmark = pytest.mark.django_db


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _review_url(article):
    return reverse("admin:articles_article_review", args=[article.pk])


@pytest.fixture
def editor(client):
    user = make_editor("editor", first_name="Dana", last_name="Reyes")
    client.force_login(user)
    return user


@pytest.fixture
def live():
    article = make_article(title="Live guide", body="<p>Live paragraph.</p>")
    make_source(article, title="BLS", url="https://www.bls.gov/")
    return article


def _save_draft(client, article, **changes):
    article = Article.objects.get(pk=article.pk)
    data = article_post_data(article, **changes)
    data.pop("_continue")
    data.setdefault("_save_draft", "Save draft")
    return client.post(_change_url(article), data)


def _form_data_of_draft(article):
    """What the change form would post back, unchanged: the draft's content."""
    article = Article.objects.get(pk=article.pk)
    return article_post_data(article.draft.applied_to(article))


def test_live_article_form_offers_save_draft_first_and_no_publish_without_review(
    client, editor, live
):
    html = client.get(_change_url(live)).content.decode()
    save = html.index('value="Save draft" class="default" name="_save_draft"')
    assert save < html.index('name="_submit_review"')
    assert 'name="_publish"' not in html and 'name="_schedule"' not in html
    assert "Publishing needs an approved review" in html
    unsaved = reverse("articles:preview-unsaved", args=[live.pk])
    assert f'formaction="{unsaved}"' in html
    assert 'formtarget="_blank"' in html
    assert "Status: Live" in html
    assert "Preview live version" in html
    # A live article stays published at its time: status and time are not form fields.
    assert 'name="status"' not in html and 'name="published_at_0"' not in html


def test_draft_article_keeps_todays_buttons(client, editor):
    article = make_article(status="draft", published_at=None)
    html = client.get(_change_url(article)).content.decode()
    assert 'name="_save"' in html and 'name="_continue"' in html
    assert "Save draft" not in html and 'name="status"' in html
    assert "Preview unsaved changes" in html


def test_save_draft_keeps_the_live_page_and_reloads_the_draft(client, editor, live):
    response = _save_draft(
        client, live, title="Draft guide", body="<p>Draft paragraph.</p>"
    )
    assert response.status_code == 302
    assert response["Location"] == _change_url(live)
    live.refresh_from_db()
    assert (live.title, live.body) == ("Live guide", "<p>Live paragraph.</p>")
    draft = ArticleDraft.objects.get(article=live)
    assert (draft.title, draft.body, draft.updated_by) == (
        "Draft guide",
        "<p>Draft paragraph.</p>",
        editor,
    )
    assert [s["title"] for s in draft.sources] == ["BLS"]
    client.logout()
    assertContains(client.get(live.get_absolute_url()), "Live paragraph.")
    assertNotContains(client.get(live.get_absolute_url()), "Draft paragraph.")

    client.force_login(editor)
    html = client.get(_change_url(live)).content.decode()
    assert 'value="Draft guide"' in html and "Draft paragraph." in html
    assert 'name="sources-0-title" value="BLS"' in html
    assert 'name="sources-1-title"' in html and 'name="sources-2-title"' not in html
    assert "Status: Live + draft changes (Dana Reyes, " in html
    assert "Compare draft with live" in html and "Discard draft" in html


def test_every_source_of_a_live_article_is_a_row_of_the_form_and_survives_a_save(
    client, editor, live
):
    for n in range(2, 5):
        make_source(
            live, title=f"Source {n}", url=f"https://example.org/{n}", position=n
        )
    html = client.get(_change_url(live)).content.decode()
    assert 'name="sources-TOTAL_FORMS" value="5"' in html
    assert 'name="sources-INITIAL_FORMS" value="0"' in html
    for n, title in enumerate(["BLS", "Source 2", "Source 3", "Source 4"]):
        assert f'name="sources-{n}-title" value="{title}"' in html
    # The browser posts every row back as it was rendered: unchanged rows are kept.
    data = article_post_data(live, title="Same sources")
    assert client.post(_change_url(live), data).status_code == 302
    draft = ArticleDraft.objects.get(article=live)
    assert [s["title"] for s in draft.sources] == [
        "BLS",
        "Source 2",
        "Source 3",
        "Source 4",
    ]


def test_a_source_ticked_for_deletion_is_left_out_of_the_draft(client, editor, live):
    make_source(live, title="O*NET", url="https://www.onetonline.org/", position=2)
    data = article_post_data(live, title="One source fewer")
    data["sources-0-DELETE"] = "on"
    assert client.post(_change_url(live), data).status_code == 302
    draft = ArticleDraft.objects.get(article=live)
    assert [s["title"] for s in draft.sources] == ["O*NET"]
    # The live rows are untouched until the draft is published.
    assert sorted(live.sources.values_list("title", flat=True)) == ["BLS", "O*NET"]


def test_the_review_round_trip_in_the_admin(client, editor, live):
    reviewer = make_reviewer("lee", first_name="Lee", last_name="Park")
    _save_draft(client, live, body="<p>First try.</p>", _submit_review="Submit")
    assert ArticleDraft.objects.get(article=live).state == State.IN_REVIEW

    client.force_login(reviewer)
    queue = client.get(
        reverse("admin:articles_article_changelist"), {"state": "in_review"}
    )
    assert [a.pk for a in queue.context["cl"].result_list] == [live.pk]
    assertContains(queue, "In review (submitted by Dana Reyes")
    page = client.get(_review_url(live))
    assertContains(page, "Preview the changes")
    assertContains(page, 'name="_request_changes"')
    refused = client.post(_review_url(live), {"note": "", "_request_changes": "1"})
    assert refused.status_code == 200
    assertContains(refused, "Say what should change.")
    client.post(
        _review_url(live), {"note": "Name the BLS period.", "_request_changes": "1"}
    )
    assert ArticleDraft.objects.get(article=live).state == State.CHANGES_REQUESTED

    client.force_login(editor)
    form = client.get(_change_url(live))
    assertContains(form, "Changes requested by Lee Park")
    assertContains(form, "Name the BLS period.")
    data = _form_data_of_draft(live)
    data.update(body="<p>Second try (May 2024).</p>", _submit_review="Submit")
    client.post(_change_url(live), data)

    client.force_login(reviewer)
    approved = client.post(_review_url(live), {"note": "", "_approve": "1"})
    assert approved.status_code == 302
    draft = ArticleDraft.objects.get(article=live)
    assert (draft.state, draft.reviewed_by) == (State.APPROVED, reviewer)

    client.force_login(editor)
    html = client.get(_change_url(live)).content.decode()
    assert 'name="_publish"' in html and 'name="_schedule"' in html
    data = _form_data_of_draft(live)
    data["_publish"] = "Publish changes"
    assert client.post(_change_url(live), data).status_code == 302
    live.refresh_from_db()
    assert live.body == "<p>Second try (May 2024).</p>"
    assert live.reviewed_by == reviewer.author_profile


def test_changing_the_text_while_publishing_voids_the_approval(client, editor, live):
    reviewer = make_reviewer()
    _save_draft(client, live, body="<p>Approved.</p>", _submit_review="Submit")
    client.force_login(reviewer)
    client.post(_review_url(live), {"note": "", "_approve": "1"})
    client.force_login(editor)
    data = _form_data_of_draft(live)
    data.update(body="<p>Sneaked in.</p>", _publish="Publish changes")
    response = client.post(_change_url(live), data, follow=True)
    assertContains(response, "needs an approved review")
    live.refresh_from_db()
    assert live.body == "<p>Live paragraph.</p>"


def test_schedule_changes_from_the_form(client, editor, live):
    reviewer = make_reviewer()
    _save_draft(client, live, title="Later title", _submit_review="Submit")
    client.force_login(reviewer)
    client.post(_review_url(live), {"note": "", "_approve": "1"})
    client.force_login(editor)
    when = timezone.localtime() + timedelta(days=1)
    data = _form_data_of_draft(live)
    data.update(go_live_at=when.strftime("%Y-%m-%dT%H:%M"), _schedule="Schedule")
    client.post(_change_url(live), data)
    draft = ArticleDraft.objects.get(article=live)
    assert draft.state == State.SCHEDULED
    assert draft.go_live_at == when.replace(second=0, microsecond=0)
    listing = client.get(reverse("admin:articles_article_changelist"))
    assertContains(listing, "Live + changes scheduled for ")
    # A time in the past is refused; the draft stays as it was.
    data.update(go_live_at="2001-01-01T09:00")
    response = client.post(_change_url(live), data, follow=True)
    assertContains(response, "Choose a go-live time in the future.")


def test_discard_draft_asks_first(client, editor, live):
    _save_draft(client, live, title="Throw away")
    url = reverse("admin:articles_article_discard_draft", args=[live.pk])
    confirm = client.get(url)
    assertContains(confirm, "Yes, discard the draft")
    assertContains(confirm, "The live page stays exactly as it is.")
    assert ArticleDraft.objects.filter(article=live).exists()
    assert client.post(url).status_code == 302
    assert not ArticleDraft.objects.filter(article=live).exists()
    assert client.get(url).status_code == 404  # nothing left to discard


def test_compare_draft_with_live(client, editor, live):
    _save_draft(
        client, live, title="Live guide, updated", body="<p>Live paragraph, longer.</p>"
    )
    response = client.get(
        reverse("admin:articles_article_compare_draft", args=[live.pk])
    )
    html = response.content.decode()
    assert "<h2>Title</h2>" in html and "<h2>Body</h2>" in html
    assert "<ins>" in html
    assert "<h2>Sources</h2>" not in html  # unchanged fields are left out


def test_a_stale_draft_save_is_refused_naming_who_saved_the_draft(client, editor, live):
    other = make_editor("sam", first_name="Sam", last_name="Okafor")
    stale = live.edit_count
    client.force_login(other)
    _save_draft(client, live, title="Sam's draft")
    client.force_login(editor)
    data = article_post_data(live, title="Dana's draft", loaded_edit_count=stale)
    response = client.post(_change_url(live), data)
    assert response.status_code == 200
    assertContains(response, "Sam Okafor saved this article at")
    assert ArticleDraft.objects.get(article=live).title == "Sam's draft"


def test_publishing_a_draft_with_a_new_slug_redirects(client, live):
    senior = make_editor("senior", may_publish_without_review=True)
    client.force_login(senior)
    _save_draft(client, live, slug="new-slug", _publish="Publish changes")
    assert client.get("/guides/new-slug/").status_code == 200
    old = client.get(f"/guides/{live.slug}/")
    assert (old.status_code, old["Location"]) == (301, "/guides/new-slug/")


def test_a_draft_slug_taken_by_another_article_is_refused_in_the_form(
    client, editor, live
):
    make_article(slug="taken")
    response = _save_draft(client, live, slug="taken")
    assert response.status_code == 200
    assertContains(response, "already exists")


def test_revision_form_of_a_live_article_restores_as_a_draft(client, editor, live):
    _save_draft(client, live, title="Draft one")
    version = live.__class__.objects.get(pk=live.pk)
    from reversion.models import Version

    first = Version.objects.get_for_object(version).last()
    response = client.get(
        reverse("admin:articles_article_revision", args=[live.pk, first.pk])
    )
    assertContains(response, "makes it the draft of the live article")
    assertContains(response, 'value="Save draft"')


def test_posting_an_old_revision_of_a_live_article_makes_it_the_draft(
    client, editor, live
):
    from reversion.models import Version

    _save_draft(client, live, title="Draft one")
    first = Version.objects.get_for_object(live).order_by("pk").last()
    _save_draft(client, live, title="Draft two")
    url = reverse("admin:articles_article_revision", args=[live.pk, first.pk])
    data = article_post_data(Article.objects.get(pk=live.pk), title="Draft one")
    data.pop("_continue")
    data["_save_draft"] = "Save draft"

    refused = client.post(url, {**data, "title": ""})
    assert refused.status_code == 200
    assertContains(refused, "This field is required.")

    response = client.post(url, data, follow=True)
    assertContains(
        response, "The old version is now the draft. The live page is unchanged."
    )
    live.refresh_from_db()
    assert live.title == "Live guide"
    assert ArticleDraft.objects.get(article=live).title == "Draft one"
    latest = Version.objects.get_for_object(live).order_by("pk").last()
    assert latest.revision.comment.endswith(" as the draft.")


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("live", {"Plain live"}),
        ("live_draft", {"Has draft"}),
        ("in_review", {"In review"}),
        ("changes_requested", {"Changes asked"}),
        ("approved", {"Approved one"}),
        ("scheduled", {"Later one", "Scheduled change"}),
        ("draft", {"Draft one"}),
        ("nonsense", None),
    ],
)
def test_status_filter(admin_client, state, expected):
    now = timezone.now()
    make_article(title="Plain live")
    make_article(title="Draft one", status="draft", published_at=None)
    make_article(title="Later one", published_at=now + timedelta(days=2))
    for title, draft_state in [
        ("Has draft", State.LIVE_DRAFT),
        ("In review", State.IN_REVIEW),
        ("Changes asked", State.CHANGES_REQUESTED),
        ("Approved one", State.APPROVED),
        ("Scheduled change", State.SCHEDULED),
    ]:
        article = make_article(title=title)
        ArticleDraft.objects.create(
            article=article,
            state=draft_state,
            title=title,
            slug=article.slug,
            dek=article.dek,
            topic=article.topic,
            author=article.author,
            go_live_at=now + timedelta(days=1)
            if draft_state == State.SCHEDULED
            else None,
        )
    response = admin_client.get(
        reverse("admin:articles_article_changelist"), {"state": state}
    )
    shown = {a.title for a in response.context["cl"].result_list}
    assert shown == (expected if expected is not None else shown)
    assert response.status_code == 200


def test_reviewers_group_has_exactly_what_review_needs():
    codenames = set(
        Group.objects.get(name="Reviewers").permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    assert codenames == {
        ("articles", "view_article"),
        ("articles", "review_article"),
        ("articles", "view_source"),
        ("articles", "view_topic"),
        ("articles", "view_author"),
    }
    assert (
        not Group.objects.get(name="Editors")
        .permissions.filter(codename__in=["review_article", "publish_without_review"])
        .exists()
    )


def test_reviewers_change_no_text_and_editors_do_not_review(client, editor, live):
    _save_draft(client, live, title="Draft", _submit_review="Submit")
    assert client.get(_review_url(live)).status_code == 403
    reviewer = make_reviewer()
    client.force_login(reviewer)
    assert client.post(_change_url(live), article_post_data(live)).status_code == 403
    discard = reverse("admin:articles_article_discard_draft", args=[live.pk])
    assert client.post(discard).status_code == 403
    html = client.get(_change_url(live)).content.decode()  # read-only, with the draft
    assert "Draft" in html and ">Review<" in html


def test_workflow_screens_of_unknown_articles_are_404(admin_client):
    for name in ("review", "discard_draft", "compare_draft"):
        for object_id in ("999999", "not-a-number"):
            url = reverse(f"admin:articles_article_{name}", args=[object_id])
            assert admin_client.get(url).status_code == 404, (name, object_id)


def test_article_list_queries_do_not_grow_with_drafts_in_every_state(
    admin_client, django_assert_max_num_queries
):
    editor = make_editor("dana")
    reviewer = make_reviewer("lee")

    def drafts(n):
        for _ in range(n):
            for state in (State.LIVE_DRAFT, State.IN_REVIEW, State.CHANGES_REQUESTED):
                article = make_article()
                ArticleDraft.objects.create(
                    article=article,
                    state=state,
                    title=article.title,
                    slug=article.slug,
                    dek=article.dek,
                    topic=article.topic,
                    author=article.author,
                    updated_by=editor,
                    submitted_by=editor,
                    submitted_at=timezone.now(),
                    reviewed_by=reviewer,
                )

    url = reverse("admin:articles_article_changelist")
    drafts(1)
    admin_client.get(url)
    with django_assert_max_num_queries(12) as few:
        admin_client.get(url)
    drafts(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(url)
    assertContains(response, "Changes requested by lee")


def test_the_due_check_costs_readers_no_query(
    client, settings, django_assert_num_queries, django_assert_max_num_queries
):
    """With a change scheduled for later, the article page makes the same queries as without one."""
    from articles.workflow import services
    from tests.articles.workflow_helpers import content_of

    settings.PAGE_CACHE_ENABLED = False  # count the render, not a cache hit
    article = make_article()
    url = article.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(5) as before:
        client.get(url)
    baseline = len(before.captured_queries)
    assert baseline >= 3
    senior = make_editor("senior", may_publish_without_review=True)
    other = make_article()
    services.article_save_draft(
        article=other, user=senior, content=content_of(other, title="Later"), sources=[]
    )
    services.article_schedule_changes(
        article=other, user=senior, go_live_at=timezone.now() + timedelta(hours=1)
    )
    client.get(url)
    with django_assert_num_queries(baseline):
        client.get(url)
