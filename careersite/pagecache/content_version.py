"""The content version: one site-wide token that changes whenever public content may have changed.

Every cached page records the version it was rendered under and is served only while the version is the same, so
an edit shows on the next request. Every write to content through the ORM changes it (careersite.pagecache.content:
model signals for saves and deletes, ContentQuerySet for bulk writes); only code that writes content with raw SQL
calls `content_changed()` itself.

Where it lives, so every process that serves pages sees the same token:
- with Redis (`REDIS_URL`), in the shared cache, for every instance; each process follows it by publish/subscribe
  (careersite.pagecache.watch) so a cache hit needs no round trip to learn it;
- with the per-process local-memory cache, in a small file (settings.PAGE_CACHE_VERSION_FILE) that every gunicorn
  worker and management command on the machine reads (a few microseconds per request).
"""

import logging
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.module_loading import import_string

from careersite.pagecache import watch

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
NEXT_PUBLICATION_KEY = "pagecache:next-publication:{version}"
WATCHER = watch.VersionWatcher(VERSION_KEY)


def watched_version() -> str | None:
    """The version as this process follows it by publish/subscribe (Redis only), or None: then ask the cache."""
    if not settings.PAGE_CACHE_NEAR:
        return None
    return WATCHER.current()


def content_version_with(key: str | None) -> tuple[str, object]:
    """The content version and the cached value of `key`, in one round trip when both live in the cache."""
    if settings.PAGE_CACHE_VERSION_FILE:
        version = _file_version(settings.PAGE_CACHE_VERSION_FILE)
        return version, cache.get(key) if key else None
    found = cache.get_many([VERSION_KEY, key] if key else [VERSION_KEY])
    version = found.get(VERSION_KEY)
    if version is None:
        # add(): two servers starting at once agree on one token.
        cache.add(VERSION_KEY, secrets.token_hex(8), None)
        return cache.get(VERSION_KEY), None
    return version, found.get(key)


def _file_version(path: str) -> str:
    # bump() replaces the file whole (os.replace), so a reader sees the old token or the new one.
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return "0"
    try:
        return os.read(fd, 64).decode() or "0"
    finally:
        os.close(fd)


def write_whole(path: Path, text: str) -> None:
    """Replace the file at `path` whole (os.replace), so a reader in another process sees the old text or the new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    scratch.write_text(text)
    os.replace(scratch, path)


def bump() -> None:
    """Give the site a new content version now."""
    try:
        if settings.PAGE_CACHE_VERSION_FILE:
            write_whole(Path(settings.PAGE_CACHE_VERSION_FILE), secrets.token_hex(8))
        else:
            token = secrets.token_hex(8)
            cache.set(VERSION_KEY, token, None)
            if settings.PAGE_CACHE_NEAR:
                WATCHER.adopt(token)
                watch.publish(VERSION_KEY, token)
    except Exception:
        # An editor's save must not fail because the cache is down; entries expire anyway.
        logger.exception("Could not bump the page cache content version")


def content_changed() -> None:
    """Make every cached page stale. Writes through the ORM do it themselves (careersite.pagecache.content); call it
    only after writing content with raw SQL."""
    bump()
    # Inside a transaction a concurrent request could render the old rows under the new version before the
    # commit, so bump once more after the commit.
    bump_after_commit()


def bump_after_commit() -> None:
    """Bump when the current transaction commits: one callback per transaction, however many rows it writes.

    Outside an atomic block there is nothing to wait for, and no database connection is needed.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        callback is bump for _, callback, _ in connection.run_on_commit
    ):
        transaction.on_commit(bump)


def next_publication(version: str, now: float) -> float | None:
    """Epoch seconds of the next scheduled publication or scheduled change of an article (None if there is
    none), looked up once per version."""
    key = NEXT_PUBLICATION_KEY.format(version=version)
    when = cache.get(key)
    if when is None or (when and when <= now):
        scheduled = import_string(settings.PAGE_CACHE_NEXT_CHANGE)()
        when = scheduled.timestamp() if scheduled else 0.0
        lifetime = settings.PAGE_CACHE_SECONDS
        cache.set(
            key, when, max(1, min(lifetime, int(when - now))) if when else lifetime
        )
    return when or None
