"""Exact finder counts without counting programs: FinderCount rows per (level, state, delivery,
accreditation status) of public programs (active and not withdrawn, as ProgramQuerySet.public()),
filled from the programs already there and kept exact by the triggers of schools/derived.py,
whatever writes: saves, QuerySet.update(), bulk_create, deletes, an institution changing state.
(On SQLite the triggers are installed after the migrations, by the schools app's post_migrate.)
"""

from django.db import migrations, models

from schools.derived import FINDER_TABLE, derived_rebuild, triggers_drop, triggers_install


def forward(apps, schema_editor):
    derived_rebuild(schema_editor.connection, table=FINDER_TABLE)
    # SQLite gets its triggers after the migrations (post_migrate): see schools/derived.py.
    if schema_editor.connection.vendor == "postgresql":
        triggers_install(schema_editor.connection, table=FINDER_TABLE)


def backward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP FUNCTION IF EXISTS schools_program_findercount() CASCADE")
            cursor.execute("DROP FUNCTION IF EXISTS schools_institution_findercount() CASCADE")
    triggers_drop(connection)


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
