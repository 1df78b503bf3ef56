"""Exact finder counts without counting programs: FinderCount rows per (level, state, delivery,
accreditation status) of public programs (active and not withdrawn, as ProgramQuerySet.public()),
filled from the programs already there and kept exact by the triggers of schools/derived.py,
whatever writes: saves, QuerySet.update(), bulk_create, deletes, an institution changing state.
(On SQLite the triggers are installed after the migrations, by the schools app's post_migrate.)
"""

from django.db import migrations, models, transaction

# Frozen from schools/derived.py as it was when this migration was written: a migration must not change when
# the runtime module does (that module installs and repairs the triggers after every migrate).
PUBLIC = "{row}.is_active AND {row}.status <> 'withdrawn'"
FINDER_TABLE = "schools_findercount"
REBUILD = f"""INSERT INTO {FINDER_TABLE} (level, state, delivery, status, programs)
    SELECT p.level, i.state, p.delivery, p.status, count(*)
    FROM schools_program AS p JOIN schools_institution AS i ON i.id = p.institution_id
    WHERE {PUBLIC.format(row="p")}
    GROUP BY p.level, i.state, p.delivery, p.status"""
POSTGRES_PROGRAM_FUNCTION = f"""
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
POSTGRES_INSTITUTION_FUNCTION = f"""
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
SQLITE_TRIGGERS = ['schools_program_findercount_insert', 'schools_program_findercount_delete', 'schools_program_findercount_update', 'schools_institution_findercount']


def rebuild_counts(connection):
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Writers wait until the counts are whole again; readers keep reading.
            cursor.execute("LOCK TABLE schools_program IN SHARE MODE")
            cursor.execute(f"LOCK TABLE {FINDER_TABLE} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {FINDER_TABLE}")
        cursor.execute(REBUILD)


def install_postgres_triggers(connection):
    with connection.cursor() as cursor:
        cursor.execute(POSTGRES_PROGRAM_FUNCTION)
        cursor.execute(POSTGRES_INSTITUTION_FUNCTION)
        for name, (table, sql) in POSTGRES_TRIGGERS.items():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            cursor.execute(sql)


def forward(apps, schema_editor):
    rebuild_counts(schema_editor.connection)
    # SQLite gets its triggers after the migrations (post_migrate): see schools/derived.py.
    if schema_editor.connection.vendor == "postgresql":
        install_postgres_triggers(schema_editor.connection)


def backward(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS schools_program_findercount() CASCADE")
            cursor.execute("DROP FUNCTION IF EXISTS schools_institution_findercount() CASCADE")
        elif connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ('schools', '0008_program_name_trigram'),
    ]

    operations = [
        migrations.CreateModel(
            name='FinderCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.CharField(choices=[('associate', 'Associate degree'), ('baccalaureate', "Bachelor's degree"), ('masters', "Master's degree")], max_length=15)),
                ('state', models.CharField(max_length=2)),
                ('delivery', models.CharField(blank=True, choices=[('campus', 'On campus'), ('online', 'Online'), ('hybrid', 'Hybrid'), ('', 'Not stated')], max_length=10)),
                ('status', models.CharField(choices=[('accredited', 'Accredited'), ('candidacy', 'Candidacy'), ('probation', 'Probation'), ('withdrawn', 'Withdrawn')], max_length=12)),
                ('programs', models.IntegerField(default=0)),
            ],
            options={
                'ordering': ['level', 'state', 'delivery', 'status'],
                'constraints': [models.UniqueConstraint(fields=('level', 'state', 'delivery', 'status'), name='findercount_key_unique')],
            },
        ),
        # Fill the rows from the programs already there, then keep them exact (schools/derived.py).
        migrations.RunPython(forward, backward, elidable=False),
    ]
