"""Redis stopped under a running site, and started again: real processes, nothing patched.

A production-like gunicorn (PostgreSQL, one sync worker, the default rate limit) uses a redis-server of this test's
own on a free loopback port, without persistence (the machine's shared Redis is never touched). The test kills that
redis-server (SIGKILL, as a crash would) and proves:

- readers still get every page (200), rendered from the database: a summary changed in plain SQL behind the page
  cache's back shows at once; the finder's rate-limited search is served too (the limit fails open);
- an editor signs in to the admin with a password and an authenticator-app code (sessions live in the database);
- /readyz answers 503, so a load balancer takes the instance out of rotation;

then starts a new redis-server on the same port and proves, without restarting gunicorn, that /readyz answers 200
again and pages are served from the cache again: a summary changed behind the cache's back stays unseen. One worker,
so "from the cache" is deterministic (each process renders a URL once before it answers it from the shared cache).

Runs with DATABASE_URL=postgres://... and REDIS_URL=redis://... (.ci/run); about 20 s. Figures: docs/deployment.md.
"""

import os
import shutil
import statistics
import time

import pytest
from django.conf import settings

from tests.perf.faults import EDITOR, RedisServer, running_site
from tests.perf.http_editor import EditorBrowser
from tests.perf.servers import needs_postgres_and_redis
from tests.quality.counts import record_count

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = [
    pytest.mark.faults,
    needs_postgres_and_redis(),
    pytest.mark.skipif(
        shutil.which("redis-server") is None, reason="needs redis-server"
    ),
]

ADMIN = "/" + settings.ADMIN_PATH
PAGES = ["/", "/guides/", "/schools/", "/schools/states/", "/search/?q=coding"]
# How long Redis may take to be noticed as gone or back; the measured figures are far below (docs/deployment.md).
NOTICE_WITHIN = 15


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.kill()


@pytest.fixture(scope="module")
def site(tmp_path_factory, redis_server):
    with running_site(
        tmp_path_factory.mktemp("redis-outage"),
        database_url=DATABASE_URL,
        redis_url=redis_server.url,
        purpose="redisout",
        workers=1,
        env={"DJANGO_RATE_LIMIT": settings.RATE_LIMIT},
    ) as site:
        yield site


def readyz_until(site, status: int) -> float:
    """Seconds until /readyz answers `status`, asked every 50 ms."""
    started = time.monotonic()
    while site.get("/readyz", timeout=5)[0] != status:
        assert time.monotonic() - started < NOTICE_WITHIN, f"/readyz is not {status}"
        time.sleep(0.05)
    return time.monotonic() - started


def test_pages_and_the_admin_work_while_redis_is_stopped_and_the_cache_is_used_once_it_is_back(
    site, redis_server
):
    [(article_id, slug, dek)] = site.sql(
        "SELECT id, slug, dek FROM articles_article WHERE featured AND status = 'published' "
        "AND published_at <= now() ORDER BY published_at DESC, title LIMIT 1"
    )
    article = f"/guides/{slug}/"
    pages = [*PAGES, article]

    def summary_behind_the_cache(text: str) -> None:
        # Plain SQL sends no model signal, so the content version stays: a cached page keeps the old summary.
        site.sql("UPDATE articles_article SET dek = %s WHERE id = %s", text, article_id)

    def page(path: str) -> str:
        status, body, _ = site.get(path)
        assert status == 200, (path, status)
        return body.decode()

    secret = EditorBrowser(site.base).sign_in_setting_up_an_app(
        admin_path=ADMIN, username=EDITOR, password=site.password
    )
    for path in pages:
        page(path)
        page(path)
    summary_behind_the_cache("Changed while Redis was up")
    assert dek in page(article), "the page was not served from the cache"

    redis_server.kill()
    to_unready = readyz_until(site, 503)
    status, body, _ = site.get("/readyz")
    assert (
        status == 503 and b'"cache": "failed"' in body and b'"database": "ok"' in body
    )
    down_ms = []
    for path in pages * 3:
        started = time.perf_counter()
        html = page(path)
        down_ms.append((time.perf_counter() - started) * 1000)
    assert "Changed while Redis was up" in html, "rendered from the database"
    editor = EditorBrowser(site.base)
    editor.sign_in_with_app(
        admin_path=ADMIN, username=EDITOR, password=site.password, secret=secret
    )
    assert editor.get(f"{ADMIN}articles/article/").status == 200

    redis_server.start()
    to_ready = readyz_until(site, 200)
    assert all(site.get("/readyz")[0] == 200 for _ in range(5))
    for path in pages:
        page(path)
    summary_behind_the_cache("Changed after Redis came back")
    html = page(article)
    assert "Changed while Redis was up" in html, (
        "the page was not served from the cache"
    )
    assert "Changed after Redis came back" not in html
    assert all(page(path) for path in pages)

    record_count(
        "redis stopped under a running site",
        seconds_until_readyz_503=round(to_unready, 2),
        pages_while_down=len(down_ms),
        page_ms_while_down_median=round(statistics.median(down_ms), 1),
        page_ms_while_down_max=round(max(down_ms), 1),
        seconds_until_readyz_200_after_restart=round(to_ready, 2),
    )
