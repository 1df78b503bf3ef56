import pytest


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    # Tests ask for many pages from one client (127.0.0.1); tests of the limit turn it on (tests/site/).
    settings.RATELIMIT_ENABLE = False


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _page_cache_version_file(settings, tmp_path_factory):
    # The page cache keeps its content version in a file with the local-memory cache; keep tests off var/.
    if settings.PAGE_CACHE_VERSION_FILE:
        settings.PAGE_CACHE_VERSION_FILE = str(
            tmp_path_factory.getbasetemp() / "content-version"
        )
