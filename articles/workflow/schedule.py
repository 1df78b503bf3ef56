"""When public pages next change on their own, and the one store every process reads it from.

Scheduled first publications and scheduled changes of live articles are found by `next_change_at()`
(the page cache calls it by name, settings.PAGE_CACHE_NEXT_CHANGE, to expire pages at that time). The
earliest scheduled change is kept where every process of the site sees it, like the page cache's content
version: in the shared cache with Redis, else in a small file beside the content version's file
(`read_first_go_live` / `store_first_go_live`); the workflow services rewrite it after each commit that
schedules, publishes or discards. Applying what is due is `services.apply_due_scheduled_changes`, called
by the middleware on the first request after the time and by `manage.py publish_scheduled`.
"""

import logging
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article, ArticleDraft
from articles.workflow.rules import State
from careersite.pagecache.content_version import write_whole

logger = logging.getLogger(__name__)

KEY = "workflow:first-go-live"


def _path() -> Path | None:
    content_version_file = settings.PAGE_CACHE_VERSION_FILE
    if not content_version_file:
        return None
    return Path(content_version_file).with_name("first-go-live")


def read_first_go_live() -> float | None:
    """Epoch seconds of the earliest scheduled change (0.0: none), or None when not known yet."""
    path = _path()
    if path is None:
        return cache.get(KEY)
    try:
        return float(path.read_text() or "nan")
    except (FileNotFoundError, ValueError):
        return None


def store_first_go_live() -> float:
    """Look up the earliest scheduled change and store it for every process (one indexed query)."""
    first = (
        ArticleDraft.objects.filter(state=State.SCHEDULED)
        .order_by("go_live_at")
        .values_list("go_live_at", flat=True)
        .first()
    )
    when = first.timestamp() if first else 0.0
    try:
        path = _path()
        if path is None:
            cache.set(KEY, when, None)
        else:
            write_whole(path, repr(when))
    except Exception:
        logger.exception("Could not store the next go-live time")
    return when


def next_change_at(now: datetime | None = None) -> datetime | None:
    """When public pages next change on their own: the earliest scheduled first publication or scheduled
    change still to come (one query)."""
    now = now or timezone.now()
    articles = (
        Article.objects.scheduled(now=now)
        .order_by()
        .values_list("published_at", flat=True)
    )
    changes = (
        ArticleDraft.objects.filter(state=State.SCHEDULED, go_live_at__gt=now)
        .order_by()
        .values_list("go_live_at", flat=True)
    )
    return articles.union(changes).order_by("published_at").first()
