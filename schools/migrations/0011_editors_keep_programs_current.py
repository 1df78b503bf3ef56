"""Editors keep programs and career figures current too: the Editors group gains what that takes.

The group (articles/migrations/0003_editors_group.py) could edit guides only, so the admin showed editors no
program to verify and the Content health screen no program or figure section. Deleting stays with superusers.
"""

from django.db import migrations

GROUP_NAME = "Editors"
PERMISSIONS = [
    ("schools", "institution", ["add", "change", "view"]),
    ("schools", "program", ["add", "change", "view"]),
    ("schools", "educationpathway", ["view"]),
    ("articles", "occupationfact", ["change", "view"]),
    ("articles", "statewage", ["add", "change", "view"]),
    ("linkcheck", "linkcheck", ["view"]),
]


def _permissions(apps):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_label in {app_label for app_label, _, _ in PERMISSIONS}:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(
            content_type__app_label=app_label, codename=f"{action}_{model}"
        )
        for app_label, model, actions in PERMISSIONS
        for action in actions
    ]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0010_program_search_text"),
        ("articles", "0003_editors_group"),
        ("linkcheck", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
