"""The "Reviewers" group: experts who read drafts of live articles and approve them or ask for changes.

They see articles, their sources, topics and authors, and review; they change no text themselves.
"""

from django.db import migrations

GROUP_NAME = "Reviewers"
PERMISSIONS = [
    ("articles", "article", ["view", "review"]),
    ("articles", "source", ["view"]),
    ("articles", "topic", ["view"]),
    ("articles", "author", ["view"]),
]


def _codename(action, model):
    return f"{action}_{model}"


def create_reviewers_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; make sure they exist now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.set(
        Permission.objects.get(
            content_type__app_label=app_label, codename=_codename(action, model)
        )
        for app_label, model, actions in PERMISSIONS
        for action in actions
    )


def delete_reviewers_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_article_drafts_and_review"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_reviewers_group, delete_reviewers_group)]
