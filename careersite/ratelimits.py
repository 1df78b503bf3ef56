"""A per-client allowance of renders on the pages that render from a reader's input.

The finder results, the site and name searches, compare, shortlist and the pay pages for a ZIP code or a pair of
areas each render a page for whatever query string arrives, so a client can ask for pages nobody has asked for
before, as fast as it likes. `@limit_renders` gives every client one allowance for all of them together
(settings.RATE_LIMIT, DJANGO_RATE_LIMIT), counted by django-ratelimit in the shared cache (settings.RATELIMIT_USE_CACHE:
Redis when REDIS_URL is set, so every app server counts together). Past it, the client gets a small 429 page with
Retry-After, never stored by the page cache.

The decorator sits on the view, inside the page cache: a page answered from the cache never reaches it and costs
the client nothing. Signed-in staff are exempt. The client is careersite.clients.client_address (through
RATELIMIT_IP_META_KEY, so django-ratelimit's IPv6 /64 mask applies). If the cache cannot be reached, pages are
served unlimited, as the page cache serves from the database then.

A client that keeps asking once refused would still cost each app server a full pass through the middleware and a
round trip to the shared count per request, and under a flood those requests queue in front of everyone else's.
So each process also remembers, until its window ends, every client it has refused (`REFUSED`), and
`RefusedClientsMiddleware`, just inside the page cache (a refused client still reads what the cache holds),
answers such a client's next request for a limited page at once with the same 429, before sessions, CSP or the
count: about 0.2 ms instead of 1 ms in process (docs/performance.md). The shared count stays the authority:
a process only remembers refusals the count decided. A request carrying a session cookie skips the shortcut and
goes the whole way, so a signed-in editor behind the same address as a refused client is never refused early.
"""

import functools
import ipaddress
import logging
import re
import threading
import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django_ratelimit.core import get_usage

from careersite.clients import client_address
from careersite.middleware import static_url_or_fallback

logger = logging.getLogger(__name__)

# One count per client across every limited page: moving between them does not buy a second allowance.
GROUP = "renders"
OFF = {"", "0", "off", "no", "false", "none"}
PERIODS = {"s": 1, "m": 60, "h": 3600}
RATE = re.compile(r"(?P<count>\d+)/(?P<multiple>\d*)(?P<unit>[smh])")


def parse_rate(text: str) -> tuple[int, int] | None:
    """`60/m`, `100/5m`, `10/s` as (requests, seconds); None for `0`/`off` (no limit). Raises ImproperlyConfigured
    for anything else, so a typo in DJANGO_RATE_LIMIT stops the site at start rather than silently not limiting."""
    text = text.strip().lower()
    if text in OFF:
        return None
    match = RATE.fullmatch(text)
    if match is None:
        raise ImproperlyConfigured(
            f"DJANGO_RATE_LIMIT={text!r}: expected requests/period such as 60/m, 100/5m or 10/s, or off"
        )
    count = int(match["count"])
    seconds = int(match["multiple"] or 1) * PERIODS[match["unit"]]
    if count == 0 or seconds == 0:
        return None
    return count, seconds


def render_rate(group: str, request: HttpRequest) -> tuple[int, int] | None:
    """django-ratelimit's rate callable: the configured allowance, or None (no limit) for staff or when off."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return None
    return parse_rate(settings.RATE_LIMIT)


def limit_renders(view):
    """Answer 429 instead of running `view` once the client has used its allowance."""

    @functools.wraps(view)
    def limited(request, *args, **kwargs):
        try:
            usage = get_usage(
                request, group=GROUP, key="ip", rate=render_rate, increment=True
            )
        except Exception:
            # The shared cache is down: serve the page rather than fail or refuse everyone.
            logger.warning("Rate limit unavailable", exc_info=True)
            usage = None
        if usage is not None and usage["should_limit"]:
            if usage["count"] == usage["limit"] + 1:
                logger.warning(
                    "Rate limit: %s passed %s renders, refused for %s s",
                    client_address(request),
                    usage["limit"],
                    usage["time_left"],
                )
            REFUSED.remember(counted_client(request), seconds=usage["time_left"])
            return too_many_requests(retry_after=usage["time_left"])
        return view(request, *args, **kwargs)

    # Read by RefusedClientsMiddleware; functools.wraps carries it through the views' other decorators.
    limited.limits_renders = True
    return limited


def counted_client(request) -> str:
    """The client as the count knows it: django-ratelimit counts an IPv6 client by its network
    (RATELIMIT_IPV6_MASK, 64 bits by default) and an IPv4 one by its address (RATELIMIT_IPV4_MASK, 32), so
    addresses rotated inside one /64 are one client here too."""
    address = client_address(request)
    if ":" in address:
        mask = getattr(settings, "RATELIMIT_IPV6_MASK", 64)
    else:
        mask = getattr(settings, "RATELIMIT_IPV4_MASK", 32)
    try:
        return str(
            ipaddress.ip_network(f"{address}/{mask}", strict=False).network_address
        )
    except ValueError:
        return address


class RefusedClients:
    """The clients this process has refused, each until its count window ends. Bounded: past `size` entries the
    expired ones go, and if none has expired the oldest do (a flood from many addresses is the proxy's to stop)."""

    def __init__(self, size: int = 10_000):
        self.size = size
        self.until: dict[str, float] = {}
        self.lock = threading.Lock()

    def remember(self, client: str, *, seconds: int) -> None:
        with self.lock:
            if len(self.until) >= self.size:
                now = time.time()
                self.until = {c: t for c, t in self.until.items() if t > now}
                while len(self.until) >= self.size:
                    del self.until[next(iter(self.until))]
            self.until[client] = time.time() + max(1, seconds)

    def seconds_left(self, client: str) -> int:
        """Whole seconds until `client` may render again; 0 if it is not refused."""
        until = self.until.get(client)
        if until is None:
            return 0
        left = until - time.time()
        if left <= 0:
            with self.lock:
                self.until.pop(client, None)
            return 0
        return max(1, round(left))

    def clear(self) -> None:
        with self.lock:
            self.until.clear()


REFUSED = RefusedClients()


class RefusedClientsMiddleware:
    """Answer a client this process has already refused with its 429 before any other work (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if REFUSED.until and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            wait = REFUSED.seconds_left(counted_client(request))
            if wait and limits_renders(request.path_info):
                return too_many_requests(retry_after=wait, headers=EARLY_HEADERS)
        return self.get_response(request)


def limits_renders(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return getattr(match.func, "limits_renders", False)


# The headers the inner middleware (CSP, frame options) would have added to the 429 page, which needs nothing but
# its own stylesheet.
EARLY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
}


def too_many_requests(*, retry_after: int, headers: dict | None = None) -> HttpResponse:
    """The 429 page: small, static, rendered without a request (no queries, no session), never stored."""
    retry_after = max(1, int(retry_after))
    response = HttpResponse(page_body(retry_after), status=429, headers=headers)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    response.page_cache = False
    return response


@functools.lru_cache(maxsize=128)
def page_body(wait: int) -> str:
    # A flood is answered with this page hundreds of times a second: rendered once per wait.
    return render_to_string(
        "429.html", {"error_css": static_url_or_fallback("css/error.css"), "wait": wait}
    )
