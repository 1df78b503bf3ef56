"""Databases migrate forward from the schema they had before the search column moved into the
articles app and is_synthetic was dropped, on SQLite and PostgreSQL.

The old state is the last articles and schools migrations before that change, plus what the
removed careersite migrations left behind: their rows in django_migrations and, on PostgreSQL,
the search column, its trigger and GIN index and a partial index of public programs whose
predicate names is_synthetic (their SQL is repeated here). On SQLite they did nothing.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from articles.models import Article
from schools.models import Program
from tests.factories import make_article, make_program

BEFORE = [
    ("articles", "0003_editors_group"),
    ("schools", "0004_program_finder_count_index"),
]
OLD_CAREERSITE_MIGRATIONS = [
    "0001_article_search_index",
    "0002_program_public_index",
    "0003_article_search_document",
]
OLD_POSTGRES_SQL = [
    "CREATE INDEX IF NOT EXISTS program_public_idx ON schools_program (institution_id) "
    "WHERE is_active AND NOT is_synthetic AND status <> 'withdrawn'",
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
    "UPDATE articles_article SET title = title",
    "CREATE INDEX IF NOT EXISTS article_search_document_idx ON articles_article USING gin (search_document)",
]
on_postgres = connection.vendor == "postgresql"


def _columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
    return {column.name for column in description}


def _indexes(table: str) -> dict[str, dict]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {name: info for name, info in constraints.items() if info["index"]}


def _index_sql(name: str) -> str:
    query = (
        "SELECT indexdef FROM pg_indexes WHERE indexname = %s"
        if on_postgres
        else "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [name])
        row = cursor.fetchone()
    return row[0] if row else ""


def _triggers(table: str) -> set[str]:
    if not on_postgres:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            [table],
        )
        return {row[0] for row in cursor.fetchall()}


def assert_current_schema():
    assert "search_document" in _columns("articles_article")
    assert "is_synthetic" not in _columns("schools_program")
    assert "is_synthetic" not in _columns("schools_institution")
    programs = _indexes("schools_program")
    assert programs["program_finder_count_idx"]["columns"] == [
        "level",
        "is_active",
        "status",
        "delivery",
    ]
    assert programs["program_public_idx"]["columns"] == ["institution_id"]
    public = _index_sql("program_public_idx")
    assert "WHERE" in public and "withdrawn" in public
    assert "is_synthetic" not in public
    articles = _indexes("articles_article")
    assert "article_search_idx" not in articles
    if on_postgres:
        assert articles["article_search_document_idx"]["type"] == "gin"
        assert articles["article_search_document_idx"]["columns"] == ["search_document"]
        assert _triggers("articles_article") == {"articles_article_search_document_trg"}
    else:
        assert "article_search_document_idx" not in articles
    # The name search's trigram index (schools 0008) exists on PostgreSQL only.
    institutions = _indexes("schools_institution")
    if on_postgres:
        assert institutions["institution_name_trgm_idx"]["type"] == "gin"
        assert institutions["institution_name_trgm_idx"]["columns"] == ["name"]
        assert "gin_trgm_ops" in _index_sql("institution_name_trgm_idx")
    else:
        assert "institution_name_trgm_idx" not in institutions


def _search(word: str) -> list[Article]:
    return list(
        Article.objects.filter(search_document=SearchQuery(word, config="english"))
    )


@pytest.mark.django_db
def test_a_new_database_has_the_declared_schema():
    assert_current_schema()


@pytest.mark.django_db(transaction=True)
def test_an_old_database_migrates_forward():
    article = make_article(title="Abstracting charts", body="<p>Inpatient.</p>")
    program = make_program(name="Old HIT")
    recorder = MigrationRecorder(connection)
    try:
        for app, name in BEFORE:
            call_command("migrate", app, name, verbosity=0)
        assert "search_document" not in _columns("articles_article")
        with connection.cursor() as cursor:
            cursor.execute("UPDATE schools_program SET is_synthetic = %s", [True])
            if on_postgres:
                for sql in OLD_POSTGRES_SQL:
                    cursor.execute(sql)
        for name in OLD_CAREERSITE_MIGRATIONS:
            recorder.record_applied("careersite", name)
        if on_postgres:
            assert "is_synthetic" in _index_sql("program_public_idx")
            assert "search_document" in _columns("articles_article")
    finally:
        call_command("migrate", verbosity=0)
        for name in OLD_CAREERSITE_MIGRATIONS:
            recorder.record_unapplied("careersite", name)

    assert_current_schema()
    assert list(Program.objects.public()) == [program]
    stored = Article.objects.values_list("search_document", flat=True).get()
    if on_postgres:
        assert stored and "abstract" in stored
        assert _search("abstracting") == [article]
        # The trigger still fills new and edited articles.
        added = make_article(title="Coding drills")
        assert _search("drills") == [added]
        Article.objects.filter(pk=added.pk).update(dek="Practice questions.")
        assert _search("questions") == [added]
    else:
        assert stored is None


# Modules a migration may import from the project: validators named in the fields' state (makemigrations
# writes those imports, and a copy would be another function, so a change in the model state).
MIGRATION_IMPORTS_ALLOWED = {"schools.validators"}


def _project_apps() -> list:
    base = Path(settings.BASE_DIR)
    return [
        app
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(base)
        and not Path(app.path).relative_to(base).parts[0].startswith(".")  # .venv
    ]


def _project_migrations() -> list[Path]:
    return sorted(
        path
        for app in _project_apps()
        for path in (Path(app.path) / "migrations").glob("*.py")
    )


def test_migrations_import_no_runtime_module_of_the_project():
    """A migration runs as it was written: what it needs from the code of its day is copied into it, so a
    later change to (or the removal of) a runtime module cannot change or break it."""
    base = Path(settings.BASE_DIR)
    project = {app.name.split(".")[0] for app in _project_apps()}
    files = _project_migrations()
    assert len(files) >= 20 and project == {"articles", "careersite", "schools"}
    found = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else ["(relative)"]
            else:
                continue
            found += [
                f"{path.relative_to(base)}:{node.lineno} imports {name}"
                for name in names
                if (name.split(".")[0] in project or name == "(relative)")
                and name not in MIGRATION_IMPORTS_ALLOWED
            ]
    assert not found, "\n".join(found)
