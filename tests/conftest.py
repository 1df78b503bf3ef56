"""Fixtures for every test, and what keeps tests apart when pytest-xdist runs them in parallel (`make test-fast`).

Under pytest-xdist each worker is a process of its own: pytest-django gives it its own test database (the name
gets _gw0, _gw1, ...), pytest its own temporary folder. What is left to share is Redis: each worker keeps its
keys (and the page cache's content-version channel, which is a key) under a prefix of its own, and a test's
cache clearing deletes only that prefix, never the whole Redis database.
"""

import itertools
import os

import pytest

from tests.caches import clear_caches

XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_version_files = itertools.count()


def pytest_configure(config):
    from django.conf import settings
    from django.test import override_settings

    default = settings.CACHES["default"]
    if XDIST_WORKER and default["BACKEND"].startswith("django_redis."):
        prefix = f"{default.get('KEY_PREFIX', '')}-{XDIST_WORKER}"
        # For the whole run: override_settings also drops cache objects made before it.
        override_settings(
            CACHES={**settings.CACHES, "default": {**default, "KEY_PREFIX": prefix}}
        ).enable()


# Data migrations whose rows tests rely on (the editors' and reviewers' groups and their permissions).
DATA_MIGRATIONS = [
    ("articles", "0003_editors_group"),
    ("articles", "0006_reviewers_group"),
    ("schools", "0011_editors_keep_programs_current"),
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the rows of the data migrations. A transactional test's flush empties every
    table, and --reuse-db (make test-fast) keeps that database for the next run: their code runs again here
    (each is idempotent: get_or_create, then set the permissions)."""
    from django.db import connection
    from django.db.migrations import RunPython
    from django.db.migrations.loader import MigrationLoader

    with django_db_blocker.unblock():
        loader = MigrationLoader(connection)
        state_apps = loader.project_state().apps
        for app_label, name in DATA_MIGRATIONS:
            for operation in loader.get_migration(app_label, name).operations:
                if isinstance(operation, RunPython):
                    operation.code(state_apps, None)


@pytest.fixture(scope="session")
def _no_collected_static(tmp_path_factory):
    return tmp_path_factory.mktemp("no-staticfiles")


@pytest.fixture(autouse=True)
def _fast_test_settings(settings, _no_collected_static):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    # WhiteNoise indexes STATIC_ROOT whenever a handler is built, i.e. for every new test Client: with the
    # files `make run` collected there, that is a walk of several hundred files per Client (a fuzz test
    # that makes 300 clients took 17 s instead of 3 s). Tests of the collected files set their own root.
    settings.STATIC_ROOT = str(_no_collected_static)
    # Tests ask for many pages from one client (127.0.0.1); tests of the limit turn it on (tests/site/).
    settings.RATELIMIT_ENABLE = False


@pytest.fixture(autouse=True)
def _clear_cache():
    clear_caches()
    yield
    clear_caches()


@pytest.fixture(autouse=True)
def _page_cache_version_file(settings, tmp_path_factory):
    # The page cache keeps its content version in a file with the local-memory cache: one file per test (in
    # this worker's temporary folder), so no test starts from a version another one wrote, and none is in var/.
    if settings.PAGE_CACHE_VERSION_FILE:
        settings.PAGE_CACHE_VERSION_FILE = str(
            tmp_path_factory.getbasetemp() / f"content-version-{next(_version_files)}"
        )
