"""Migration 0011: the edit counter, Article.version, becomes Article.edit_count in the article's stored
revisions too, so an old revision still restores it (django-reversion drops keys the model no longer has)."""

import importlib
import json

import pytest
import reversion
from django.core.management import call_command
from reversion.models import Version

from tests.factories import make_article

edit_count_migration = importlib.import_module(
    "articles.migrations.0011_article_edit_count"
)
renamed_field = edit_count_migration.renamed_field


def _rows(model: str, fields: dict) -> str:
    return json.dumps([{"model": model, "pk": 7, "fields": fields}], ensure_ascii=False)


def test_an_old_revisions_version_becomes_edit_count_in_the_same_place():
    before = _rows("articles.article", {"title": "Coding é", "version": 4, "dek": ""})
    after = renamed_field(before, old="version", new="edit_count")
    fields = json.loads(after)[0]["fields"]
    assert list(fields.items()) == [
        ("title", "Coding é"),
        ("edit_count", 4),
        ("dek", ""),
    ]
    # The reverse gives back the very text the revision had.
    assert renamed_field(after, old="edit_count", new="version") == before


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        # Already renamed, or nothing to rename.
        ("articles.article", {"title": "T", "edit_count": 4}),
        ("articles.article", {"title": "T"}),
        # Both names: the newer is kept as it is.
        ("articles.article", {"version": 3, "edit_count": 4}),
        # Another model's field of that name.
        ("articles.source", {"title": "BLS", "version": 2}),
    ],
)
def test_rows_without_an_old_edit_counter_are_left_alone(model, fields):
    assert renamed_field(_rows(model, fields), old="version", new="edit_count") is None


@pytest.mark.django_db
def test_a_revision_made_now_keeps_the_edit_count():
    article = make_article()
    with reversion.create_revision():
        article.save()
    version = Version.objects.get_for_object(article).get()
    assert '"edit_count": 2' in version.serialized_data
    assert '"version"' not in version.serialized_data
    assert version.field_dict["edit_count"] == 2


@pytest.mark.django_db(transaction=True)
def test_migrating_renames_the_key_in_stored_revisions_both_ways():
    article = make_article(title="Abstracting charts", body="<p>Résumé.</p>")
    with reversion.create_revision():
        article.save()
        article.save()
    version = Version.objects.get_for_object(article).get()
    made_now = version.serialized_data
    try:
        call_command("migrate", "articles", "0010_pay_release", verbosity=0)
        # What reversion wrote while the field was called version.
        before_rename = Version.objects.get(pk=version.pk).serialized_data
        assert json.loads(before_rename)[0]["fields"]["version"] == 3
        assert before_rename == made_now.replace('"edit_count"', '"version"')
    finally:
        call_command("migrate", verbosity=0)
    stored = Version.objects.get(pk=version.pk)
    assert stored.serialized_data == made_now
    assert stored.field_dict["edit_count"] == 3
