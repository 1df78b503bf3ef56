"""Users in the workflow's groups, and the content dict the services take, for the workflow tests."""

import importlib

from django.contrib.auth.models import Group, Permission

from articles.models import DRAFT_FIELDS, Article
from tests.factories import make_author, make_staff


def workflow_group(migration: str) -> Group:
    """The group a data migration creates (Editors, Reviewers), rebuilt from that migration's list when a
    live-server test has flushed the database."""
    module = importlib.import_module(f"articles.migrations.{migration}")
    group, created = Group.objects.get_or_create(name=module.GROUP_NAME)
    if created:
        group.permissions.set(
            Permission.objects.get(
                content_type__app_label=app_label, codename=f"{action}_{model}"
            )
            for app_label, model, actions in module.PERMISSIONS
            for action in actions
        )
    return group


def make_editor(username="editor", *, may_publish_without_review=False, **fields):
    user = make_staff(username, **fields)
    user.groups.add(workflow_group("0003_editors_group"))
    if may_publish_without_review:
        user.user_permissions.add(
            Permission.objects.get(codename="publish_without_review")
        )
    return user


def make_reviewer(username="reviewer", *, credentials="RHIA", **fields):
    """A member of Reviewers; with `credentials`, also an Author profile the byline can name."""
    user = make_staff(username, **fields)
    user.groups.add(workflow_group("0006_reviewers_group"))
    if credentials is not None:
        make_author(
            name=user.get_full_name() or username,
            credentials=credentials,
            user=user,
        )
    return user


def content_of(article: Article, **changes) -> dict:
    content = {name: getattr(article, name) for name in DRAFT_FIELDS}
    content.update(changes)
    return content


def live_sources_of(article: Article) -> list[dict]:
    return [
        {
            "title": s.title,
            "publisher": s.publisher,
            "url": s.url,
            "period": s.period,
        }
        for s in article.sources.all()
    ]
