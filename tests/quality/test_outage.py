"""Database outages: public pages answer a friendly 503, /healthz stays up, /readyz tracks the database."""

import json
import os
import subprocess
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.db.backends.utils import CursorWrapper
from django.test import Client
from django.urls import reverse

from tests.quality.outage import WARMED
from tests.quality.pages import public_page_urls, public_pages

BASE_DIR = Path(settings.BASE_DIR)


@contextmanager
def database_down(monkeypatch):
    """Every query fails as it would with PostgreSQL stopped; undone on exit, with no restart."""

    def refuse(self, *args, **kwargs):
        raise OperationalError(
            'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
        )

    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", refuse)
        patch.setattr(CursorWrapper, "executemany", refuse)
        yield


@pytest.mark.django_db
def test_public_pages_answer_503_while_the_database_is_down_and_recover(
    seeded, monkeypatch
):
    client = Client(raise_request_exception=False)
    urls = public_page_urls()
    pages = public_pages()
    with database_down(monkeypatch):
        unavailable = []
        for url in urls:
            response = client.get(url)
            # Pages that need no data (about) may still be served; none may fail with a 500.
            assert response.status_code in (200, 503), (url, response.status_code)
            if response.status_code == 200:
                continue
            unavailable.append(url)
            assert response["Retry-After"] == str(settings.DATABASE_RETRY_AFTER)
            assert response["Cache-Control"] == "no-store"
            assert b"back in a moment" in response.content
            assert response["Content-Security-Policy"]
        # Pages built from the database cannot be served without it.
        for name in ("home", "article list", "article", "topic"):
            assert pages[name] in unavailable, name
        assert client.get(reverse("healthz")).status_code == 200
        ready = client.get(reverse("readyz"))
        assert ready.status_code == 503
        assert ready.json()["checks"] == {"database": "failed", "cache": "ok"}
    # The database is back: same process, same connection settings.
    assert client.get(reverse("readyz")).status_code == 200
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_database_errors_raised_inside_middleware_also_become_503(monkeypatch):
    client = Client(raise_request_exception=False)
    from django.contrib.sessions.backends.db import SessionStore

    def refuse(self, *args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    client.cookies["sessionid"] = "x" * 32
    monkeypatch.setattr(SessionStore, "load", refuse)
    # never_cache touches no session; prove the path below does
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    monkeypatch.setattr(
        "django.contrib.sessions.middleware.SessionMiddleware.process_response", refuse
    )
    response = client.get(reverse("home"))
    assert response.status_code == 503
    assert response["Retry-After"]


@pytest.mark.django_db
def test_readyz_reports_a_broken_cache(client, monkeypatch):
    from django.core.cache import cache

    def refuse(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "set", refuse)
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "failed"}
    assert (
        "no-cache" in response["Cache-Control"]
        or "max-age=0" in response["Cache-Control"]
    )


def test_healthz_needs_no_database(client, django_assert_num_queries):
    # No django_db mark: any query here would fail the test.
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


UNREACHABLE_SCRIPT = textwrap.dedent(
    """
    import json, django
    from django.test import Client
    django.setup()
    from django.conf import settings
    from django.db import connection
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    client = Client(raise_request_exception=False)
    out = {}
    for path in ["/", "/guides/", "/healthz", "/readyz"]:
        response = client.get(path)
        out[path] = [response.status_code, response.get("Retry-After")]
    # Point the same process at a working database: it must recover without a restart.
    connection.close()
    connection.settings_dict.update({GOOD})
    out["after"] = [client.get("/readyz").status_code, client.get("/guides/").status_code]
    print(json.dumps(out))
    """
)


def _run_against(database_url: str, good: dict, tmp_path) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DATA_DIR": str(tmp_path),
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_CONN_MAX_AGE": "0",
    }
    script = UNREACHABLE_SCRIPT.replace("{GOOD}", repr(good))
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _assert_outage_then_recovery(out: dict):
    for path in ["/", "/guides/"]:
        assert out[path] == [503, str(settings.DATABASE_RETRY_AFTER)], (path, out[path])
    assert out["/healthz"][0] == 200
    assert out["/readyz"][0] == 503
    assert out["after"] == [200, 200]


def test_unreachable_sqlite_file_gives_503_then_recovers(tmp_path):
    good = tmp_path / "good.sqlite3"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=BASE_DIR,
        env={
            **os.environ,
            "DATABASE_URL": f"sqlite:///{good}",
            "DJANGO_DATA_DIR": str(tmp_path),
        },
        check=True,
        timeout=300,
    )
    out = _run_against(
        f"sqlite:///{tmp_path}/missing-dir/db.sqlite3", {"NAME": str(good)}, tmp_path
    )
    _assert_outage_then_recovery(out)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL (DATABASE_URL=postgres://...)",
)
def test_stopped_postgresql_port_gives_503_then_recovers(
    tmp_path, django_db_setup, django_db_blocker
):
    # Port 1 on localhost refuses connections, exactly like a stopped PostgreSQL server.
    good = connection.settings_dict
    out = _run_against(
        "postgres://postgres@127.0.0.1:1/careersite",
        {
            "HOST": good["HOST"],
            "PORT": good["PORT"],
            "NAME": good["NAME"],
            "USER": good["USER"],
            "PASSWORD": good["PASSWORD"],
        },
        tmp_path,
    )
    _assert_outage_then_recovery(out)


@pytest.mark.django_db
def test_pages_cached_before_an_outage_are_still_served(seeded, monkeypatch):
    client = Client(raise_request_exception=False)
    article = public_pages()["article"]
    assert client.get(article).status_code == 200  # now in the page cache
    with database_down(monkeypatch):
        assert client.get(article).status_code == 200
        assert client.get(reverse("articles:list") + "?page=1").status_code == 503


LAST_GOOD_SCRIPT = textwrap.dedent(
    """
    import json, django
    from django.test import Client
    django.setup()
    from django.conf import settings
    from django.db import connection
    from tests.quality.outage import EDITED, NEVER_SERVED, STALE_BANNER, article_edited, last_good_urls
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    client = Client(raise_request_exception=False)
    urls = last_good_urls()
    out = {"warm": [client.get(url).status_code for url in urls]}
    article = article_edited()
    good = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = {MISSING}
    down = [client.get(url) for url in urls]
    out["down"] = [[r.status_code, STALE_BANNER in r.content, r.get("Cache-Control")] for r in down]
    out["never"] = [client.get(NEVER_SERVED).status_code, client.get("/readyz").status_code]
    connection.close()
    connection.settings_dict["NAME"] = good
    back = [client.get(url) for url in urls]
    out["back"] = [[r.status_code, STALE_BANNER in r.content] for r in back]
    out["fresh"] = EDITED.encode() in client.get(article).content
    print(json.dumps(out))
    """
)


def test_last_good_copies_serve_every_warmed_page_across_a_content_change(tmp_path):
    """A real SQLite file that goes away: 20 warmed pages answer 200 with the banner, a page never
    served answers 503, and everything is fresh again once the file is back, without a restart."""
    good = tmp_path / "good.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{good}",
        "DJANGO_DATA_DIR": str(tmp_path),
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_CONN_MAX_AGE": "0",
        "DJANGO_PAGE_CACHE": "1",
    }
    for command in (["migrate", "--no-input", "-v", "0"], ["seed_content", "-v", "0"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=BASE_DIR,
            env=env,
            check=True,
            timeout=300,
            capture_output=True,
        )
    missing = repr(str(tmp_path / "missing-dir" / "db.sqlite3"))
    result = subprocess.run(
        [sys.executable, "-c", LAST_GOOD_SCRIPT.replace("{MISSING}", missing)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["warm"] == [200] * WARMED
    assert out["down"] == [[200, True, "no-store"]] * WARMED
    assert out["never"] == [503, 503]
    assert out["back"] == [[200, False]] * WARMED
    assert out["fresh"] is True
