from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.contrib.redirects.models import Redirect
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import editorial
from articles.models import Article
from articles.workflow.selectors import article_state_label
from tests.articles.admin_helpers import article_post_data
from tests.factories import make_article, make_source, make_staff

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def editor(client):
    user = make_staff("editor", first_name="Dana", last_name="Reyes")
    user.groups.add(Group.objects.get(name="Editors"))
    # These tests are about conflicts, history and slugs, not review: Dana may publish directly.
    user.user_permissions.add(Permission.objects.get(codename="publish_without_review"))
    client.force_login(user)
    return user


# Status at a glance and scheduling ------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "offset", "label"),
    [
        ("draft", None, "Draft"),
        ("draft", -1, "Draft"),
        ("published", -1, "Live"),
        ("published", 0, "Live"),
        ("published", 2, "Scheduled for"),
    ],
)
def test_status_label(status, offset, label):
    published_at = None if offset is None else NOON + timedelta(hours=offset)
    article = Article(status=status, published_at=published_at)
    assert article_state_label(article, now=NOON).startswith(label)


def test_scheduled_label_names_the_local_time(settings):
    settings.TIME_ZONE = "America/New_York"
    article = Article(status="published", published_at=NOON + timedelta(days=1))
    assert (
        article_state_label(article, now=NOON)
        == "Scheduled for March 3, 2026, noon EST"
    )


def test_scheduled_article_appears_on_the_site_at_its_time_without_a_job(client):
    with time_machine.travel(NOON, tick=False):
        article = make_article(published_at=NOON + timedelta(hours=2))
        url = article.get_absolute_url()
        assert client.get(url).status_code == 404
        assert (
            article.title not in client.get(reverse("articles:list")).content.decode()
        )
    with time_machine.travel(NOON + timedelta(hours=1, minutes=59), tick=False):
        assert client.get(url).status_code == 404
    with time_machine.travel(NOON + timedelta(hours=2), tick=False):
        assert client.get(url).status_code == 200
        assert article.title in client.get(reverse("articles:list")).content.decode()


# Actions --------------------------------------------------------------------------------


def test_publish_now_makes_drafts_and_scheduled_live_and_keeps_live_dates():
    user = make_staff()
    earlier = NOON - timedelta(days=30)
    draft = make_article(status="draft", published_at=None)
    scheduled = make_article(published_at=NOON + timedelta(days=3))
    live = make_article(published_at=earlier)
    count = editorial.articles_publish_now(
        articles=Article.objects.all(), user=user, now=NOON
    )
    assert count == 2
    for article in (draft, scheduled, live):
        article.refresh_from_db()
    assert (draft.status, draft.published_at) == ("published", NOON)
    assert scheduled.published_at == NOON
    assert live.published_at == earlier
    assert draft.updated_by == user
    assert (
        Version.objects.get_for_object(draft).first().revision.comment
        == "Published now."
    )


def test_unpublish_and_mark_reviewed_through_admin_actions(client, editor):
    live = make_article()
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [live.pk]},
    )
    live.refresh_from_db()
    assert live.status == "draft"
    assert client.get(live.get_absolute_url()).status_code == 404
    with time_machine.travel(NOON, tick=False):
        client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "mark_reviewed", "_selected_action": [live.pk]},
        )
    live.refresh_from_db()
    assert live.last_reviewed_on == timezone.localdate(NOON)
    assert Version.objects.get_for_object(live).count() == 2


# Revisions ------------------------------------------------------------------------------


def test_every_editor_save_records_a_revision_with_user_and_comment(client, editor):
    article = make_article(title="Coding basics")
    for n in range(3):
        article.refresh_from_db()
        response = client.post(
            _change_url(article), article_post_data(article, title=f"Coding basics {n}")
        )
        assert response.status_code == 302
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 3
    assert {v.revision.user for v in versions} == {editor}
    assert all("Changed" in v.revision.comment for v in versions)


def test_revision_follows_sources():
    user = make_staff()
    article = make_article()
    make_source(article, title="BLS OOH")
    editorial.articles_mark_reviewed(articles=[article], user=user)
    version = Version.objects.get_for_object(article).first()
    assert {v.object_repr for v in version.revision.version_set.all()} == {
        article.title,
        "BLS OOH",
    }


def test_compare_two_revisions_and_restore_one_as_a_new_revision(client, editor):
    article = make_article(body="<p>First draft text.</p>")
    client.post(_change_url(article), article_post_data(article))
    article.refresh_from_db()
    client.post(
        _change_url(article),
        article_post_data(article, publish=True, body="<p>Second text.</p>"),
    )
    first, second = sorted(Version.objects.get_for_object(article), key=lambda v: v.pk)

    compare = client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"version_id1": first.pk, "version_id2": second.pk},
    )
    assert compare.status_code == 200
    assert "<del>First draft</del><ins>Second</ins> text." in compare.content.decode()

    revert_url = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    form = client.get(revert_url)
    assert form.status_code == 200
    article.refresh_from_db()
    assert article.body == "<p>Second text.</p>"  # viewing a revision changes nothing
    assert (
        f'name="loaded_edit_count" value="{article.edit_count}"'
        in form.content.decode()
    )

    old = Article(
        **{
            f.attname: getattr(article, f.attname)
            for f in Article._meta.concrete_fields
        }
    )
    old.body = "<p>First draft text.</p>"
    response = client.post(
        revert_url, article_post_data(old, loaded_edit_count=article.edit_count)
    )
    assert response.status_code == 302
    # On a live article the restored version becomes the draft; the live page stays as it was.
    restored = Article.objects.get(pk=article.pk)
    assert restored.body == "<p>Second text.</p>"
    assert restored.draft.body == "<p>First draft text.</p>"
    assert restored.edit_count == article.edit_count + 1  # edit counts only ever grow
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 3
    assert "Restored the version of" in versions.first().revision.comment
    client.post(
        _change_url(article),
        article_post_data(restored.draft.applied_to(restored), publish=True),
    )
    assert Article.objects.get(pk=article.pk).body == "<p>First draft text.</p>"


def test_deleted_article_can_be_recovered(client, editor):
    article = make_article(title="Gone by mistake")
    make_source(article, title="AHIMA")
    client.post(_change_url(article), article_post_data(article))
    client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )
    assert not Article.objects.filter(pk=article.pk).exists()

    recover_list = client.get(reverse("admin:articles_article_recoverlist"))
    assert "Gone by mistake" in recover_list.content.decode()
    version = Version.objects.get_deleted(Article).get()
    url = reverse("admin:articles_article_recover", args=[version.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        article_post_data(article, loaded_edit_count=version.field_dict["edit_count"]),
    )
    assert response.status_code == 302
    recovered = Article.objects.get(pk=article.pk)
    assert recovered.title == "Gone by mistake"
    assert [s.title for s in recovered.sources.all()] == ["AHIMA"]


# Edit conflicts -------------------------------------------------------------------------


def test_second_stale_save_is_refused_naming_who_and_when_and_keeps_the_text(
    client, editor
):
    article = make_article(body="<p>Original.</p>")
    other = make_staff("other", first_name="Sam", last_name="Okafor", is_superuser=True)
    loaded = article.edit_count
    with time_machine.travel(NOON, tick=False):
        client.force_login(other)
        assert (
            client.post(
                _change_url(article),
                article_post_data(article, publish=True, body="<p>Sam's text.</p>"),
            ).status_code
            == 302
        )

    client.force_login(editor)
    response = client.post(
        _change_url(article),
        article_post_data(
            article, body="<p>Dana's text.</p>", loaded_edit_count=loaded
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sam Okafor saved this article at March 2, 2026, noon" in html
    history = reverse("admin:articles_article_history", args=[article.pk])
    assert (
        f'<a href="{history}" target="_blank">Compare their changes in the history</a>'
        in html
    )
    assert "Dana&#x27;s text." in html  # the editor's text is still in the form
    article.refresh_from_db()
    assert article.body == "<p>Sam's text.</p>"
    assert article.updated_by == other
    # The form now carries the stored edit count: saving again knowingly replaces Sam's text.
    assert f'name="loaded_edit_count" value="{article.edit_count}"' in html


def test_two_stale_saves_are_both_refused(client, editor):
    article = make_article()
    stale = article.edit_count
    editorial.articles_mark_reviewed(articles=[article], user=make_staff("reviewer"))
    for title in ("First try", "Second try"):
        response = client.post(
            _change_url(article),
            article_post_data(article, title=title, loaded_edit_count=stale),
        )
        assert response.status_code == 200
        assert "reviewer saved this article" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title == article.title


def test_a_post_without_an_edit_count_is_refused(client, editor):
    article = make_article()
    data = article_post_data(article, title="No edit count")
    del data["loaded_edit_count"]
    assert client.post(_change_url(article), data).status_code == 200
    assert Article.objects.get(pk=article.pk).title == article.title


# Slug changes ---------------------------------------------------------------------------


def test_slug_change_on_published_article_redirects_permanently(client, editor):
    article = make_article(slug="ccs-exam")
    response = client.post(
        _change_url(article),
        article_post_data(article, publish=True, slug="ccs-exam-guide"),
    )
    assert response.status_code == 302
    old = client.get("/guides/ccs-exam/")
    assert old.status_code == 301
    assert old["Location"] == "/guides/ccs-exam-guide/"
    assert client.get("/guides/ccs-exam-guide/").status_code == 200


def test_slug_change_on_draft_makes_no_redirect(client, editor):
    article = make_article(slug="draft-one", status="draft", published_at=None)
    client.post(_change_url(article), article_post_data(article, slug="draft-two"))
    assert not Redirect.objects.exists()


def test_redirect_chains_collapse_and_loops_are_impossible():
    editorial.redirect_slug_change(old_path="/guides/a/", new_path="/guides/b/")
    editorial.redirect_slug_change(old_path="/guides/b/", new_path="/guides/c/")
    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        "/guides/a/": "/guides/c/",
        "/guides/b/": "/guides/c/",
    }
    # Back to an old slug: that path serves the article again, so it must not redirect.
    editorial.redirect_slug_change(old_path="/guides/c/", new_path="/guides/a/")
    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        "/guides/b/": "/guides/a/",
        "/guides/c/": "/guides/a/",
    }
    assert (
        editorial.redirect_slug_change(old_path="/guides/a/", new_path="/guides/a/")
        is None
    )
    for old_path, new_path in Redirect.objects.values_list("old_path", "new_path"):
        assert not Redirect.objects.filter(old_path=new_path).exists(), (
            old_path,
            new_path,
        )


def test_renaming_back_and_forth_in_admin_never_loops(client, editor):
    article = make_article(slug="one")
    for slug in ("two", "three", "one"):
        article.refresh_from_db()
        assert (
            client.post(
                _change_url(article),
                article_post_data(article, publish=True, slug=slug),
            ).status_code
            == 302
        )
    assert client.get("/guides/one/").status_code == 200
    for old in ("/guides/two/", "/guides/three/"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, "/guides/one/")


# Editors group --------------------------------------------------------------------------


def test_editors_group_has_exactly_the_workflow_permissions():
    """Guides (articles 0003), plus keeping programs and career figures current (schools 0011)."""
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    assert codenames == {
        ("articles", f"{action}_{model}")
        for model, actions in {
            "article": ["add", "change", "delete", "view"],
            "source": ["add", "change", "delete", "view"],
            "topic": ["add", "change", "view"],
            "author": ["add", "change", "view"],
        }.items()
        for action in actions
    } | {("redirects", "view_redirect")} | {
        (app_label, f"{action}_{model}")
        for app_label, model, actions in [
            ("schools", "institution", ["add", "change", "view"]),
            ("schools", "program", ["add", "change", "view"]),
            ("schools", "educationpathway", ["view"]),
            ("articles", "occupationfact", ["change", "view"]),
            ("articles", "statewage", ["add", "change", "view"]),
            ("linkcheck", "linkcheck", ["view"]),
        ]
        for action in actions
    }


def test_editor_can_work_on_articles_and_programs_but_not_users(client, editor):
    assert client.get(reverse("admin:articles_article_add")).status_code == 200
    assert client.get(reverse("admin:articles_article_recoverlist")).status_code == 200
    assert client.get(reverse("admin:schools_program_changelist")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert not editor.has_perm("articles.delete_topic")
    assert not editor.has_perm("schools.delete_program")


def test_mark_reviewed_uses_the_local_date():
    article = make_article()
    editorial.articles_mark_reviewed(
        articles=[article], user=make_staff(), today=date(2026, 1, 5)
    )
    article.refresh_from_db()
    assert article.last_reviewed_on == date(2026, 1, 5)
