"""Anonymous page cache: exact invalidation by a content version, conditional GET, pre-compressed bodies.

Placement (settings.MIDDLEWARE): after SecurityMiddleware and WhiteNoise, before CSP, sessions, auth and every
middleware that adds headers, so a stored response already carries its CSP and frame headers and a cache hit
replays them without running the view, the session or the URL resolver.

A page is stored only when the request is an anonymous GET (no session or messages cookie), the path is not the
admin, a preview or a health check, and the response is a plain 200 without cookies, without `Cache-Control`
forbidding it, without a CSP nonce (a replayed nonce would be predictable) and not marked
`response.page_cache = False`. Views that answer 200 with form errors call `mark_uncacheable(response)`.

Freshness: every entry records the content version it was rendered under. Saving or deleting any row of a content
app bumps the version (signals wired in careersite.apps), so the next request renders fresh. Admin POSTs bump it
too, which covers bulk actions that use `QuerySet.update()`. Services that write in bulk call `content_changed()`.
Entries also expire no later than the next scheduled article publication.

Where the version lives: in the cache when it is shared (Redis, several app servers); with the per-process local
memory cache, in a small file (PAGE_CACHE_VERSION_FILE), so every gunicorn worker and every management command on
the machine sees the same version.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import brotli
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
NEXT_PUBLICATION_KEY = "pagecache:next-publication:{version}"
PAGE_KEY = "pagecache:page:{digest}"

# Per-process fallback release id: entries rendered by other code are never served (see PAGE_CACHE_RELEASE).
_PROCESS_RELEASE = uuid.uuid4().hex[:12]

COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/javascript",
    "image/svg+xml",
)
COMPRESSIBLE_SUFFIXES = ("+xml", "+json")
MIN_COMPRESS_BYTES = 256
SAFE_VARY = {"cookie", "accept-encoding"}
# Headers the cache layer computes itself on every hit.
MANAGED_HEADERS = {
    "content-length",
    "content-encoding",
    "etag",
    "last-modified",
    "vary",
    "date",
}


def _setting(name: str, default):
    return getattr(settings, name, default)


def page_cache_enabled() -> bool:
    return _setting("PAGE_CACHE_ENABLED", True)


def _release() -> str:
    return _setting("PAGE_CACHE_RELEASE", "") or _PROCESS_RELEASE


def _version_file() -> Path | None:
    path = _setting("PAGE_CACHE_VERSION_FILE", None)
    return Path(path) if path else None


# --- content version -------------------------------------------------------------------------------------------


def content_version() -> str:
    """The site-wide content version; any change to content gives a new one."""
    path = _version_file()
    if path is not None:
        return _file_version(path)
    version = cache.get(VERSION_KEY)
    return version if version is not None else _new_shared_version()


def _file_version(path: Path) -> str:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return "0"
    # os.replace() in _bump_file gives a new inode and mtime on every bump: no read needed.
    return f"{stat.st_ino:x}.{stat.st_mtime_ns:x}.{stat.st_size:x}"


def _new_shared_version() -> str:
    cache.add(
        VERSION_KEY, uuid.uuid4().hex, None
    )  # add: two servers racing agree on one value
    return cache.get(VERSION_KEY) or "0"


def _bump_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}")
    tmp.write_text(uuid.uuid4().hex)
    os.replace(tmp, path)


def content_changed() -> None:
    """Make every cached page stale; call after writes that bypass model signals (bulk_create, update())."""
    _bump()
    # A bump inside a transaction could let a concurrent request re-cache the old rows under the new version
    # before the commit; bumping again after the commit closes that window (once per transaction).
    if not transaction.get_autocommit():
        connection = transaction.get_connection()
        if not any(func is _bump for _, func, _ in connection.run_on_commit):
            transaction.on_commit(_bump)


def _bump() -> None:
    _LOCAL["checked"] = 0.0
    path = _version_file()
    try:
        if path is not None:
            _bump_file(path)
        else:
            cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    except Exception:  # an editor's save must not fail because the cache is down; entries expire anyway
        logger.exception("Could not bump the page cache content version")


def content_apps() -> set[str]:
    return set(
        _setting(
            "PAGE_CACHE_CONTENT_APPS", ("articles", "schools", "redirects", "sites")
        )
    )


def on_content_saved(sender, **kwargs) -> None:
    """post_save / post_delete / m2m_changed receiver of content models: only bumps the version."""
    if kwargs.get("raw"):  # loaddata: the command's callers bump once at the end
        return
    content_changed()


def connect_content_signals() -> None:
    """Connect the receiver per content model, so other models keep Django's fast (signal-less) deletes."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in apps.get_models():
        if model._meta.app_label not in content_apps():
            continue
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(on_content_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(on_content_saved, sender=model, dispatch_uid=uid)
        for m2m_field in model._meta.local_many_to_many:
            m2m_changed.connect(
                on_content_saved,
                sender=m2m_field.remote_field.through,
                dispatch_uid=f"{uid}-{m2m_field.name}",
            )


# --- optional per-process copy in front of a shared cache ---------------------------------------------------------
#
# With Redis every hit costs one round trip (the content version and the entry, in one MGET). Setting
# PAGE_CACHE_VERSION_TTL (DJANGO_PAGE_CACHE_VERSION_TTL, seconds) lets each process trust the version it last
# read for that long and keep hot entries in memory, so a hit touches no network at all. The price: another
# instance's readers may see the previous content for up to that many seconds after an edit (this process
# forgets its copy at once). Off (0, exact) by default.

_LOCAL: dict = {"version": None, "checked": 0.0}
_LOCAL_ENTRIES: dict[str, Entry] = {}
_LOCAL_MAX_ENTRIES = 500


def _version_ttl() -> float:
    return float(_setting("PAGE_CACHE_VERSION_TTL", 0))


def _local_lookup(key: str) -> tuple[str, Entry | None] | None:
    ttl = _version_ttl()
    if (
        ttl <= 0
        or _LOCAL["version"] is None
        or time.monotonic() - _LOCAL["checked"] >= ttl
    ):
        return None
    version = _LOCAL["version"]
    entry = _LOCAL_ENTRIES.get(key)
    if entry is None or entry.version != version:
        entry = cache.get(key)
        _local_remember(key, entry)
    return version, entry


def _local_remember(
    key: str, entry: Entry | None, *, version: str | None = None
) -> None:
    if _version_ttl() <= 0:
        return
    if version is not None and version != _LOCAL["version"]:
        _LOCAL_ENTRIES.clear()
        _LOCAL.update(version=version)
    if version is not None:
        _LOCAL["checked"] = time.monotonic()
    if entry is not None and entry.version == _LOCAL["version"]:
        if len(_LOCAL_ENTRIES) >= _LOCAL_MAX_ENTRIES:
            _LOCAL_ENTRIES.clear()
        _LOCAL_ENTRIES[key] = entry


# --- scheduled publication ---------------------------------------------------------------------------------------


def next_publication(version: str, now: float) -> float | None:
    """Epoch seconds of the earliest scheduled article, cached per content version."""
    key = NEXT_PUBLICATION_KEY.format(version=version)
    value = cache.get(key)
    if value is None or (value and value <= now):
        from articles.models import Article

        when = (
            Article.objects.scheduled()
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        value = when.timestamp() if when else 0.0
        lifetime = page_cache_seconds()
        timeout = max(1, min(lifetime, int(value - now))) if value else lifetime
        cache.set(key, value, timeout)
    return value or None


def page_cache_seconds() -> int:
    return int(_setting("PAGE_CACHE_SECONDS", 3600))


# --- entries -----------------------------------------------------------------------------------------------------


@dataclass
class Entry:
    version: str
    created: float
    expires_at: float
    etag: str
    headers: list[tuple[str, str]]
    bodies: dict[str, bytes] = field(
        default_factory=dict
    )  # "br", "gzip" and/or "identity"
    length: int = 0
    view_cache_control: bool = False

    def body(self, encoding: str) -> bytes:
        if encoding in self.bodies:
            return self.bodies[encoding]
        return gzip.decompress(self.bodies["gzip"])


def _compressible(content_type: str) -> bool:
    content_type = content_type.split(";", 1)[0].strip().lower()
    return content_type.startswith(COMPRESSIBLE_TYPES) or content_type.endswith(
        COMPRESSIBLE_SUFFIXES
    )


def build_entry(
    response: HttpResponse, *, version: str, now: float, expires_at: float
) -> Entry:
    body = response.content
    bodies: dict[str, bytes] = {}
    if len(body) >= MIN_COMPRESS_BYTES and _compressible(
        response.get("Content-Type", "")
    ):
        # Compressed once per render, served many times; identity is rebuilt from gzip for the rare client
        # that accepts neither, which keeps memory per entry at about a fifth of the page.
        bodies["br"] = brotli.compress(body, quality=5)
        bodies["gzip"] = gzip.compress(body, compresslevel=6, mtime=0)
    else:
        bodies["identity"] = body
    headers = [(k, v) for k, v in response.items() if k.lower() not in MANAGED_HEADERS]
    return Entry(
        version=version,
        created=now,
        expires_at=expires_at,
        etag=f'W/"{hashlib.blake2b(body, digest_size=16).hexdigest()}"',
        headers=headers,
        bodies=bodies,
        length=len(body),
        view_cache_control=response.has_header("Cache-Control"),
    )


def choose_encoding(accept_encoding: str, available: dict[str, bytes]) -> str:
    if "identity" in available:
        return "identity"
    accepted = {}
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        accepted[name.strip()] = q
    for encoding in ("br", "gzip"):
        if accepted.get(encoding, accepted.get("*", 0)) > 0:
            return encoding
    return "identity"


def public_cache_control(remaining: float) -> str:
    """Shared-cache policy for a CDN, never promising freshness past the entry's own expiry."""
    remaining = max(0, int(remaining))
    max_age = min(int(_setting("PAGE_CACHE_MAX_AGE", 60)), remaining)
    s_maxage = min(int(_setting("PAGE_CACHE_S_MAXAGE", 300)), remaining)
    swr = int(_setting("PAGE_CACHE_STALE_WHILE_REVALIDATE", 600))
    return (
        f"public, max-age={max_age}, s-maxage={s_maxage}, stale-while-revalidate={swr}"
    )


def serve_entry(request: HttpRequest, entry: Entry, now: float) -> HttpResponse:
    encoding = choose_encoding(
        request.META.get("HTTP_ACCEPT_ENCODING", ""), entry.bodies
    )
    body = entry.body(encoding)
    # HEAD: the headers of the GET (Content-Length included) without the body, as RFC 9110 asks.
    response = HttpResponse(b"" if request.method == "HEAD" else body)
    for name, value in entry.headers:
        response.headers[name] = value
    if encoding != "identity":
        response.headers["Content-Encoding"] = encoding
    response.headers["Content-Length"] = str(len(body))
    response.headers["ETag"] = entry.etag
    response.headers["Last-Modified"] = http_date(entry.created)
    if not entry.view_cache_control:
        response.headers["Cache-Control"] = public_cache_control(entry.expires_at - now)
    patch_vary_headers(response, ("Cookie", "Accept-Encoding"))
    return get_conditional_response(
        request, etag=entry.etag, last_modified=int(entry.created), response=response
    )


def mark_uncacheable(response: HttpResponse) -> HttpResponse:
    """For views answering 200 with something personal or provisional, such as a form with errors."""
    response.page_cache = False
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- middleware --------------------------------------------------------------------------------------------------


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        bypass = self.bypass_reason(request)
        if bypass:
            response = self.get_response(request)
            self.after_uncached(request, response, bypass)
            return response

        now = time.time()
        key = self.page_key(request)
        try:
            version, entry = self.lookup(key)
        except Exception:  # cache down: serve from the database rather than fail
            logger.warning("Page cache unavailable", exc_info=True)
            return self.get_response(request)
        if entry is not None and entry.version == version and entry.expires_at > now:
            return serve_entry(request, entry, now)

        response = self.get_response(request)
        if not self.storable(request, response):
            return response
        try:
            entry = self.store(key, response, version, now)
        except Exception:
            logger.warning("Page cache unavailable", exc_info=True)
            return response
        return serve_entry(request, entry, now)

    @staticmethod
    def store(key: str, response: HttpResponse, version: str, now: float) -> Entry:
        expires_at = now + page_cache_seconds()
        scheduled = next_publication(version, now)
        if scheduled:
            expires_at = min(expires_at, scheduled)
        entry = build_entry(response, version=version, now=now, expires_at=expires_at)
        timeout = int(expires_at - now)
        if timeout > 0:
            cache.set(key, entry, timeout)
            _local_remember(key, entry)
        return entry

    # Request side: is this request one we may answer from the cache?

    def bypass_reason(self, request: HttpRequest) -> str:
        if request.method not in ("GET", "HEAD"):
            return "method"
        if not page_cache_enabled():
            return "disabled"
        if request.path.startswith(self.excluded_prefixes()):
            return "excluded"
        cookies = request.COOKIES
        if (
            settings.SESSION_COOKIE_NAME in cookies
            or _setting("MESSAGE_COOKIE_NAME", "messages") in cookies
        ):
            return "personal"
        if len(request.META.get("QUERY_STRING", "")) > int(
            _setting("PAGE_CACHE_MAX_QUERY_LENGTH", 1000)
        ):
            return "query"
        return ""

    @staticmethod
    def excluded_prefixes() -> tuple[str, ...]:
        admin = "/" + settings.ADMIN_PATH.strip("/") + "/"
        return (
            admin,
            *_setting(
                "PAGE_CACHE_EXCLUDED_PREFIXES",
                ("/guides/preview/", "/healthz", "/readyz"),
            ),
        )

    @staticmethod
    def page_key(request: HttpRequest) -> str:
        url = f"{_release()} {request.scheme}://{request.get_host()}{request.get_full_path()}"
        return PAGE_KEY.format(digest=hashlib.sha256(url.encode()).hexdigest())

    @staticmethod
    def lookup(key: str) -> tuple[str, Entry | None]:
        if _version_file() is not None:
            return content_version(), cache.get(key)
        local = _local_lookup(key)
        if local is not None:
            return local
        found = cache.get_many(
            [VERSION_KEY, key]
        )  # one round trip to Redis per request
        version = found.get(VERSION_KEY)
        if version is None:
            return _new_shared_version(), None
        _local_remember(key, found.get(key), version=version)
        return version, found.get(key)

    # Response side.

    @staticmethod
    def storable(request: HttpRequest, response) -> bool:
        if request.method != "GET" or response.status_code != 200 or response.streaming:
            return False
        if getattr(response, "page_cache", True) is False or response.cookies:
            return False
        control = response.get("Cache-Control", "").lower()
        if any(
            word in control for word in ("private", "no-store", "no-cache", "max-age=0")
        ):
            return False
        if "'nonce-" in response.get("Content-Security-Policy", ""):
            return False
        vary = {
            v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()
        }
        if not vary <= SAFE_VARY:
            return False
        user = getattr(request, "user", None)
        return not (user is not None and user.is_authenticated)

    def after_uncached(self, request: HttpRequest, response, bypass: str) -> None:
        if bypass in ("personal", "excluded") and not response.has_header(
            "Cache-Control"
        ):
            patch_cache_control(response, private=True, no_store=True)
        elif bypass == "method" and self.admin_write(request, response):
            content_changed()

    def admin_write(self, request: HttpRequest, response) -> bool:
        """A successful admin POST (save, delete, bulk action, import) may have changed content."""
        if request.method != "POST" or response.status_code >= 400:
            return False
        admin = "/" + settings.ADMIN_PATH.strip("/") + "/"
        if not request.path.startswith(admin):
            return False
        rest = request.path[len(admin) :]
        return not rest.startswith(("login/", "logout/", "password_change/", "jsi18n/"))
