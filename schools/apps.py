from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_derived(sender, using, **kwargs):
    from django.db import connections

    from schools.derived import derived_ensure

    derived_ensure(connections[using])


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "School finder"

    def ready(self):
        # SQLite drops a table's triggers when a migration rebuilds the table: put them back.
        post_migrate.connect(_ensure_derived, sender=self)
