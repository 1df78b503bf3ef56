"""Site search on PostgreSQL: a stored, weighted tsvector per article, kept current by a trigger,
with a GIN index. Nothing to do on SQLite.

Why not only an expression index (0001): ranking needs each match's vector, which an index
cannot return, so every match's body was parsed again (about 2 ms per guide: 2.4 s for 1,000),
and the planner, which prices to_tsvector far too low, preferred that to the index. A stored
column is read, not recomputed. The column is not a model field: Django never selects or writes
it, and the trigger fills it on every insert and on any update of title, dek or body.
careersite.search.article_search_document() reads it.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS search_document tsvector",
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
    "DROP INDEX IF EXISTS article_search_idx",
]
BACKWARD = [
    "DROP INDEX IF EXISTS article_search_document_idx",
    "DROP TRIGGER IF EXISTS articles_article_search_document_trg ON articles_article",
    "DROP FUNCTION IF EXISTS articles_article_search_document()",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_document",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("careersite", "0002_program_public_index")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
