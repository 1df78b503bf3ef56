"""Checking the outside addresses the content links to: article sources, career-fact sources, program pages.

One request at a time, politely: HEAD first (GET when the server refuses HEAD), redirects followed,
a short timeout, a user agent that names the site, at most `rate` requests a second overall and one
request per host every `host_delay` seconds. A dead host is a result, never an exception.
"""

import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.utils import timezone
from urllib3.exceptions import NameResolutionError

from articles.models import OccupationFact, Source
from careersite.linkcheck.models import LinkCheck
from schools.evidence import PROGRAM_LINK_FIELDS
from schools.models import Program

DEFAULT_TIMEOUT = 10.0
DEFAULT_RATE = 2.0
DEFAULT_HOST_DELAY = 1.0
MAX_REDIRECTS = 10
# Servers that answer HEAD with these may still serve GET.
HEAD_REFUSED = {405, 501}
# Sites behind bot protection answer automated checks with these although a reader gets the page.
BLOCKED_STATUSES = {401, 403, 429, 999}
REASONS = {
    404: "not found",
    410: "gone",
    500: "server error",
    502: "bad gateway",
    503: "service unavailable",
    504: "gateway timeout",
}


def user_agent() -> str:
    return f"careersite-linkcheck/1.0 (+{settings.SITE_URL}/about/)"


def new_session() -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = user_agent()
    session.max_redirects = MAX_REDIRECTS
    return session


@dataclass(frozen=True)
class CheckResult:
    url: str
    ok: bool
    status_code: int | None = None
    error: str = ""
    final_url: str = ""
    elapsed_ms: int | None = None


def collect_urls() -> list[str]:
    """Every http(s) address in article sources, career facts and programs, once each, sorted."""
    urls = set(Source.objects.values_list("url", flat=True))
    urls.update(OccupationFact.objects.values_list("source_url", flat=True))
    for row in Program.objects.values_list(*PROGRAM_LINK_FIELDS):
        urls.update(row)
    return sorted(url for url in urls if urlsplit(url).scheme in {"http", "https"})


def status_reason(status: int) -> str:
    if status in BLOCKED_STATUSES:
        return "the site refused an automated check; open the link to confirm"
    if status in REASONS:
        return REASONS[status]
    return "client error" if status < 500 else "server error"


def failure_reason(error: requests.RequestException, *, timeout: float) -> str:
    """What went wrong, in an editor's words, from the exception requests raised."""
    if isinstance(error, requests.Timeout):
        return f"timed out after {timeout:g} s"
    if isinstance(error, requests.TooManyRedirects):
        return f"too many redirects (more than {MAX_REDIRECTS})"
    if isinstance(error, requests.exceptions.SSLError):
        return "TLS (certificate) error"
    if isinstance(error, requests.ConnectionError):
        cause = error.args[0] if error.args else None
        reason = getattr(cause, "reason", cause)
        if isinstance(reason, NameResolutionError):
            return "host not found (DNS)"
        if "refused" in str(reason).lower():
            return "connection refused"
        return "connection failed"
    invalid = (
        requests.exceptions.InvalidURL,
        requests.exceptions.InvalidSchema,
        requests.exceptions.MissingSchema,
    )
    if isinstance(error, invalid):
        return "not a valid web address"
    return f"request failed ({type(error).__name__})"


def check_url(url: str, *, session: requests.Session, timeout: float) -> CheckResult:
    """One address: HEAD (GET if HEAD is refused), redirects followed; never raises for network trouble."""
    started = time.monotonic()
    try:
        response = session.head(url, timeout=timeout, allow_redirects=True)
        response.close()
        if response.status_code in HEAD_REFUSED:
            # stream=True: only the status line and headers are read, not the page.
            response = session.get(
                url, timeout=timeout, allow_redirects=True, stream=True
            )
            response.close()
    except requests.RequestException as error:
        return CheckResult(
            url=url,
            ok=False,
            error=failure_reason(error, timeout=timeout),
            elapsed_ms=_ms_since(started),
        )
    ok = 200 <= response.status_code < 300
    return CheckResult(
        url=url,
        ok=ok,
        status_code=response.status_code,
        error="" if ok else status_reason(response.status_code),
        final_url=response.url[:2000],
        elapsed_ms=_ms_since(started),
    )


def _ms_since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


class RateLimit:
    """At most `per_second` requests overall, and one request per host every `host_delay` seconds."""

    def __init__(
        self,
        *,
        per_second: float,
        host_delay: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.interval = 1 / per_second
        self.host_delay = host_delay
        self.clock, self.sleep = clock, sleep
        self._next_any = float("-inf")
        self._next_for_host: dict[str, float] = {}

    def wait(self, host: str) -> None:
        now = self.clock()
        ready = max(self._next_any, self._next_for_host.get(host, float("-inf")))
        if ready > now:
            self.sleep(ready - now)
            now = ready
        self._next_any = now + self.interval
        self._next_for_host[host] = now + self.host_delay


def urls_interleave_hosts(urls: Iterable[str]) -> list[str]:
    """Round-robin over hosts, so the per-host delay of one site rarely holds up the others."""
    by_host: dict[str, deque[str]] = defaultdict(deque)
    for url in urls:
        by_host[_host(url)].append(url)
    queues = list(by_host.values())
    ordered = []
    while queues:
        for queue in queues:
            ordered.append(queue.popleft())
        queues = [queue for queue in queues if queue]
    return ordered


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


@dataclass
class CheckReport:
    checked: int = 0
    ok: int = 0
    failed: int = 0
    removed: int = 0

    def __str__(self):
        return (
            f"{self.checked} addresses checked: {self.ok} fine, {self.failed} failed. "
            f"Removed {self.removed} result(s) of addresses the content no longer links to."
        )


def check_all(
    urls: Iterable[str],
    *,
    rate: float = DEFAULT_RATE,
    host_delay: float = DEFAULT_HOST_DELAY,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Callable[[list[str]], Iterator[str]] = iter,
    session: requests.Session | None = None,
    limit: RateLimit | None = None,
) -> CheckReport:
    """Check each address and store its result as it comes, so an interrupted run keeps what it did."""
    ordered = urls_interleave_hosts(dict.fromkeys(urls))
    limit = limit or RateLimit(per_second=rate, host_delay=host_delay)
    report = CheckReport()
    http = session or new_session()
    try:
        for url in progress(ordered):
            limit.wait(_host(url))
            result = check_url(url, session=http, timeout=timeout)
            link_check_store(result)
            report.checked += 1
            if result.ok:
                report.ok += 1
            else:
                report.failed += 1
    finally:
        if session is None:
            http.close()
    return report


def link_check_store(result: CheckResult) -> LinkCheck:
    check, _ = LinkCheck.objects.update_or_create(
        url=result.url,
        defaults={
            "ok": result.ok,
            "status_code": result.status_code,
            "error": result.error[:300],
            "final_url": result.final_url,
            "elapsed_ms": result.elapsed_ms,
            "checked_at": timezone.now(),
        },
    )
    return check


def link_checks_prune(*, keep: Iterable[str]) -> int:
    """Delete results for addresses the content no longer links to."""
    deleted, _ = LinkCheck.objects.exclude(url__in=list(keep)).delete()
    return deleted
