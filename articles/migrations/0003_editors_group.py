"""The "Editors" group: exactly what the editorial workflow in admin needs."""

from django.db import migrations

GROUP_NAME = "Editors"
PERMISSIONS = [
    ("articles", "article", ["add", "change", "delete", "view"]),
    ("articles", "source", ["add", "change", "delete", "view"]),
    ("articles", "topic", ["add", "change", "view"]),
    ("articles", "author", ["add", "change", "view"]),
    ("redirects", "redirect", ["view"]),
]


def create_editors_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_label in {app_label for app_label, _, _ in PERMISSIONS}:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    wanted = []
    for app_label, model, actions in PERMISSIONS:
        for action in actions:
            wanted.append(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                )
            )
    group.permissions.set(wanted)


def delete_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_article_updated_by"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("redirects", "0002_alter_redirect_new_path_help_text"),
    ]

    operations = [migrations.RunPython(create_editors_group, delete_editors_group)]
