"""Site search's stored tsvector, declared on the model as Article.search_document.

PostgreSQL: a trigger fills the column on every insert and on any update of title, dek or body,
and a GIN index serves the search. Ranking needs each match's vector, which an expression index
cannot return (every match's body was parsed again, about 2 ms per guide); a stored column is
read, not recomputed. SQLite: the column exists and stays NULL.

Databases migrated before this migration may already hold the column, trigger and index on
PostgreSQL (they came from migrations of the careersite app, since removed), so each step is
idempotent: the column is added only when missing, the function is replaced, the trigger is
recreated and the index is created if it does not exist.
"""

import django.contrib.postgres.search
from django.db import migrations

POSTGRES_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION articles_article_search_document() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_document :=
            setweight(to_tsvector('english'::regconfig, coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, coalesce(NEW.dek, '')), 'B')
            || setweight(to_tsvector('english'::regconfig, coalesce(NEW.body, '')), 'C');
        RETURN NEW;
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS articles_article_search_document_trg ON articles_article",
    """
    CREATE TRIGGER articles_article_search_document_trg
    BEFORE INSERT OR UPDATE OF title, dek, body ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_document()
    """,
    # Fill existing rows through the trigger.
    "UPDATE articles_article SET title = title",
    "CREATE INDEX IF NOT EXISTS article_search_document_idx ON articles_article USING gin (search_document)",
    # The expression index that came before the stored column, should an old database still have it.
    "DROP INDEX IF EXISTS article_search_idx",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS article_search_document_idx",
    "DROP TRIGGER IF EXISTS articles_article_search_document_trg ON articles_article",
    "DROP FUNCTION IF EXISTS articles_article_search_document()",
]


def _has_column(schema_editor, model, field) -> bool:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, model._meta.db_table)
    return field.column in {column.name for column in columns}


def forward(apps, schema_editor):
    article = apps.get_model("articles", "Article")
    field = article._meta.get_field("search_document")
    if not _has_column(schema_editor, article, field):
        schema_editor.add_field(article, field)
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    article = apps.get_model("articles", "Article")
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_BACKWARD:
            schema_editor.execute(sql)
    schema_editor.remove_field(article, article._meta.get_field("search_document"))


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0003_editors_group'),
    ]

    operations = [
        # The model state gains the field here; the database work (which must tolerate a column
        # that already exists) is the RunPython below, which sees the field in its state.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name='article',
                    name='search_document',
                    field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
            ],
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
