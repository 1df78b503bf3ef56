"""PostgreSQL cut off from a running site, then reachable again: the "last good copies" over real HTTP.

tests/quality/test_outage.py proves the last good copies in one process, by pointing SQLite at a missing file.
Here a production-like gunicorn (two sync workers, Redis, persistent database connections with health checks, as
deployed) reaches its PostgreSQL database only through a TCP forwarder run by this test on a loopback port. The
test warms the same 20 pages, saves an article (a new content version, so no page is cached under it), then cuts
the forwarder: every connection the workers hold is reset and new ones are refused, as when the database server or
the network to it goes away. It proves:

- all 20 pages still answer 200, each with the out-of-date banner and `Cache-Control: no-store`;
- a page never served answers 503 with Retry-After, /readyz answers 503 (database failed, cache ok) and /healthz
  200, so the load balancer takes the instance out of rotation without its being restarted;

then restores the forwarder on the same port and proves, without restarting gunicorn, that /readyz answers 200
again and every page is fresh (no banner, the edited summary shown).

Runs with DATABASE_URL=postgres://... and REDIS_URL=redis://... (.ci/run); about 20 s. Figures: docs/deployment.md.
"""

import os
import statistics
import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.perf.faults import TcpForwarder, running_site, with_address
from tests.perf.servers import django_call, needs_postgres_and_redis
from tests.quality.counts import record_count
from tests.quality.outage import EDITED, NEVER_SERVED, STALE_BANNER, WARMED

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = [
    pytest.mark.faults,
    needs_postgres_and_redis(),
]

# How long the site may take to notice the database is back; the measured figure is far below (docs/deployment.md).
RECOVER_WITHIN = 15


@pytest.fixture(scope="module")
def forwarder():
    target = urlsplit(DATABASE_URL)
    forwarder = TcpForwarder(target.hostname or "127.0.0.1", target.port or 5432)
    forwarder.restore()
    yield forwarder
    forwarder.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory, forwarder):
    with running_site(
        tmp_path_factory.mktemp("postgres-outage"),
        database_url=DATABASE_URL,
        redis_url=REDIS_URL,
        purpose="pgout",
        served_database_url=lambda url: with_address(url, "127.0.0.1", forwarder.port),
    ) as site:
        yield site


def test_warmed_pages_are_served_from_their_last_good_copies_while_postgresql_is_cut_off(
    site, forwarder
):
    urls = django_call(site.env, "tests.quality.outage.last_good_urls")
    assert len(urls) == WARMED
    for url in urls:
        assert site.get(url)[0] == 200, url
    assert forwarder.connections, (
        "the server reaches its database through the forwarder"
    )
    article = django_call(site.env, "tests.quality.outage.article_edited")

    forwarder.cut()
    down_ms = []
    for url in urls:
        started = time.perf_counter()
        status, body, headers = site.get(url)
        down_ms.append((time.perf_counter() - started) * 1000)
        assert (status, STALE_BANNER in body, headers.get("Cache-Control")) == (
            200,
            True,
            "no-store",
        ), url
    status, _, headers = site.get(NEVER_SERVED)
    assert (status, headers.get("Retry-After")) == (
        503,
        str(settings.DATABASE_RETRY_AFTER),
    )
    status, body, _ = site.get("/readyz")
    assert status == 503
    assert b'"database": "failed"' in body and b'"cache": "ok"' in body
    assert site.get("/healthz")[0] == 200

    forwarder.restore()
    restored = time.monotonic()
    while site.get("/readyz")[0] != 200:
        assert time.monotonic() - restored < RECOVER_WITHIN, "/readyz stays 503"
        time.sleep(0.05)
    to_ready = time.monotonic() - restored
    # Every page twice, so each of the two workers has had a request since the database came back.
    for url in urls * 2:
        status, body, _ = site.get(url)
        assert (status, STALE_BANNER in body) == (200, False), url
    assert EDITED.encode() in site.get(article)[1]
    assert site.get(NEVER_SERVED)[0] == 200

    record_count(
        "postgresql cut off from a running site",
        pages_served_from_last_good_copies=len(down_ms),
        page_ms_while_down_median=round(statistics.median(down_ms), 1),
        page_ms_while_down_max=round(max(down_ms), 1),
        seconds_until_readyz_200_after_restore=round(to_ready, 2),
    )
