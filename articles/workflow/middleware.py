"""Scheduled changes go live on the first request after their time, with no editor online and no job.

Inside the page cache middleware: a cached page is only ever served until the next go-live time
(careersite.pagecache.content_version.next_publication), so the first request after that time reaches this check.

The check must not cost readers a query, so the earliest go-live time is kept where every process of the
site sees it, like the page cache's content version: in the shared cache with Redis, else in a small file
beside the content version's file. The workflow services rewrite it after each commit that schedules,
publishes or discards; a process that finds it missing (a fresh start) looks it up once.
`manage.py publish_scheduled` does the same from cron, for sites that want changes out even when nobody
visits.
"""

import logging
import time

from django.utils import timezone

from articles.workflow.schedule import read_first_go_live, store_first_go_live
from articles.workflow.services import apply_due_scheduled_changes

logger = logging.getLogger(__name__)

# While the store is unreachable (Redis down) every request fails the check: one error a minute per process says
# so without a traceback per page.
LOG_EVERY_SECONDS = 60


class ScheduledChangesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.logged_at: float | None = None

    def __call__(self, request):
        try:
            when = read_first_go_live()
            if when is None:
                when = store_first_go_live()
            now = timezone.now()
            if when and when <= now.timestamp():
                apply_due_scheduled_changes(now)
        except Exception:
            # A reader's page must not fail because a scheduled change could not be applied.
            now = time.monotonic()
            if self.logged_at is None or now - self.logged_at >= LOG_EVERY_SECONDS:
                self.logged_at = now
                logger.exception(
                    "Could not apply the due scheduled changes (logged at most once a minute)"
                )
        return self.get_response(request)
