"""Find a school by name: pg_trgm and a trigram GIN index on the institution's name (PostgreSQL).

schools.names.institutions_named_like filters with pg_trgm's `%>` operator (word similarity),
which a GIN index with gin_trgm_ops answers. The index is created here with SQL rather than
declared in Institution.Meta.indexes, because the suite and local development also run on SQLite,
where neither the extension nor the operator class exists; Meta and the migration state therefore
stay without it on every database, and `makemigrations --check` is clean on both. On other
databases both operations do nothing (TrigramExtension already skips them) and the name search
scores the few names in Python instead.

pg_trgm is a trusted extension from PostgreSQL 13, so the database owner may create it; on older
servers a superuser runs `CREATE EXTENSION pg_trgm` once before migrating.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "institution_name_trgm_idx"


class TrigramExtensionKept(TrigramExtension):
    """CREATE EXTENSION IF NOT EXISTS pg_trgm on PostgreSQL; undoing the migration leaves it.

    Django's CreateExtension skips other databases going forward but not backward (it would
    query pg_extension on SQLite), and the extension may predate this migration or serve other
    schemas, so unapplying drops only the index.
    """

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("schools", "Institution")._meta.db_table)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin (name gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("schools", "0007_program_evidence_and_outcomes"),
    ]

    operations = [
        TrigramExtensionKept(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
