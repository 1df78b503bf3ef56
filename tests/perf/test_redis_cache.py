"""The shared cache is django-redis; what the page cache relies on, against a real Redis (set REDIS_URL)."""

import os
import uuid

import pytest
from django_redis import get_redis_connection
from django_redis.cache import RedisCache

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
