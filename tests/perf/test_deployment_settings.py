"""Going multi-machine is configuration: object storage, shared cache and sessions come from env vars."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

PROBE = """
import json, django
django.setup()
from django.conf import settings
print("SETTINGS " + json.dumps({
    "media": settings.STORAGES["default"]["BACKEND"],
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "version_file": settings.PAGE_CACHE_VERSION_FILE,
    "sessions": settings.SESSION_ENGINE,
    "bucket": getattr(settings, "AWS_STORAGE_BUCKET_NAME", ""),
    "endpoint": getattr(settings, "AWS_S3_ENDPOINT_URL", None),
    "database": settings.DATABASES["default"]["ENGINE"],
    "release": settings.PAGE_CACHE_RELEASE,
}))
"""

STRIPPED = (
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "REDIS_URL",
    "DJANGO_SESSION_ENGINE",
    "DATABASE_URL",
    "DJANGO_RELEASE",
)


def settings_with(**env) -> dict:
    """Import the settings in a fresh interpreter with only these deployment variables set."""
    clean = {k: v for k, v in os.environ.items() if k not in STRIPPED}
    clean.update(DJANGO_SETTINGS_MODULE="careersite.settings", **env)
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.split("SETTINGS ", 1)[1])


def test_local_defaults_are_filesystem_media_and_local_memory_cache():
    local = settings_with()
    assert local["media"] == "django.core.files.storage.FileSystemStorage"
    assert local["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert local["version_file"].endswith("content-version")
    assert local["database"] == "django.db.backends.sqlite3"


def test_a_bucket_switches_media_to_s3_storage():
    s3 = settings_with(
        AWS_STORAGE_BUCKET_NAME="careersite-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
    )
    assert s3["media"] == "storages.backends.s3.S3Storage"
    assert (
        s3["bucket"] == "careersite-media"
        and s3["endpoint"] == "https://s3.example.org"
    )
    # Static files stay on whitenoise (hashed, compressed, served by every app server or the CDN).
    assert s3["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_several_app_servers_share_redis_for_pages_version_and_sessions():
    shared = settings_with(
        REDIS_URL="redis://cache.internal:6379/0",
        DJANGO_SESSION_ENGINE="django.contrib.sessions.backends.cache",
        DATABASE_URL="postgres://app@db.internal:5432/careersite",
        DJANGO_RELEASE="abc123",
    )
    assert shared["cache"] == "django_redis.cache.RedisCache"
    assert shared["cache_location"] == "redis://cache.internal:6379/0"
    # the content version lives in Redis, shared by every instance
    assert shared["version_file"] == ""
    assert shared["sessions"] == "django.contrib.sessions.backends.cache"
    assert shared["database"] == "django.db.backends.postgresql"
    assert shared["release"] == "abc123"


@pytest.mark.parametrize(
    "engine",
    [
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ],
)
def test_session_engine_is_configurable(engine):
    assert settings_with(DJANGO_SESSION_ENGINE=engine)["sessions"] == engine
