"""Site search matches program text through an index, not a scan.

Program.search_text holds the program's name, its institution's name and city (kept by the
models' save methods), filled here for existing rows. PostgreSQL: a trigram GIN index on
UPPER(search_text), which is what `search_text__icontains` compares, so every word of three or
more characters is an index lookup (pg_trgm, created by 0008_program_name_trigram). SQLite: an FTS5 table with the
trigram tokenizer over the column, kept in step by triggers (schools/derived.py, installed after
the migrations); the search narrows to its rows before the exact match.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Concat

# Frozen from schools/derived.py as it was when this migration was written: a migration must not change when
# the runtime module does (that module installs the triggers after every migrate).
SEARCH_TABLE = "schools_program_search"
SQLITE_SEARCH_TABLE = f"""CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_TABLE} USING fts5(
    search_text, content='schools_program', content_rowid='id', tokenize='trigram')"""
# Every trigger of schools/derived.py on SQLite (they name the tables this migration changes).
SQLITE_TRIGGERS = ['schools_program_findercount_insert', 'schools_program_findercount_delete', 'schools_program_findercount_update', 'schools_institution_findercount', 'schools_program_search_insert', 'schools_program_search_delete', 'schools_program_search_update']

POSTGRES_INDEX = "program_search_text_trgm_idx"


def fill_search_text(apps, schema_editor):
    Program = apps.get_model("schools", "Program")
    Institution = apps.get_model("schools", "Institution")
    institution = Institution.objects.filter(pk=OuterRef("institution_id"))
    Program.objects.update(
        search_text=Concat(
            "name",
            Value("\n"),
            Subquery(institution.values("name")[:1]),
            Value("\n"),
            Subquery(institution.values("city")[:1]),
            output_field=models.TextField(),
        )
    )


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {POSTGRES_INDEX} ON schools_program "
            "USING gin (UPPER(search_text) gin_trgm_ops)"
        )
    elif connection.vendor == "sqlite":
        # Its triggers come after the migrations (post_migrate): see schools/derived.py.
        schema_editor.execute(SQLITE_SEARCH_TABLE)
        schema_editor.execute(f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}) VALUES ('rebuild')")


def drop_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {POSTGRES_INDEX}")
    elif connection.vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")


class Migration(migrations.Migration):

    dependencies = [
        ('schools', '0009_finder_counts'),
    ]

    operations = [
        migrations.AddField(
            model_name='program',
            name='search_text',
            field=models.TextField(blank=True, editable=False, help_text="The program's name, its institution's name and city, for site search (indexed: migration 0010_program_search_text)."),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        # IF NOT EXISTS: other migrations may create it too; a no-op on SQLite.
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
