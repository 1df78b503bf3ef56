"""Scheduled changes go live on the first request after their time, with no editor online and no job.

Inside the page cache middleware: a cached page is only ever served until the next go-live time
(careersite.pagecache.version.next_publication), so every request after that time reaches this check. The
check costs a cache read per request; the indexed lookup of the earliest scheduled change runs once per
content version (every content save changes the version). `manage.py publish_scheduled` does the same from
cron, for sites that want changes out even when nobody visits.
"""

import logging

from django.core.cache import cache
from django.utils import timezone

from articles.models import ArticleDraft
from articles.workflow.rules import State
from careersite.pagecache.version import content_version

logger = logging.getLogger(__name__)

DUE_KEY = "workflow:first-go-live:{version}"


def first_go_live_timestamp(version: str) -> float:
    """Epoch seconds of the earliest scheduled change, due or not (0.0 if none), cached per version."""
    key = DUE_KEY.format(version=version)
    when = cache.get(key)
    if when is None:
        first = (
            ArticleDraft.objects.filter(state=State.SCHEDULED)
            .order_by("go_live_at")
            .values_list("go_live_at", flat=True)
            .first()
        )
        when = first.timestamp() if first else 0.0
        cache.set(key, when, None)
    return when


class ScheduledChangesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            now = timezone.now()
            when = first_go_live_timestamp(content_version())
            if when and when <= now.timestamp():
                from articles.workflow.services import apply_due_scheduled_changes

                apply_due_scheduled_changes(now)
        except Exception:
            # A reader's page must not fail because a scheduled change could not be applied.
            logger.exception("Could not apply the due scheduled changes")
        return self.get_response(request)
