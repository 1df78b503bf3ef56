"""Emptying the caches between tests without touching anyone else's keys."""


def clear_caches() -> None:
    """Empty every cache; a Redis one only of this run's keys (this xdist worker's prefix, tests/conftest.py):
    django-redis's clear() would flush the whole Redis database, other runs' keys included."""
    from django.core.cache import caches

    from careersite.ratelimits import REFUSED

    REFUSED.clear()

    for cache in caches.all():
        if hasattr(cache, "delete_pattern"):
            cache.delete_pattern("*")
        else:
            cache.clear()
