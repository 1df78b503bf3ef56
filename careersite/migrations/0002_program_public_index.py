"""Partial index of public programs on PostgreSQL, so site search (and any public() query) skips
the benchmark's synthetic rows without scanning them. Nothing to do on SQLite.

The predicate must match ProgramQuerySet.public() for the planner to use it.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS program_public_idx ON schools_program (institution_id) "
    "WHERE is_active AND NOT is_synthetic AND status <> 'withdrawn'"
)
DROP = "DROP INDEX IF EXISTS program_public_idx"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("careersite", "0001_article_search_index"), ("schools", "0001_initial")]

    operations = [migrations.RunPython(add_index, remove_index, elidable=False)]
