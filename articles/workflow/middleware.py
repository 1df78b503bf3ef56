"""Scheduled changes go live on the first request after their time, with no editor online and no job.

Inside the page cache middleware: a cached page is only ever served until the next go-live time
(careersite.pagecache.version.next_publication), so the first request after that time reaches this check.

The check must not cost readers a query, so the earliest go-live time is kept where every process of the
site sees it, like the page cache's content version: in the shared cache with Redis, else in a small file
beside the version file. The workflow services rewrite it after each commit that schedules, publishes or
discards; a process that finds it missing (a fresh start) looks it up once. `manage.py publish_scheduled`
does the same from cron, for sites that want changes out even when nobody visits.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from careersite.pagecache.version import write_whole

logger = logging.getLogger(__name__)

KEY = "workflow:first-go-live"


def _path() -> Path | None:
    version_file = settings.PAGE_CACHE_VERSION_FILE
    return Path(version_file).with_name("first-go-live") if version_file else None


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
    from articles.models import ArticleDraft
    from articles.workflow.rules import State

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


class ScheduledChangesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            when = read_first_go_live()
            if when is None:
                when = store_first_go_live()
            now = timezone.now()
            if when and when <= now.timestamp():
                from articles.workflow.services import apply_due_scheduled_changes

                apply_due_scheduled_changes(now)
        except Exception:
            # A reader's page must not fail because a scheduled change could not be applied.
            logger.exception("Could not apply the due scheduled changes")
        return self.get_response(request)
