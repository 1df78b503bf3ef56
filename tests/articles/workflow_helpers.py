"""Users in the workflow's groups, and the content dict the services take, for the workflow tests."""

from django.contrib.auth.models import Group, Permission

from articles.models import DRAFT_FIELDS, Article
from tests.factories import make_author, make_staff


def make_editor(username="editor", *, may_publish_without_review=False, **fields):
    user = make_staff(username, **fields)
    user.groups.add(Group.objects.get(name="Editors"))
    if may_publish_without_review:
        user.user_permissions.add(
            Permission.objects.get(codename="publish_without_review")
        )
    return user


def make_reviewer(username="reviewer", *, credentials="RHIA", **fields):
    """A member of Reviewers; with `credentials`, also an Author profile the byline can name."""
    user = make_staff(username, **fields)
    user.groups.add(Group.objects.get(name="Reviewers"))
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
