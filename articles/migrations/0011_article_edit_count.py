"""Article.version becomes Article.edit_count: the edit counter gets a name of its own.

The column keeps its name ("version"), so no SQL touches articles_article. django-reversion keeps each
revision of an article as serialized JSON whose keys are field names, and reads it back ignoring keys the
model no longer has; so the key is renamed in every stored revision of an article too (and back on reverse),
and an old revision still restores its edit count.
"""

import json

from django.db import migrations, models

BATCH = 100


def renamed_field(serialized_data, *, old, new):
    """`serialized_data` (a JSON list of serialized rows) with the article field `old` called `new`, or None
    when no article row has `old` (or one already has `new`)."""
    rows = json.loads(serialized_data)
    changed = False
    for row in rows:
        fields = row.get("fields") if isinstance(row, dict) else None
        if not isinstance(fields, dict) or row.get("model") != "articles.article":
            continue
        if old in fields and new not in fields:
            # Same position in the row, so the stored text differs only by the name.
            row["fields"] = {new if name == old else name: value for name, value in fields.items()}
            changed = True
    # Django's JSON serializer writes non-ASCII text as it is.
    return json.dumps(rows, ensure_ascii=False) if changed else None


def _rename_in_revisions(apps, schema_editor, *, old, new):
    db = schema_editor.connection.alias
    Version = apps.get_model("reversion", "Version")
    versions = Version.objects.using(db).filter(
        content_type__app_label="articles",
        content_type__model="article",
        format="json",
        serialized_data__contains=f'"{old}"',
    )
    # The ids first: the rows are rewritten while being read, which SQLite's cursors do not allow.
    pks = list(versions.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        changed = []
        for version in Version.objects.using(db).filter(pk__in=pks[start : start + BATCH]).only("serialized_data"):
            data = renamed_field(version.serialized_data, old=old, new=new)
            if data is not None:
                version.serialized_data = data
                changed.append(version)
        Version.objects.using(db).bulk_update(changed, ["serialized_data"])


def revisions_to_edit_count(apps, schema_editor):
    _rename_in_revisions(apps, schema_editor, old="version", new="edit_count")


def revisions_to_version(apps, schema_editor):
    _rename_in_revisions(apps, schema_editor, old="edit_count", new="version")


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0010_pay_release"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="version",
            field=models.PositiveIntegerField(db_column="version", default=1, editable=False, help_text="Increases on every save; guards against overwriting another editor's work."),
        ),
        migrations.RenameField(
            model_name="article",
            old_name="version",
            new_name="edit_count",
        ),
        migrations.RunPython(revisions_to_edit_count, revisions_to_version),
    ]
