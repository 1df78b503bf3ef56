"""The page cache middleware: anonymous GET/HEAD of public pages answered from Django's cache.

Placement (settings.MIDDLEWARE): inside ConditionalGetMiddleware (ETag/Last-Modified 304s for hits and misses
alike), SecurityMiddleware and WhiteNoise; outside CSP, sessions, auth and every middleware that adds headers, so a
stored response already carries its CSP and frame headers and a hit replays them without running the view, the
session or the URL resolver.

Keys are Django's (`learn_cache_key` / `get_cache_key`: the absolute URL, the headers the page varies on, and
settings.PAGE_CACHE_RELEASE as the key prefix, so a new release never serves an old release's pages). What is ours:
each entry records the content version it was rendered under (careersite.pagecache.content_version) and is served only
while that version is current, and no longer than the next scheduled article publication.

A page is stored only when the request is an anonymous GET (no session or messages cookie), the path is not the
admin, a preview or a health check, and the response is a plain 200 without cookies, without `Cache-Control`
forbidding it, without a CSP nonce (a replayed nonce would be predictable), varying on nothing but Cookie and
Accept-Encoding, and not marked by `mark_uncacheable(response)` (views answering 200 with form errors).
"""

import gzip
import hashlib
import logging
import time
from typing import NamedTuple

import brotli
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import (
    get_cache_key,
    get_max_age,
    learn_cache_key,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date

from careersite.pagecache.content_version import (
    content_version_with,
    next_publication,
    watched_version,
)

logger = logging.getLogger(__name__)

# Which request headers a URL's page varies on (learn_cache_key) depends on the code, not on the content, so each
# process keeps that list in its own memory: a hit then costs one cache round trip (the content version and the
# page, together), not two. A process that has not stored a URL yet renders it once.
LEARNED_HEADERS = "local"
LEARNED_HEADERS_SECONDS = 24 * 3600
SAFE_VARY = {"cookie", "accept-encoding"}
FORBIDDING = ("private", "no-store", "no-cache")
COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/javascript",
    "image/svg+xml",
)
COMPRESSIBLE_SUFFIXES = ("+xml", "+json")
MIN_COMPRESS_BYTES = 256


class Entry(NamedTuple):
    """What the cache holds for one page: the response and the content version it was rendered under."""

    content_version: str
    expires_at: float
    response: HttpResponse


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reason = bypass_reason(request)
        if reason:
            response = self.get_response(request)
            if reason in ("personal", "excluded") and not response.has_header(
                "Cache-Control"
            ):
                patch_cache_control(response, private=True, no_store=True)
            return response

        now = time.time()
        # A Host header outside ALLOWED_HOSTS raises here and becomes Django's 400.
        key = page_key(request)
        try:
            content_version, entry = cached_entry_for(key, now=now)
        except Exception:
            # Cache down: serve from the database rather than fail.
            logger.warning("Page cache unavailable", exc_info=True)
            return self.get_response(request)
        if (
            entry is not None
            and entry.content_version == content_version
            and entry.expires_at > now
        ):
            return serve(request, entry, now=now)

        response = self.get_response(request)
        if getattr(response, "database_unavailable", False):
            return last_good_or(request, response)
        if not storable(request, response):
            return response
        try:
            entry = store(request, response, content_version=content_version, now=now)
        except Exception:
            logger.warning("Page cache unavailable", exc_info=True)
            return response
        return serve(request, entry, now=now)


# --- request side ------------------------------------------------------------------------------------------------


def bypass_reason(request: HttpRequest) -> str:
    """Why this request must not be answered from the cache, or "" if it may be."""
    if request.method not in ("GET", "HEAD"):
        return "method"
    if not settings.PAGE_CACHE_ENABLED:
        return "disabled"
    admin = "/" + settings.ADMIN_PATH.strip("/") + "/"
    if request.path.startswith((admin, *settings.PAGE_CACHE_EXCLUDED_PREFIXES)):
        return "excluded"
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return "personal"
    if len(request.META.get("QUERY_STRING", "")) > settings.PAGE_CACHE_MAX_QUERY_LENGTH:
        return "query"
    return ""


def page_key(request: HttpRequest) -> str | None:
    """The key of this request's page, or None while this process has not learned the URL's Vary headers."""
    # HEAD is answered from the GET entry.
    return get_cache_key(
        request, settings.PAGE_CACHE_RELEASE, "GET", cache=caches[LEARNED_HEADERS]
    )


def cached_entry_for(key: str | None, *, now: float) -> tuple[str, Entry | None]:
    """The content version and the entry stored under `key` (None if there is none or no key)."""
    content_version = watched_version()
    if content_version is None:
        return content_version_with(key)
    if key is None:
        return content_version, None
    # With Redis and a followed version, a page this process has served is in its own memory: no round trip.
    near = caches[settings.PAGE_CACHE_NEAR]
    entry = near.get(key)
    if entry is None or entry.content_version != content_version:
        entry = cache.get(key)
        if (
            entry is not None
            and entry.content_version == content_version
            and entry.expires_at > now
        ):
            near.set(key, entry, int(entry.expires_at - now))
    return content_version, entry


# --- response side -----------------------------------------------------------------------------------------------


def storable(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if getattr(response, "page_cache", True) is False or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if get_max_age(response) == 0 or any(word in control for word in FORBIDDING):
        return False
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",")} - {""}
    if not vary <= SAFE_VARY:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def mark_uncacheable(response: HttpResponse) -> HttpResponse:
    """For views answering 200 with something personal or provisional, such as a form with errors."""
    response.page_cache = False
    patch_cache_control(response, private=True, no_store=True)
    return response


def entry_lifetime(
    response: HttpResponse, *, content_version: str, now: float
) -> float:
    """Seconds a page may be served from the cache: PAGE_CACHE_SECONDS, or less if the view's own max-age or the
    next scheduled article publication comes sooner."""
    lifetime = settings.PAGE_CACHE_SECONDS
    view_max_age = get_max_age(response)
    if view_max_age is not None:
        lifetime = min(lifetime, view_max_age)
    scheduled = next_publication(content_version, now)
    if scheduled:
        lifetime = min(lifetime, scheduled - now)
    return lifetime


def store(
    request: HttpRequest, response: HttpResponse, *, content_version: str, now: float
) -> Entry:
    entry = Entry(
        content_version,
        now + entry_lifetime(response, content_version=content_version, now=now),
        response,
    )
    last_good_store(request, response, now=now)
    compress_for_cache(request, response)
    response.headers.setdefault("Last-Modified", http_date(now))
    if not response.has_header("ETag"):
        set_response_etag(response)
    key = learn_cache_key(
        request,
        response,
        LEARNED_HEADERS_SECONDS,
        settings.PAGE_CACHE_RELEASE,
        cache=caches[LEARNED_HEADERS],
    )
    # For downstream caches: a reader's page must never be shared with an editor's. Our own key ignores cookies,
    # because requests with a session or messages cookie never reach the cache.
    patch_vary_headers(response, ("Cookie",))
    timeout = int(entry.expires_at - now)
    if timeout > 0:
        cache.set(key, entry, timeout)
        if settings.PAGE_CACHE_NEAR:
            caches[settings.PAGE_CACHE_NEAR].set(key, entry, timeout)
    return entry


def serve(request: HttpRequest, entry: Entry, *, now: float) -> HttpResponse:
    response = entry.response
    if not response.has_header("Cache-Control"):
        # A CDN may keep the page a little, never past the entry's own expiry (the next publication).
        remaining = max(0, int(entry.expires_at - now))
        patch_cache_control(
            response,
            public=True,
            max_age=min(settings.PAGE_CACHE_MAX_AGE, remaining),
            s_maxage=min(settings.PAGE_CACHE_S_MAXAGE, remaining),
            stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
            stale_if_error=settings.PAGE_CACHE_STALE_IF_ERROR,
        )
    if request.method == "HEAD":
        # The headers of the GET, Content-Length included, without the body (RFC 9110).
        response.content = b""
    return response


def compress_for_cache(request: HttpRequest, response: HttpResponse) -> None:
    """Compress a page once, as it is stored, in the encoding the request prefers: brotli, else gzip.

    A hit then sends the stored bytes and spends no CPU on compression, which is what keeps a cached page near the
    cost of a static file (whitenoise serves those pre-compressed too); compressing per response, as Django's
    GZipMiddleware does, would pay for it on every hit (measurements in docs/performance.md). `Vary:
    Accept-Encoding` makes learn_cache_key keep one entry per Accept-Encoding value that readers send (a handful of
    browser strings), so each is compressed once per content version.
    """
    content_type = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
    if (
        response.has_header("Content-Encoding")
        or len(response.content) < MIN_COMPRESS_BYTES
        or not (
            content_type.startswith(COMPRESSIBLE_TYPES)
            or content_type.endswith(COMPRESSIBLE_SUFFIXES)
        )
    ):
        return
    patch_vary_headers(response, ("Accept-Encoding",))
    quality = {}
    for item in request.META.get("HTTP_ACCEPT_ENCODING", "").lower().split(","):
        name, _, params = item.partition(";")
        try:
            quality[name.strip()] = float(params.strip().removeprefix("q=") or 1)
        except ValueError:
            quality[name.strip()] = 0.0
    if quality.get("br", quality.get("*", 0)) > 0:
        encoding, body = "br", brotli.compress(response.content, quality=5)
    elif quality.get("gzip", quality.get("*", 0)) > 0:
        encoding, body = (
            "gzip",
            gzip.compress(response.content, compresslevel=6, mtime=0),
        )
    else:
        return
    response.content = body
    response.headers["Content-Encoding"] = encoding
    response.headers["Content-Length"] = str(len(body))


# --- last good copies --------------------------------------------------------------------------------------------
# Every page stored above also leaves a copy under a key of its own, whatever the content version, kept for
# PAGE_CACHE_LAST_GOOD_SECONDS (a week). When the database is down and a page has no entry under the current version
# (an editor changed something since it was rendered), that copy is served with a banner rather than the 503.

LAST_GOOD_PREFIX = "lastgood"
BANNER = (
    '<p class="stale-banner" role="status">We cannot reach our database just now, so this is the copy of this '
    "page saved on {saved}. It may be out of date; please check again in a few minutes.</p>"
)


def last_good_key(request: HttpRequest) -> str:
    """One copy per URL, whatever the headers: its body is stored uncompressed."""
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"{LAST_GOOD_PREFIX}:{settings.PAGE_CACHE_RELEASE}:{url}"


def last_good_store(
    request: HttpRequest, response: HttpResponse, *, now: float
) -> None:
    if not settings.PAGE_CACHE_LAST_GOOD_SECONDS:
        return
    headers = {
        name: value
        for name, value in response.items()
        if name.lower()
        in ("content-type", "content-security-policy", "content-language")
    }
    copy = {"content": bytes(response.content), "headers": headers, "saved_at": now}
    cache.set(last_good_key(request), copy, settings.PAGE_CACHE_LAST_GOOD_SECONDS)


def last_good_or(request: HttpRequest, unavailable: HttpResponse) -> HttpResponse:
    """The last good copy of this page with a banner saying it may be out of date, else the 503 as it is."""
    try:
        copy = cache.get(last_good_key(request))
    except Exception:
        logger.warning("Page cache unavailable", exc_info=True)
        return unavailable
    if copy is None:
        return unavailable
    saved = time.strftime("%B %-d, %Y at %H:%M UTC", time.gmtime(copy["saved_at"]))
    body = copy["content"].decode("utf-8")
    banner = BANNER.format(saved=saved)
    marker = body.find("<main")
    at = (
        body.find(">", marker) + 1
        if marker != -1
        else body.find(">", body.find("<body")) + 1
    )
    response = HttpResponse(body[:at] + banner + body[at:], status=200)
    for name, value in copy["headers"].items():
        response[name] = value
    # Nobody may keep this copy: the next request should try the database again.
    response["Cache-Control"] = "no-store"
    response["Retry-After"] = unavailable.get("Retry-After", "")
    response.page_cache = False
    if request.method == "HEAD":
        response.content = b""
    return response
