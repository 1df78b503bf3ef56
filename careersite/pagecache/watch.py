"""With Redis: each process follows the content version by publish/subscribe instead of asking for it per request.

A cache hit then needs no round trip at all: the version is in memory (kept current by a subscriber thread) and
the page sits in a small per-process copy (the "near" cache) next to the shared one. `bump()` sets the new token
in Redis and publishes it on a channel; every process's subscriber thread receives it within a millisecond on one
machine and replaces its copy. The process that bumps adopts its own token at once.

When the subscription is not known to be healthy (before it is confirmed, after a dropped connection, while Redis
is down) `watched_version()` returns None and callers read the version from Redis as before, so a lost connection
costs speed, never correctness. The thread also re-reads the version key every RESYNC_SECONDS, which bounds the
staleness if a published message were ever lost (a bump whose publish failed, say).
"""

import contextlib
import logging
import os
import threading
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)

RESYNC_SECONDS = 5.0
RETRY_SECONDS = 1.0


class VersionWatcher:
    def __init__(self, version_key: str):
        self.version_key = version_key
        self.content_version: str | None = None
        self._pid: int | None = None
        self._lock = threading.Lock()

    @property
    def channel(self) -> str:
        # The cache's own key (its KEY_PREFIX and key VERSION included): sites sharing a Redis never hear each other.
        return cache.make_key(self.version_key)

    def current(self) -> str | None:
        """The followed version, or None when it is not known to be current."""
        if self._pid != os.getpid():
            self._start()
        return self.content_version

    def adopt(self, content_version: str) -> None:
        """This process has just set `content_version`: use it at once rather than waiting for its own message."""
        if self.content_version is not None:
            self.content_version = content_version

    def _start(self) -> None:
        with self._lock:
            # After a fork (gunicorn workers) the parent's thread does not exist in the child.
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self.content_version = None
            threading.Thread(
                target=self._run, name="pagecache-version", daemon=True
            ).start()

    def _run(self) -> None:
        from django_redis import get_redis_connection

        while True:
            pubsub = None
            try:
                pubsub = get_redis_connection("default").pubsub()
                pubsub.subscribe(self.channel)
                self._follow(pubsub)
            except Exception:
                logger.warning("Page cache version subscription lost", exc_info=True)
            finally:
                self.content_version = None
                if pubsub is not None:
                    with contextlib.suppress(Exception):
                        pubsub.close()
            time.sleep(RETRY_SECONDS)

    def _follow(self, pubsub) -> None:
        confirmed = False
        resync_at = 0.0
        while True:
            message = pubsub.get_message(timeout=RESYNC_SECONDS)
            if message and message["type"] == "subscribe":
                confirmed = True
            elif message and message["type"] == "message":
                self.content_version = message["data"].decode()
                continue
            if confirmed and time.monotonic() >= resync_at:
                # Read after the subscription is confirmed, so no bump can fall between the read and the messages.
                stored = cache.get(self.version_key)
                if stored is not None:
                    self.content_version = stored
                resync_at = time.monotonic() + RESYNC_SECONDS
                # A dead connection raises here rather than waiting silently.
                pubsub.ping()


def publish(version_key: str, version: str) -> None:
    from django_redis import get_redis_connection

    get_redis_connection("default").publish(cache.make_key(version_key), version)
