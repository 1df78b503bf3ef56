from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


def _drop_triggers(sender, using, plan=None, **kwargs):
    from django.db import connections

    from schools.derived import triggers_drop

    if plan:
        triggers_drop(connections[using])


def _ensure_derived(sender, using, **kwargs):
    from django.db import connections

    from schools.derived import derived_ensure

    derived_ensure(connections[using])


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "School finder"

    def ready(self):
        # The database keeps the finder counts and the SQLite search index with triggers, which
        # SQLite cannot keep while migrations rebuild tables (schools/derived.py).
        pre_migrate.connect(_drop_triggers, sender=self)
        post_migrate.connect(_ensure_derived, sender=self)
