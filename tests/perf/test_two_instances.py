"""Two gunicorn instances, one PostgreSQL database, one Redis: what docs/deployment.md promises, over real HTTP.

The module builds its own database (migrate, seed_content, a superuser), starts instances A and B (one sync worker
each, production settings, the same DATABASE_URL, REDIS_URL, DJANGO_SECRET_KEY and DJANGO_RELEASE, their own
cache key prefix) and an editor who signs in to A's admin with a real authenticator-app code. It proves, without
timing anything:

- an edit saved through A's admin is on B's very next page (the new content version, which each process follows
  by publish/subscribe, has reached B), and each instance answers from the page the other rendered (one cache);
- a scheduled article appears on B as soon as its time has come, with no save in between (cached pages expire at
  the next publication);
- an instance restarted with another DJANGO_RELEASE neither serves nor overwrites the old release's pages.

"Served from the cache" is shown by writing to the database behind the page cache's back (plain SQL: no model
signals, so no new content version): a cached page keeps the old text, a render shows the new one.

Runs with DATABASE_URL=postgres://... and REDIS_URL=redis://... (.ci/run does); about 25 s of CPU time.
"""

import math
import os
import re
import secrets
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from careersite.pagecache import content_version as pagecache_version
from careersite.pagecache.content_version import write_whole
from tests.perf.http_editor import EditorBrowser
from tests.perf.servers import (
    collect_static_if_stale,
    fetch,
    free_port,
    launch_gunicorn,
    manage,
    needs_postgres_and_redis,
    own_database_url,
    production_environment,
    server_database,
    stop_server,
    wait_until_serving,
)

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = [
    pytest.mark.two_instances,
    # One pytest-xdist worker runs the module (make test-fast: --dist loadgroup), so one deployment is built.
    pytest.mark.xdist_group("two_instances"),
    needs_postgres_and_redis(),
]

ADMIN = "/" + settings.ADMIN_PATH
EDITOR = "two-instance-editor"
# Seconds between saving a scheduled article and its publication, on the instances' stopped clocks.
SCHEDULE_LEAD = 8
# The site's public name: a load balancer passes the reader's Host header through to whichever instance answers,
# and the page cache's keys are absolute URLs, so readers ask every instance for the same host.
PUBLIC_HOST = "localhost"


@dataclass
class Instance:
    name: str
    port: int
    release: str
    log_file: Path
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def page(self, path: str) -> tuple[str, dict[str, str]]:
        """An anonymous reader's GET (no cookies, so the page cache may answer): the HTML and the headers."""
        status, body, headers = fetch(
            self.base + path, timeout=30, headers={"Host": PUBLIC_HOST}
        )
        assert status == 200, f"{self.name} answered {status} for {path}"
        return body.decode(), headers


@dataclass
class Article:
    id: int
    url: str
    dek: str


class Deployment:
    """The database, the Redis key prefix and the instances of one module run."""

    def __init__(self, *, tmp: Path, database_url: str, prefix: str):
        self.tmp = tmp
        self.database_url = database_url
        self.prefix = prefix
        self.secret_key = secrets.token_urlsafe(50)
        self.password = secrets.token_urlsafe(18)
        self.release = f"release-{secrets.token_hex(4)}"
        self.instances = [
            Instance(name, free_port(), self.release, tmp / f"{name}.log")
            for name in ("A", "B")
        ]

    def env(self, instance: Instance) -> dict[str, str]:
        env = production_environment(port=instance.port, data_dir=self.tmp)
        env.update(
            DATABASE_URL=self.database_url,
            REDIS_URL=REDIS_URL,
            DJANGO_RELEASE=instance.release,
            DJANGO_CACHE_KEY_PREFIX=self.prefix,
            DJANGO_SECRET_KEY=self.secret_key,
            # Plain HTTP: a browser sends Secure cookies over HTTPS only.
            DJANGO_SECURE_COOKIES="0",
            SITE_URL=f"http://{PUBLIC_HOST}",
            # Times typed into the admin are read in this zone: UTC has no hour that occurs twice.
            DJANGO_TIME_ZONE="UTC",
            CAREERSITE_TEST_CLOCK_FILE=str(self.clock_file),
        )
        return env

    @property
    def clock_file(self) -> Path:
        return self.tmp / "clock"

    def set_clocks(self, at: float | None) -> None:
        """Stop every instance's clock at epoch time `at` from its next request on (None: the real clock)."""
        write_whole(self.clock_file, "" if at is None else repr(float(at)))

    def launch(self, *instances: Instance) -> None:
        for instance in instances:
            instance.process = launch_gunicorn(
                self.env(instance),
                port=instance.port,
                workers=1,
                log_file=instance.log_file,
                app="tests.perf.clock_wsgi:application",
            )

    def wait_until_serving(self, *instances: Instance) -> None:
        for instance in instances:
            wait_until_serving(
                instance.process, port=instance.port, log_file=instance.log_file
            )

    def start(self, *instances: Instance) -> None:
        self.launch(*instances)
        self.wait_until_serving(*instances)

    def stop_all(self) -> None:
        running = [i.process for i in self.instances if i.process is not None]
        for process in running:
            # SIGTERM to every instance first: they stop side by side.
            if process.poll() is None:
                process.terminate()
        for process in running:
            stop_server(process)

    def restart(self, instance: Instance, *, release: str) -> None:
        """Roll one instance to `release`: stop it, start it again on the same port."""
        stop_server(instance.process)
        instance.release = release
        self.start(instance)

    def ready(self) -> tuple[Instance, Instance]:
        """A and B on one release, every cached page stale (a test's writes behind the cache stay its own)."""
        a, b = self.instances
        if b.release != a.release:
            self.restart(b, release=a.release)
        self.content_changed()
        return a, b

    def content_changed(self) -> None:
        """A new content version, set and announced to every instance as any save does: the site's own bump(),
        pointed at the instances' key prefix. (Deleting keys would not do: each process follows the version by
        publish/subscribe and keeps a copy of the pages it served.)"""
        shared = {**settings.CACHES["default"], "KEY_PREFIX": self.prefix}
        before = self.content_version()
        with override_settings(CACHES={**settings.CACHES, "default": shared}):
            pagecache_version.bump()
        assert self.content_version() not in (None, before)

    # The database and Redis, read and written directly ----------------------------------------------------

    def sql(self, query: str, *params) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def article(self, *, featured: bool) -> Article:
        """The newest live article that is (or is not) featured; the featured one is the flagship guide."""
        [(pk, slug, dek)] = self.sql(
            "SELECT id, slug, dek FROM articles_article WHERE featured = %s AND status = 'published' "
            "AND published_at <= now() ORDER BY published_at DESC, title LIMIT 1",
            featured,
        )
        return Article(pk, f"/guides/{slug}/", dek)

    def write_behind_the_cache(self, article: Article, dek: str) -> None:
        """Change a summary in SQL: no model signal, so the content version stays and cached pages stay."""
        self.sql("UPDATE articles_article SET dek = %s WHERE id = %s", dek, article.id)

    def redis(self):
        import redis

        return redis.Redis.from_url(REDIS_URL)

    def page_keys(self, release: str) -> list[bytes]:
        """Cached pages of `release` in Redis (django-redis keys: prefix:version:Django's page cache key)."""
        pattern = f"{self.prefix}:*:views.decorators.cache.cache_page.{release}.GET.*"
        return list(self.redis().scan_iter(match=pattern))

    def content_version(self) -> bytes | None:
        key = f"{self.prefix}:1:{pagecache_version.VERSION_KEY}"
        return self.redis().get(key)

    def forget_cache(self) -> None:
        client = self.redis()
        keys = list(client.scan_iter(match=f"{self.prefix}:*"))
        if keys:
            client.delete(*keys)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("two-instances")
    database_url = own_database_url(DATABASE_URL, "two")
    deployment = Deployment(
        tmp=tmp,
        database_url=database_url,
        prefix=f"careersite-two-{secrets.token_hex(4)}",
    )
    server_database(database_url, "CREATE DATABASE {}")
    try:
        setup = deployment.env(deployment.instances[0])
        collect_static_if_stale(setup)
        # The instances boot (imports only, no queries) while the database is built; no request comes before.
        deployment.launch(*deployment.instances)
        manage(
            {
                **setup,
                "DJANGO_SUPERUSER_USERNAME": EDITOR,
                "DJANGO_SUPERUSER_EMAIL": "editor@example.org",
                "DJANGO_SUPERUSER_PASSWORD": deployment.password,
            },
            ["migrate", "--no-input", "-v", "0"],
            ["seed_content"],
            ["createsuperuser", "--no-input"],
        )
        deployment.wait_until_serving(*deployment.instances)
        yield deployment
    finally:
        deployment.stop_all()
        deployment.forget_cache()
        server_database(database_url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")


@pytest.fixture(scope="module")
def editor(deployment):
    """A staff user signed in to instance A's admin, with an authenticator app (two-factor sign-in is required)."""
    browser = EditorBrowser(deployment.instances[0].base)
    browser.sign_in_setting_up_an_app(
        admin_path=ADMIN, username=EDITOR, password=deployment.password
    )
    return browser


def warm(instance: Instance, path: str) -> None:
    # A process renders a URL once before it answers it from the shared cache (it keeps the URL's Vary headers
    # in its own memory), so twice.
    instance.page(path)
    instance.page(path)


def save_article(editor: EditorBrowser, *, pk: int | None = None, **fields) -> None:
    """Fill in the add form and press Save, or a live article's change form and press Publish changes
    (the superuser may publish without review)."""
    page = editor.get(f"{ADMIN}articles/article/{f'{pk}/change' if pk else 'add'}/")
    button = {"_publish": "Publish changes"} if pk else {"_save": "Save"}
    saved = editor.submit(page, page.form(form_id="article_form"), **button, **fields)
    back_to = f"articles/article/{pk}/change/" if pk else "articles/article/"
    assert saved.url.endswith(f"{ADMIN}{back_to}"), saved.errors()


def test_an_edit_saved_through_one_instance_is_served_by_the_other_at_once(
    deployment, editor
):
    a, b = deployment.ready()
    flagship = deployment.article(featured=True)
    token = secrets.token_hex(4)
    warm(a, flagship.url)
    warm(b, flagship.url)
    assert deployment.page_keys(a.release)

    # Both answer from the cache: a summary changed behind its back shows on neither.
    deployment.write_behind_the_cache(flagship, f"Unseen summary {token}")
    for instance in (a, b):
        html, _ = instance.page(flagship.url)
        assert flagship.dek in html and f"Unseen summary {token}" not in html

    edited = f"Summary edited through instance A {token}"
    save_article(editor, pk=flagship.id, dek=edited)
    html, _ = b.page(flagship.url)
    assert edited in html, "B served the page cached before the edit"

    # A now answers with the page B rendered after the edit: one cache for both.
    deployment.write_behind_the_cache(flagship, f"Unseen again {token}")
    html, _ = a.page(flagship.url)
    assert edited in html and f"Unseen again {token}" not in html

    # Behind a load balancer the editor's next request may reach B: one secret key, sessions in the database.
    assert editor.on(b.base).get(ADMIN).url.endswith(ADMIN)


@pytest.fixture
def clocks_back(deployment):
    """After the test, the real clock again, and no publication left pending for the tests after it."""
    yield
    deployment.sql(
        "UPDATE articles_article SET published_at = now() - interval '1 minute' "
        "WHERE slug LIKE 'scheduled-guide-%%' AND published_at > now()"
    )
    deployment.set_clocks(None)


def test_a_scheduled_article_appears_on_every_instance_once_its_time_has_come(
    deployment, editor, clocks_back
):
    a, b = deployment.ready()
    flagship = deployment.article(featured=True)
    listed = deployment.article(featured=False)
    token = secrets.token_hex(4)
    title = f"Scheduled guide {token}"
    # The instances' clocks stand still until the test moves them: however slowly the requests before the
    # publication run, they all run before it.
    now = math.floor(time.time())
    deployment.set_clocks(now)
    publish_at = now + SCHEDULE_LEAD
    local = datetime.fromtimestamp(publish_at, UTC)
    form = editor.get(f"{ADMIN}articles/article/{flagship.id}/change/").form(
        form_id="article_form"
    )
    topic, author = dict(form.fields)["topic"], dict(form.fields)["author"]
    save_article(
        editor,
        title=title,
        slug=f"scheduled-guide-{token}",
        dek=f"Published by the clock {token}",
        body="<p>Goes live at its publication time.</p>",
        topic=topic,
        author=author,
        status="published",
        published_at_0=local.strftime("%Y-%m-%d"),
        published_at_1=local.strftime("%H:%M:%S"),
    )
    version = deployment.content_version()

    html, headers = b.page("/guides/")
    assert title not in html
    # Browsers and CDNs may not keep the list past the publication time either.
    max_age = re.search(r"\bmax-age=(\d+)", headers["Cache-Control"])
    assert int(max_age.group(1)) <= SCHEDULE_LEAD
    detail = f"/guides/scheduled-guide-{token}/"
    assert fetch(b.base + detail, headers={"Host": PUBLIC_HOST})[0] == 404
    # Cached: a summary changed behind the cache's back stays unseen until the list expires.
    deployment.write_behind_the_cache(listed, f"Unseen summary {token}")
    html, _ = b.page("/guides/")
    assert f"Unseen summary {token}" not in html

    deployment.set_clocks(publish_at + 1)
    for instance in (b, a):
        html, _ = instance.page("/guides/")
        assert title in html, f"{instance.name} still lists the guides without it"
        assert f"Unseen summary {token}" in html, "rendered again at publication"
        instance.page(detail)
    assert deployment.content_version() == version, "nothing was saved meanwhile"


def test_an_instance_of_a_new_release_neither_serves_nor_overwrites_old_pages(
    deployment,
):
    a, b = deployment.ready()
    flagship = deployment.article(featured=True)
    old_release, new_release = a.release, f"release-{secrets.token_hex(4)}"
    token = secrets.token_hex(4)
    warm(a, flagship.url)
    warm(b, flagship.url)

    deployment.restart(b, release=new_release)
    deployment.write_behind_the_cache(flagship, f"Rendered by the new release {token}")
    # The old release's page is current: A, still on that release, serves it.
    html, _ = a.page(flagship.url)
    assert flagship.dek in html
    # B renders instead, and from then on answers from its own release's cache.
    html, _ = b.page(flagship.url)
    assert f"Rendered by the new release {token}" in html
    deployment.write_behind_the_cache(flagship, f"Unseen summary {token}")
    html, _ = b.page(flagship.url)
    assert f"Rendered by the new release {token}" in html
    # B's render did not replace the old release's page (with one release it would have: same key).
    html, _ = a.page(flagship.url)
    assert flagship.dek in html
    assert deployment.page_keys(old_release) and deployment.page_keys(new_release)
