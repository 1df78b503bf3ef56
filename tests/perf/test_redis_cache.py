import uuid

from careersite.redis_cache import RedisCache


def make_cache() -> RedisCache:
    prefix = f"test-{uuid.uuid4().hex}"
    return RedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": prefix})


def test_one_client_object_per_connection_pool():
    cache = make_cache()
    client = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is client
    assert (
        cache._cache.get_client("c", write=True) is client
    )  # one server: reads and writes share its pool


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
