"""Derived data the database keeps exact itself, with triggers: the finder's counts and, on SQLite,
the program search index.

- FinderCount rows (public programs per level, state, delivery and status): triggers on
  schools_program (insert, delete, update of level/delivery/status/is_active/institution) and on
  schools_institution (a move to another state) adjust them in the writing transaction, so saves,
  QuerySet.update() (admin actions), bulk_create (imports, the benchmark generator) and deletes
  (cascades included) all count. A decrement only updates an existing row, so deleting programs
  whose institution is already gone (a test database flush) leaves nothing behind.
- schools_program_search (SQLite only): an FTS5 table with the trigram tokenizer over
  Program.search_text, an external-content index kept in step by triggers. PostgreSQL indexes
  the column itself (a trigram GIN index, migration 0010_program_search_text).

On SQLite the triggers exist only between migrations: Django rebuilds a table to alter it, and
SQLite refuses to rename the new table into place while a trigger elsewhere names a table that is
missing at that moment. So before a `migrate` with work to do, `triggers_drop` removes them
(pre_migrate, schools.apps), and after every `migrate` `derived_ensure` installs missing triggers
and rebuilds what they maintain (post_migrate). PostgreSQL keeps its triggers through ALTER
TABLE; its migrations install them.
"""

from django.db import connection as default_connection
from django.db import transaction

PUBLIC = "{row}.is_active AND {row}.status <> 'withdrawn'"
FINDER_TABLE = "schools_findercount"
SEARCH_TABLE = "schools_program_search"

_PG_PROGRAM_FUNCTION = f"""
CREATE OR REPLACE FUNCTION schools_program_findercount() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND {PUBLIC.format(row="OLD")} THEN
        UPDATE schools_findercount AS c SET programs = c.programs - 1
        FROM schools_institution AS i
        WHERE i.id = OLD.institution_id AND c.state = i.state AND c.level = OLD.level
            AND c.delivery = OLD.delivery AND c.status = OLD.status;
    END IF;
    IF TG_OP <> 'DELETE' AND {PUBLIC.format(row="NEW")} THEN
        INSERT INTO schools_findercount (level, state, delivery, status, programs)
        SELECT NEW.level, i.state, NEW.delivery, NEW.status, 1
        FROM schools_institution AS i WHERE i.id = NEW.institution_id
        ON CONFLICT (level, state, delivery, status)
        DO UPDATE SET programs = schools_findercount.programs + 1;
    END IF;
    RETURN NULL;
END
$$
"""
_PG_INSTITUTION_FUNCTION = f"""
CREATE OR REPLACE FUNCTION schools_institution_findercount() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE schools_findercount AS c SET programs = c.programs - moved.n
    FROM (
        SELECT p.level, p.delivery, p.status, count(*) AS n FROM schools_program AS p
        WHERE p.institution_id = NEW.id AND {PUBLIC.format(row="p")}
        GROUP BY p.level, p.delivery, p.status
    ) AS moved
    WHERE c.state = OLD.state AND c.level = moved.level
        AND c.delivery = moved.delivery AND c.status = moved.status;
    INSERT INTO schools_findercount (level, state, delivery, status, programs)
    SELECT p.level, NEW.state, p.delivery, p.status, count(*) FROM schools_program AS p
    WHERE p.institution_id = NEW.id AND {PUBLIC.format(row="p")}
    GROUP BY p.level, p.delivery, p.status
    ON CONFLICT (level, state, delivery, status)
    DO UPDATE SET programs = schools_findercount.programs + EXCLUDED.programs;
    RETURN NULL;
END
$$
"""
# name -> (table, CREATE TRIGGER); functions are created (replaced) first.
POSTGRES_TRIGGERS = {
    "schools_program_findercount_write": (
        "schools_program",
        """CREATE TRIGGER schools_program_findercount_write
        AFTER INSERT OR DELETE ON schools_program
        FOR EACH ROW EXECUTE FUNCTION schools_program_findercount()""",
    ),
    "schools_program_findercount_update": (
        "schools_program",
        """CREATE TRIGGER schools_program_findercount_update
        AFTER UPDATE OF level, delivery, status, is_active, institution_id ON schools_program
        FOR EACH ROW
        WHEN ((OLD.level, OLD.delivery, OLD.status, OLD.is_active, OLD.institution_id)
            IS DISTINCT FROM (NEW.level, NEW.delivery, NEW.status, NEW.is_active, NEW.institution_id))
        EXECUTE FUNCTION schools_program_findercount()""",
    ),
    "schools_institution_findercount": (
        "schools_institution",
        """CREATE TRIGGER schools_institution_findercount
        AFTER UPDATE OF state ON schools_institution
        FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state)
        EXECUTE FUNCTION schools_institution_findercount()""",
    ),
}

# SQLite triggers have no IF: each statement carries its own condition.
_SQLITE_DECREMENT = f"""
    UPDATE schools_findercount SET programs = programs - 1
    WHERE {PUBLIC.format(row="OLD")} AND level = OLD.level AND delivery = OLD.delivery
        AND status = OLD.status
        AND state = (SELECT state FROM schools_institution WHERE id = OLD.institution_id);"""
_SQLITE_INCREMENT = f"""
    INSERT INTO schools_findercount (level, state, delivery, status, programs)
    SELECT NEW.level, i.state, NEW.delivery, NEW.status, 1 FROM schools_institution AS i
    WHERE i.id = NEW.institution_id AND {PUBLIC.format(row="NEW")}
    ON CONFLICT (level, state, delivery, status) DO UPDATE SET programs = programs + 1;"""
_SQLITE_FINDER = {
    "schools_program_findercount_insert": f"""
        AFTER INSERT ON schools_program BEGIN {_SQLITE_INCREMENT} END""",
    "schools_program_findercount_delete": f"""
        AFTER DELETE ON schools_program BEGIN {_SQLITE_DECREMENT} END""",
    "schools_program_findercount_update": f"""
        AFTER UPDATE OF level, delivery, status, is_active, institution_id ON schools_program
        WHEN OLD.level IS NOT NEW.level OR OLD.delivery IS NOT NEW.delivery
            OR OLD.status IS NOT NEW.status OR OLD.is_active IS NOT NEW.is_active
            OR OLD.institution_id IS NOT NEW.institution_id
        BEGIN {_SQLITE_DECREMENT} {_SQLITE_INCREMENT} END""",
    "schools_institution_findercount": f"""
        AFTER UPDATE OF state ON schools_institution WHEN OLD.state IS NOT NEW.state
        BEGIN
            UPDATE schools_findercount SET programs = programs - (
                SELECT count(*) FROM schools_program AS p
                WHERE p.institution_id = NEW.id AND {PUBLIC.format(row="p")}
                    AND p.level = schools_findercount.level
                    AND p.delivery = schools_findercount.delivery
                    AND p.status = schools_findercount.status
            )
            WHERE state = OLD.state;
            INSERT INTO schools_findercount (level, state, delivery, status, programs)
            SELECT p.level, NEW.state, p.delivery, p.status, count(*) FROM schools_program AS p
            WHERE p.institution_id = NEW.id AND {PUBLIC.format(row="p")}
            GROUP BY p.level, p.delivery, p.status
            ON CONFLICT (level, state, delivery, status)
            DO UPDATE SET programs = programs + excluded.programs;
        END""",
}
# The FTS5 external-content pattern (sqlite.org/fts5.html#external_content_tables).
_FTS_DELETE = f"""INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}, rowid, search_text)
    VALUES ('delete', OLD.id, OLD.search_text);"""
_FTS_INSERT = (
    f"INSERT INTO {SEARCH_TABLE} (rowid, search_text) VALUES (NEW.id, NEW.search_text);"
)
_SQLITE_SEARCH = {
    "schools_program_search_insert": f"""
        AFTER INSERT ON schools_program BEGIN {_FTS_INSERT} END""",
    "schools_program_search_delete": f"""
        AFTER DELETE ON schools_program BEGIN {_FTS_DELETE} END""",
    "schools_program_search_update": f"""
        AFTER UPDATE OF search_text ON schools_program
        BEGIN {_FTS_DELETE} {_FTS_INSERT} END""",
}
SQLITE_SEARCH_TABLE = f"""CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_TABLE} USING fts5(
    search_text, content='schools_program', content_rowid='id', tokenize='trigram')"""


def _groups(connection) -> dict[str, dict[str, str]]:
    """{table the triggers maintain: {trigger name: its SQL}} for the tables that exist."""
    tables = set(connection.introspection.table_names())
    if connection.vendor == "postgresql":
        groups = {
            FINDER_TABLE: {name: sql for name, (_, sql) in POSTGRES_TRIGGERS.items()}
        }
    elif connection.vendor == "sqlite":
        groups = {
            FINDER_TABLE: {
                name: f"CREATE TRIGGER IF NOT EXISTS {name} {body}"
                for name, body in _SQLITE_FINDER.items()
            },
            SEARCH_TABLE: {
                name: f"CREATE TRIGGER IF NOT EXISTS {name} {body}"
                for name, body in _SQLITE_SEARCH.items()
            },
        }
    else:
        groups = {}
    return {table: triggers for table, triggers in groups.items() if table in tables}


def _existing_triggers(connection) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


def triggers_install(connection=default_connection, *, table: str) -> None:
    """Create (or replace) the triggers that maintain `table`."""
    triggers = _groups(connection).get(table, {})
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and triggers:
            cursor.execute(_PG_PROGRAM_FUNCTION)
            cursor.execute(_PG_INSTITUTION_FUNCTION)
            for name, (on, _) in POSTGRES_TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {on}")
        for sql in triggers.values():
            cursor.execute(sql)


def derived_rebuild(connection=default_connection, *, table: str) -> None:
    """Recompute `table` from the programs (after a bulk change made with the triggers missing)."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if table == SEARCH_TABLE:
            cursor.execute(
                f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}) VALUES ('rebuild')"
            )
            return
        if connection.vendor == "postgresql":
            # Writers wait until the counts are whole again; readers keep reading.
            cursor.execute("LOCK TABLE schools_program IN SHARE MODE")
            cursor.execute(f"LOCK TABLE {FINDER_TABLE} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {FINDER_TABLE}")
        cursor.execute(
            f"""INSERT INTO {FINDER_TABLE} (level, state, delivery, status, programs)
            SELECT p.level, i.state, p.delivery, p.status, count(*)
            FROM schools_program AS p JOIN schools_institution AS i ON i.id = p.institution_id
            WHERE {PUBLIC.format(row="p")}
            GROUP BY p.level, i.state, p.delivery, p.status"""
        )


def triggers_drop(connection=default_connection) -> None:
    """SQLite: remove every trigger of this module (derived_ensure puts them back)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in [*_SQLITE_FINDER, *_SQLITE_SEARCH]:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def derived_ensure(connection=default_connection) -> list[str]:
    """Put back missing triggers and rebuild what they maintain; returns the tables rebuilt."""
    existing = _existing_triggers(connection)
    rebuilt = []
    for table, triggers in _groups(connection).items():
        if not set(triggers) <= existing:
            triggers_install(connection, table=table)
            derived_rebuild(connection, table=table)
            rebuilt.append(table)
    return rebuilt
