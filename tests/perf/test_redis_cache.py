"""The shared cache is django-redis; what the page cache relies on, against a real Redis (set REDIS_URL)."""

import os
import pickle
import time
import uuid

import pytest
import redis
from django.core.cache import cache
from django.test import RequestFactory
from django_redis import get_redis_connection
from django_redis.cache import RedisCache

from careersite.pagecache import content_version as pagecache_version
from careersite.pagecache import middleware as pagecache_middleware
from tests import factories
from tests.perf.pagecache_helpers import cached_entry, content_version

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = pytest.mark.skipif(
    not REDIS_URL, reason="needs Redis (REDIS_URL=redis://...)"
)


def make_cache() -> RedisCache:
    prefix = f"test-{uuid.uuid4().hex}"
    return RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})


def test_one_client_object_per_connection_pool():
    # django-redis builds one redis.Redis per server and reuses it: no client object per call.
    client = get_redis_connection("default")
    assert get_redis_connection("default") is client
    # one server: reads and writes share its pool
    assert get_redis_connection("default", write=False) is client


def test_round_trip_through_the_reused_client():
    cache = make_cache()
    try:
        cache.set("page", {"br": b"\x00body"}, 30)
        cache.set("version", "v1", 30)
        assert cache.get_many(["version", "page"]) == {
            "version": "v1",
            "page": {"br": b"\x00body"},
        }
        assert cache.add("counter", 1)
        assert cache.incr("counter") == 2
    finally:
        cache.delete_many(["page", "version", "counter"])


# --- each process follows the content version by publish/subscribe (careersite/pagecache/watch.py) ------------


def wait_for(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


@pytest.fixture
def followed_version(settings):
    assert settings.PAGE_CACHE_NEAR, (
        "REDIS_URL is set, so pages have a per-process copy"
    )
    content_version()  # the version key exists
    assert wait_for(lambda: pagecache_version.watched_version() is not None)
    return pagecache_version.watched_version


def test_a_bump_elsewhere_reaches_this_process_by_message(followed_version):
    # Another instance: its own connection sets the key and publishes, as bump() does there.
    other = redis.Redis.from_url(REDIS_URL)
    token = uuid.uuid4().hex[:16]
    other.set(cache.make_key(pagecache_version.VERSION_KEY), pickle.dumps(token))
    other.publish(cache.make_key(pagecache_version.VERSION_KEY), token)
    assert wait_for(lambda: followed_version() == token, 2.0)
    assert content_version() == token


def test_the_bumping_process_uses_its_new_version_at_once(followed_version):
    before = followed_version()
    pagecache_version.bump()
    after = followed_version()
    assert after != before
    assert after == cache.get(pagecache_version.VERSION_KEY)


def test_a_hit_is_served_from_process_memory_and_a_bump_ends_it(
    followed_version, client, db
):
    factories.make_article(slug="near-copy", title="Near copy")
    path = "/guides/near-copy/"
    assert client.get(path).status_code == 200
    key = pagecache_middleware.page_key(RequestFactory().get(path))
    assert key is not None and cache.get(key) is not None
    # The shared copy is gone: only this process's own copy can answer.
    cache.delete(key)
    version, entry = cached_entry(path)
    assert entry is not None and entry.content_version == version
    pagecache_version.bump()
    _, entry = cached_entry(path)
    assert entry is None


def test_a_lost_subscription_falls_back_to_asking_redis_then_recovers(
    followed_version,
):
    admin = redis.Redis.from_url(REDIS_URL)
    admin.client_kill_filter(_type="pubsub")
    # While it is not subscribed, the version is read from Redis on every request (None = "ask the cache").
    assert wait_for(lambda: followed_version() is None, 2.0)
    token = uuid.uuid4().hex[:16]
    cache.set(pagecache_version.VERSION_KEY, token, None)
    assert content_version() == token
    assert wait_for(lambda: followed_version() == token, 5.0)
