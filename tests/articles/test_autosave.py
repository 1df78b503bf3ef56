"""Autosaves of the article change form: one per editor and article, checked data, offered when newer."""

import json
from datetime import timedelta

import pytest
import reversion
from django.db import IntegrityError, transaction
from django.utils import timezone
from reversion.models import Version

from articles.autosave import (
    AUTOSAVE_MAX_BYTES,
    AUTOSAVE_MAX_FIELDS,
    AutosaveDataError,
    article_autosave_discard,
    article_autosave_pending,
    article_autosave_store,
    autosave_parse,
    autosave_started_before_last_save,
)
from articles.models import Article, ArticleAutosave
from tests.factories import make_article, make_staff

pytestmark = pytest.mark.django_db


def _data(**fields) -> dict:
    return {"fields": {"title": "Draft title", **fields}, "labels": {}}


# One row per editor and article ----------------------------------------------------------


def test_a_newer_autosave_replaces_the_older_one():
    editor = make_staff("editor")
    article = make_article()
    earlier = timezone.now()
    first = article_autosave_store(
        user=editor, article=article, data=_data(title="One"), now=earlier
    )
    second = article_autosave_store(
        user=editor,
        article=article,
        data=_data(title="Two"),
        now=earlier + timedelta(seconds=5),
    )
    assert second.pk == first.pk
    stored = ArticleAutosave.objects.get()
    assert stored.data["fields"]["title"] == "Two"
    assert stored.saved_at == earlier + timedelta(seconds=5)


def test_each_editor_and_article_and_the_add_form_get_their_own_row():
    alice, bob = make_staff("alice"), make_staff("bob")
    first, second = make_article(), make_article()
    for user in (alice, bob):
        for article in (first, second, None, None):
            article_autosave_store(user=user, article=article, data=_data())
    assert ArticleAutosave.objects.count() == 6
    assert ArticleAutosave.objects.filter(user=alice, article=None).count() == 1


@pytest.mark.parametrize("with_article", [True, False])
def test_the_database_refuses_a_second_row_for_the_same_editor_and_article(
    with_article,
):
    editor = make_staff("editor")
    article = make_article() if with_article else None
    ArticleAutosave.objects.create(user=editor, article=article, data=_data())
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleAutosave.objects.create(user=editor, article=article, data=_data())


def test_discard_deletes_only_that_editors_autosave():
    alice, bob = make_staff("alice"), make_staff("bob")
    article = make_article()
    for user in (alice, bob):
        article_autosave_store(user=user, article=article, data=_data())
    assert article_autosave_discard(user=alice, article=article) == 1
    assert article_autosave_discard(user=alice, article=article) == 0
    assert list(ArticleAutosave.objects.values_list("user__username", flat=True)) == [
        "bob"
    ]


def test_autosaves_are_not_revisions():
    editor = make_staff("editor")
    article = make_article()
    with reversion.create_revision():
        article_autosave_store(user=editor, article=article, data=_data())
    assert not reversion.is_registered(ArticleAutosave)
    assert Version.objects.count() == 0


# Which autosave is offered ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds_after_last_save", "offered"), [(5, True), (-5, False), (0, False)]
)
def test_an_autosave_is_offered_only_when_newer_than_the_last_save(
    seconds_after_last_save, offered
):
    editor = make_staff("editor")
    article = make_article()
    article_autosave_store(
        user=editor,
        article=article,
        data=_data(),
        now=article.updated_at + timedelta(seconds=seconds_after_last_save),
    )
    pending = article_autosave_pending(user=editor, article=article)
    assert (pending is not None) is offered


def test_an_editor_is_never_offered_someone_elses_autosave():
    alice, bob = make_staff("alice"), make_staff("bob")
    article = make_article()
    article_autosave_store(
        user=alice,
        article=article,
        data=_data(),
        now=timezone.now() + timedelta(minutes=1),
    )
    article_autosave_store(user=alice, article=None, data=_data())
    assert article_autosave_pending(user=bob, article=article) is None
    assert article_autosave_pending(user=bob, article=None) is None
    assert article_autosave_pending(user=alice, article=None) is not None


def _article_saved_twice() -> Article:
    article = make_article()
    Article.objects.filter(pk=article.pk).update(edit_count=3)
    article.refresh_from_db()
    return article


@pytest.mark.parametrize(
    ("loaded_edit_count", "stale"),
    [("3", False), ("2", True), ("", False), ("x", False), (None, False)],
)
def test_an_autosave_knows_whether_the_article_was_saved_since_it_began(
    loaded_edit_count, stale
):
    editor, article = make_staff("editor"), _article_saved_twice()
    fields = (
        {} if loaded_edit_count is None else {"loaded_edit_count": loaded_edit_count}
    )
    autosave = article_autosave_store(
        user=editor, article=article, data=_data(**fields)
    )
    assert autosave_started_before_last_save(autosave, article) is stale
    assert autosave_started_before_last_save(autosave, None) is False


@pytest.mark.parametrize(("loaded", "stale"), [("3", False), ("2", True)])
def test_an_autosave_stored_with_the_fields_old_name_keeps_its_edit_count(
    loaded, stale
):
    # Before the hidden field was called loaded_edit_count, the browser sent it as loaded_version.
    editor, article = make_staff("editor"), _article_saved_twice()
    autosave = article_autosave_store(
        user=editor,
        article=article,
        data=_data(loaded_version=loaded),
        now=article.updated_at + timedelta(seconds=5),
    )
    assert autosave_started_before_last_save(autosave, article) is stale
    pending = article_autosave_pending(user=editor, article=article)
    assert pending.data["fields"] == {
        "title": "Draft title",
        "loaded_edit_count": loaded,
    }
    assert autosave_started_before_last_save(pending, article) is stale


def test_the_new_name_wins_over_the_old_one():
    editor, article = make_staff("editor"), _article_saved_twice()
    data = _data(loaded_version="2", loaded_edit_count="3")
    article_autosave_store(
        user=editor, article=article, data=data, now=article.updated_at + timedelta(1)
    )
    pending = article_autosave_pending(user=editor, article=article)
    assert pending.data == data
    assert autosave_started_before_last_save(pending, article) is False


# What the browser may send ---------------------------------------------------------------


def test_parse_keeps_text_checkboxes_lists_and_option_labels():
    data = {
        "fields": {
            "title": "Coding audits",
            "featured": True,
            "tags": ["a", "b"],
            "topic": "3",
        },
        "labels": {"topic": {"3": "Careers"}},
    }
    assert autosave_parse(json.dumps(data)) == data
    assert autosave_parse('{"fields": {}}') == {"fields": {}, "labels": {}}


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "not json",
        "{",
        "[]",
        '"text"',
        "null",
        "{}",
        '{"fields": []}',
        '{"fields": {}, "labels": []}',
        '{"fields": {}, "extra": 1}',
        '{"fields": {"title": 1}}',
        '{"fields": {"title": null}}',
        '{"fields": {"title": {"nested": "x"}}}',
        '{"fields": {"tags": ["a", 2]}}',
        '{"fields": {"": "x"}}',
        json.dumps({"fields": {"x" * 201: "long name"}}),
        '{"fields": {"topic": "3"}, "labels": {"author": {"1": "x"}}}',
        '{"fields": {"topic": "3"}, "labels": {"topic": {"3": 3}}}',
        '{"fields": {"topic": "3"}, "labels": {"topic": "Careers"}}',
        json.dumps({"fields": {f"f{n}": "" for n in range(AUTOSAVE_MAX_FIELDS + 1)}}),
        json.dumps({"fields": {"body": "x" * AUTOSAVE_MAX_BYTES}}),
    ],
)
def test_parse_refuses_anything_but_the_change_forms_fields(raw):
    with pytest.raises(AutosaveDataError):
        autosave_parse(raw)
