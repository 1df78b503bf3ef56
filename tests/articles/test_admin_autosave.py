"""The change form's autosave endpoints, the restore notice and deletion on a real save."""

import json
import re
from datetime import timedelta

import pytest
import reversion
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Version

from articles.autosave import AUTOSAVE_MAX_BYTES, article_autosave_store
from articles.models import Article, ArticleAutosave
from tests.articles.admin_helpers import article_post_data
from tests.factories import make_article, make_source, make_staff

pytestmark = pytest.mark.django_db

NOTICE = "Unsaved changes from"
DATA = {"fields": {"title": "Typed but not saved", "body": "<p>Half a thought</p>"}}


def _editor(username="editor"):
    user = make_staff(username)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def _viewer(username="viewer"):
    user = make_staff(username)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    return user


def _autosave_url(article=None):
    args = [] if article is None else [article.pk]
    return reverse("admin:articles_article_autosave", args=args)


def _discard_url(article=None):
    args = [] if article is None else [article.pk]
    return reverse("admin:articles_article_autosave_discard", args=args)


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _post(client, url, data=DATA, **extra):
    raw = data if isinstance(data, str) else json.dumps(data)
    return client.post(url, {"data": raw}, **extra)


def _later(article, seconds=30):
    return article.updated_at + timedelta(seconds=seconds)


# Storing --------------------------------------------------------------------------------


@pytest.mark.parametrize("new_article", [False, True])
def test_an_editor_autosaves_the_change_form_and_the_add_form(client, new_article):
    editor = _editor()
    article = None if new_article else make_article()
    client.force_login(editor)
    response = _post(client, _autosave_url(article))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"saved_at", "saved_at_display"}
    autosave = ArticleAutosave.objects.get()
    assert (autosave.user, autosave.article) == (editor, article)
    assert autosave.data == {**DATA, "labels": {}}
    assert "no-cache" in response["Cache-Control"]


def test_autosaving_again_keeps_one_row_with_the_latest_fields(client):
    article = make_article()
    client.force_login(_editor())
    _post(client, _autosave_url(article))
    _post(client, _autosave_url(article), {"fields": {"title": "Second try"}})
    assert list(ArticleAutosave.objects.values_list("data", flat=True)) == [
        {"fields": {"title": "Second try"}, "labels": {}}
    ]


def test_autosave_never_touches_the_article_or_its_history(client):
    article = make_article(title="Live title")
    client.force_login(_editor())
    _post(client, _autosave_url(article))
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.edit_count, stored.updated_at) == (
        "Live title",
        article.edit_count,
        article.updated_at,
    )
    assertNotContains(client.get(article.get_absolute_url()), "Typed but not saved")


def test_autosave_requires_the_csrf_token():
    article = make_article()
    client = Client(enforce_csrf_checks=True)
    client.force_login(_editor())
    assert _post(client, _autosave_url(article)).status_code == 403
    assert not ArticleAutosave.objects.exists()
    # The token the change form carries is accepted, in the body (as sendBeacon sends it) or a header.
    client.get(_change_url(article))
    token = client.cookies["csrftoken"].value
    response = client.post(
        _autosave_url(article),
        {"data": json.dumps(DATA), "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 200
    assert (
        _post(client, _autosave_url(article), HTTP_X_CSRFTOKEN=token).status_code == 200
    )


@pytest.mark.parametrize(
    "raw", ["", "{not json", "[1, 2]", '{"fields": {"title": 5}}', '{"x": 1}']
)
def test_bad_autosave_data_is_a_400_with_json_and_stores_nothing(client, raw):
    article = make_article()
    client.force_login(_editor())
    response = _post(client, _autosave_url(article), raw)
    assert response.status_code == 400
    assert "error" in response.json()
    assert not ArticleAutosave.objects.exists()


def test_a_post_without_data_is_a_400(client):
    client.force_login(_editor())
    response = client.post(_autosave_url(make_article()), {})
    assert response.status_code == 400
    assert response.json()["error"]


def test_an_oversized_autosave_is_refused_with_413(client):
    article = make_article()
    client.force_login(_editor())
    body = "x" * (AUTOSAVE_MAX_BYTES + 1)
    response = _post(client, _autosave_url(article), {"fields": {"body": body}})
    assert response.status_code == 413
    assert "too large" in response.json()["error"]
    assert not ArticleAutosave.objects.exists()


@pytest.mark.parametrize("url_name", ["autosave", "autosave_discard"])
def test_get_is_refused_with_405(client, url_name):
    article = make_article()
    client.force_login(_editor())
    response = client.get(
        reverse(f"admin:articles_article_{url_name}", args=[article.pk])
    )
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "error" in response.json()


def test_an_unknown_article_is_a_404(client):
    client.force_login(_editor())
    for url in (
        reverse("admin:articles_article_autosave", args=[999999]),
        reverse("admin:articles_article_autosave", args=["not-a-number"]),
        reverse("admin:articles_article_autosave_discard", args=[999999]),
    ):
        response = _post(client, url)
        assert response.status_code == 404, url
        assert "error" in response.json()


# Who may autosave -----------------------------------------------------------------------


@pytest.mark.parametrize("new_article", [False, True])
def test_staff_who_may_only_view_articles_cannot_autosave(client, new_article):
    article = None if new_article else make_article()
    client.force_login(_viewer())
    for url in (_autosave_url(article), _discard_url(article)):
        response = _post(client, url)
        assert response.status_code == 403, url
        assert "error" in response.json()
    assert not ArticleAutosave.objects.exists()


def test_signed_out_visitors_are_sent_to_the_sign_in_page(client):
    response = _post(client, _autosave_url(make_article()))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not ArticleAutosave.objects.exists()


def test_an_editor_can_neither_read_nor_overwrite_another_editors_autosave(client):
    alice, bob = _editor("alice"), _editor("bob")
    article = make_article()
    article_autosave_store(
        user=alice, article=article, data={"fields": {"title": "Alice's words"}}
    )
    client.force_login(bob)
    response = client.get(_change_url(article))
    assertNotContains(response, NOTICE)
    assertNotContains(response, "Alice&#x27;s words")
    assertNotContains(response, "Alice's words")
    _post(client, _autosave_url(article), {"fields": {"title": "Bob's words"}})
    _post(client, _discard_url(article), HTTP_ACCEPT="application/json")
    alices = ArticleAutosave.objects.get(user=alice)
    assert alices.data["fields"]["title"] == "Alice's words"


# The restore notice ---------------------------------------------------------------------


def test_the_change_form_offers_a_newer_autosave_with_its_time(client):
    editor = _editor()
    article = make_article()
    article_autosave_store(user=editor, article=article, data=DATA, now=_later(article))
    client.force_login(editor)
    response = client.get(_change_url(article))
    assertContains(response, NOTICE)
    assertContains(response, "Restore unsaved changes")
    assertContains(response, ">Discard</button>")
    assertContains(response, 'data-autosave-url="' + _autosave_url(article) + '"')
    assertContains(response, 'id="autosave-status" role="status" aria-live="polite"')
    assert response.context["autosave"]["pending"].data["fields"] == DATA["fields"]
    # The saved fields ride along as a JSON data block, never as executable script.
    assertContains(response, '<script id="autosave-data" type="application/json">')
    assertContains(response, "js/admin-autosave.js")
    assertNotContains(response, "saving them will show you what changed")
    # A machine-readable time the Nu Html Checker accepts (no microseconds).
    assert re.search(
        r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}">',
        response.content.decode(),
    )


# Autosaves stored before the hidden field was renamed hold it as "loaded_version".
@pytest.mark.parametrize("stored_as", ["loaded_edit_count", "loaded_version"])
def test_the_notice_warns_when_the_article_was_saved_after_the_changes_began(
    client, stored_as
):
    editor = _editor()
    article = make_article()
    data = {"fields": {stored_as: str(article.edit_count), "title": "Mine"}}
    Article.objects.filter(pk=article.pk).update(edit_count=article.edit_count + 1)
    article_autosave_store(user=editor, article=article, data=data, now=_later(article))
    client.force_login(editor)
    response = client.get(_change_url(article))
    assertContains(response, "saving them will show you what changed")
    # A restore fills the form's hidden field by this name, so saving still meets the conflict check.
    offered = response.context["autosave"]["pending"].data["fields"]
    assert offered == {"loaded_edit_count": str(article.edit_count), "title": "Mine"}


def test_an_autosave_older_than_the_last_save_is_not_offered(client):
    editor = _editor()
    article = make_article()
    article_autosave_store(
        user=editor, article=article, data=DATA, now=_later(article, -30)
    )
    client.force_login(editor)
    response = client.get(_change_url(article))
    assertNotContains(response, NOTICE)
    # Autosave itself keeps working on that form.
    assertContains(response, 'id="article-autosave"')


def test_the_add_form_offers_the_editors_autosaved_new_article(client):
    editor = _editor()
    article_autosave_store(user=editor, article=None, data=DATA)
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_add"))
    assertContains(response, NOTICE)
    assertContains(response, 'data-autosave-url="' + _autosave_url() + '"')


def test_view_only_staff_get_no_autosave_on_the_form(client):
    article = make_article()
    client.force_login(_viewer())
    response = client.get(_change_url(article))
    assert response.status_code == 200
    assertNotContains(response, 'id="article-autosave"')


def test_reversions_revert_screen_offers_no_autosave(client):
    editor = _editor()
    article = make_article()
    with reversion.create_revision():
        article.save()
    version = Version.objects.get_for_object(article).first()
    article_autosave_store(
        user=editor, article=article, data=DATA, now=_later(article, 3600)
    )
    client.force_login(editor)
    response = client.get(
        reverse("admin:articles_article_revision", args=[article.pk, version.pk])
    )
    assert response.status_code == 200
    assertNotContains(response, 'id="article-autosave"')


# Discarding and saving ------------------------------------------------------------------


def test_discard_with_javascript_answers_json(client):
    editor = _editor()
    article = make_article()
    article_autosave_store(user=editor, article=article, data=DATA)
    client.force_login(editor)
    response = _post(client, _discard_url(article), HTTP_ACCEPT="application/json")
    assert response.json() == {"discarded": True}
    assert not ArticleAutosave.objects.exists()


@pytest.mark.parametrize("new_article", [False, True])
def test_discard_without_javascript_returns_to_the_form_with_a_message(
    client, new_article
):
    editor = _editor()
    article = None if new_article else make_article()
    article_autosave_store(user=editor, article=article, data=DATA)
    client.force_login(editor)
    response = _post(client, _discard_url(article), follow=True)
    target = (
        reverse("admin:articles_article_add") if new_article else _change_url(article)
    )
    assert response.redirect_chain == [(target, 302)]
    assertContains(response, "The unsaved changes were discarded.")
    assertNotContains(response, NOTICE)
    assert not ArticleAutosave.objects.exists()


def test_a_real_save_deletes_the_editors_autosave_only(client):
    alice, bob = _editor("alice"), _editor("bob")
    article = make_article()
    make_source(article)
    for user in (alice, bob):
        article_autosave_store(user=user, article=article, data=DATA)
    client.force_login(alice)
    response = client.post(
        _change_url(article), article_post_data(article, title="Saved for real")
    )
    assert response.status_code == 302
    # The article is live, so the save is its draft (articles.workflow).
    assert Article.objects.get(pk=article.pk).draft.title == "Saved for real"
    assert list(ArticleAutosave.objects.values_list("user__username", flat=True)) == [
        "bob"
    ]


def test_adding_an_article_deletes_the_add_forms_autosave(client):
    editor = _editor()
    template = make_article()
    article_autosave_store(user=editor, article=None, data=DATA)
    article_autosave_store(user=editor, article=template, data=DATA)
    client.force_login(editor)
    data = article_post_data(template, slug="a-brand-new-guide", title="New guide")
    data.pop("loaded_edit_count")
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    assert Article.objects.filter(slug="a-brand-new-guide").exists()
    assert list(ArticleAutosave.objects.values_list("article", flat=True)) == [
        template.pk
    ]


def test_a_refused_save_keeps_the_autosave_and_shows_no_restore_notice(client):
    editor = _editor()
    article = make_article()
    article_autosave_store(user=editor, article=article, data=DATA, now=_later(article))
    client.force_login(editor)
    # Loaded before the last save: the conflict check refuses the save.
    response = client.post(
        _change_url(article),
        article_post_data(article, loaded_edit_count=article.edit_count - 1),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assertNotContains(response, NOTICE)
    assertContains(response, 'id="article-autosave"')
    assert ArticleAutosave.objects.filter(user=editor, article=article).exists()


def test_an_autosave_adds_no_query_to_the_change_form(client):
    editor = _editor()
    article = make_article()
    client.force_login(editor)
    client.get(_change_url(article))  # warm the content type and permission caches
    with CaptureQueriesContext(connection) as without:
        client.get(_change_url(article))
    article_autosave_store(user=editor, article=article, data=DATA, now=_later(article))
    with CaptureQueriesContext(connection) as with_autosave:
        assertContains(client.get(_change_url(article)), NOTICE)
    assert len(with_autosave.captured_queries) == len(without.captured_queries)
