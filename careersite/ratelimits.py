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
"""

import functools
import logging
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
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
            return too_many_requests(retry_after=usage["time_left"])
        return view(request, *args, **kwargs)

    return limited


def too_many_requests(*, retry_after: int) -> HttpResponse:
    """The 429 page: small, static, rendered without a request (no queries, no session), never stored."""
    retry_after = max(1, int(retry_after))
    response = HttpResponse(page_body(retry_after), status=429)
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
