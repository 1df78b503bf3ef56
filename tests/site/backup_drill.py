"""The restore drill's steps, each run in a fresh interpreter by tests/site/test_backup.py against a real site
(DJANGO_DATA_DIR, and DATABASE_URL for PostgreSQL), as `make backup` and `make restore` would meet it:

    python -m tests.site.backup_drill populate   # migrate, seed, then the content an editor's day leaves
    python -m tests.site.backup_drill scribble   # change and add things a forced restore must undo
    python -m tests.site.backup_drill check      # JSON: what is stored, and what the site serves from it

Not a test module.
"""

import hashlib
import io
import json
import sys
from datetime import timedelta

import django

HERO_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)
DRAFT_SLUG = "restore-drill-draft"


def populate() -> None:
    """Seed content, then a new draft article, a working draft of a live article (a revision), an autosave, a
    scheduled change, an edited program and an uploaded hero image."""
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.utils import timezone

    from articles.autosave import article_autosave_store
    from articles.models import Article
    from articles.workflow import services
    from schools.models import Program
    from tests.articles.workflow_helpers import (
        content_of,
        live_sources_of,
        make_editor,
        make_reviewer,
    )
    from tests.factories import make_article

    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_content", stdout=io.StringIO())
    editor = make_editor("drill-editor", first_name="Dana", last_name="Reyes")
    reviewer = make_reviewer("drill-reviewer", first_name="Lee", last_name="Park")
    drafted, scheduled, illustrated = Article.objects.published().order_by("pk")[:3]

    make_article(
        title="Restore drill draft",
        slug=DRAFT_SLUG,
        status=Article.Status.DRAFT,
        published_at=None,
    )
    services.article_save_draft(
        article=drafted,
        user=editor,
        content=content_of(drafted, title=f"{drafted.title} (draft)"),
        sources=live_sources_of(drafted),
    )
    article_autosave_store(
        user=editor,
        article=drafted,
        data={"fields": {"title": "Typed, not saved"}, "labels": {}},
    )
    services.article_save_draft(
        article=scheduled,
        user=editor,
        content=content_of(scheduled, dek="Goes live next week."),
        sources=live_sources_of(scheduled),
    )
    services.article_submit_for_review(article=scheduled, user=editor)
    services.article_approve(article=scheduled, user=reviewer, note="Fine.")
    services.article_schedule_changes(
        article=scheduled,
        user=editor,
        go_live_at=timezone.now() + timedelta(days=7),
    )
    program = Program.objects.order_by("pk").first()
    program.name = f"{program.name} (edited)"
    program.save()
    illustrated.hero_alt = "A one-pixel picture"
    illustrated.hero_image.save("restore-drill.png", ContentFile(HERO_PNG))


def scribble() -> None:
    """What a forced restore must undo: a deleted draft, an edited program, a new upload."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from articles.models import Article
    from schools.models import Program

    Article.objects.filter(slug=DRAFT_SLUG).delete()
    Program.objects.order_by("pk").update(name="Scribbled")
    default_storage.save("articles/stray.png", ContentFile(HERO_PNG))


def _rows() -> dict:
    """Per model of every installed app: its row count and a SHA-256 of all its rows, serialized."""
    from django.apps import apps
    from django.core import serializers

    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        objects = list(model._base_manager.order_by("pk"))
        text = serializers.serialize("json", objects)
        rows[model._meta.label] = [
            len(objects),
            hashlib.sha256(text.encode()).hexdigest(),
        ]
    return rows


def _records() -> dict:
    """A few whole records, to compare field by field."""
    from django.core import serializers
    from reversion.models import Version

    from articles.models import Article, ArticleAutosave, ArticleDraft
    from schools.models import Program

    def whole(queryset):
        return json.loads(serializers.serialize("json", queryset))

    return {
        "new draft": whole(Article.objects.filter(slug=DRAFT_SLUG).order_by("pk")),
        "working drafts": whole(ArticleDraft.objects.order_by("pk")),
        "autosaves": whole(ArticleAutosave.objects.order_by("pk")),
        "latest revisions": whole(Version.objects.order_by("-pk")[:5]),
        "edited program": whole(Program.objects.order_by("pk")[:1]),
        "illustrated": whole(Article.objects.exclude(hero_image="").order_by("pk")),
    }


def _media() -> dict:
    from django.conf import settings

    from careersite.backup import _sha256

    root = settings.MEDIA_ROOT
    return {
        p.relative_to(root).as_posix(): _sha256(p)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _pages() -> dict:
    """What readers get: the illustrated article, the one with a scheduled change, the edited program."""
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    from articles.models import Article
    from schools.models import Program

    setup_test_environment()  # the test client's host
    article = Article.objects.exclude(hero_image="").get()
    scheduled = Article.objects.get(draft__go_live_at__isnull=False)
    program = Program.objects.order_by("pk").first()
    pages = {}
    # Plain static storage: no collectstatic manifest needed.
    static = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    with override_settings(STORAGES=static, PAGE_CACHE_ENABLED=False):
        client = Client()
        for name, url in [
            ("illustrated", article.get_absolute_url()),
            ("scheduled", scheduled.get_absolute_url()),
            ("program", program.get_absolute_url()),
        ]:
            response = client.get(url)
            pages[name] = {
                "status": response.status_code,
                "text": response.content.decode(),
            }
    pages["expected"] = {
        "illustrated": [article.title, article.hero_image.url],
        "scheduled": [scheduled.dek],
        "program": [program.name],
    }
    return pages


def check() -> dict:
    return {
        "rows": _rows(),
        "records": _records(),
        "media": _media(),
        # Last: a request may publish due changes (none are due here).
        "pages": _pages(),
    }


def main(step: str) -> None:
    django.setup()
    if step == "populate":
        populate()
    elif step == "scribble":
        scribble()
    else:
        sys.stdout.write(json.dumps(check()) + "\n")


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careersite.settings")
    main(sys.argv[1])
