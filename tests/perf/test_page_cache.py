"""The anonymous page cache: what is stored, exact invalidation, conditional GET, compression, scheduling."""

import gzip
from datetime import timedelta

import brotli
import pytest
import time_machine
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib import admin
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, OccupationFact, StateWage
from careersite import pagecache
from careersite.pagecache import content_version as pagecache_version
from careersite.pagecache import middleware as pagecache_middleware
from tests.factories import (
    make_article,
    make_author,
    make_institution,
    make_pathway,
    make_program,
    make_source,
    make_staff,
    make_topic,
)
from tests.perf.pagecache_helpers import cached_entry, content_version

# Apps whose rows never appear on public pages; every other model must belong to a content app.
NON_CONTENT_APPS = {
    "linkcheck",
    "admin",
    "auth",
    "contenttypes",
    "sessions",
    "axes",
    "reversion",
    "import_export",
    "django_prose_editor",
    "otp_totp",
    "otp_static",
}


@pytest.fixture(params=["file", "shared"])
def version_store(request, settings):
    """Run a test with the version in a file (local memory cache) and in the cache (as with Redis)."""
    if request.param == "shared":
        settings.PAGE_CACHE_VERSION_FILE = ""
    return request.param


def _article_url(article: Article) -> str:
    return reverse("articles:detail", kwargs={"slug": article.slug})


def _retitle_unseen(article: Article, title: str) -> None:
    """Change the article with raw SQL, which the page cache does not see: only a render shows the new title."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET title = %s WHERE id = %s", [title, article.pk]
        )


@pytest.mark.django_db
def test_second_anonymous_get_is_served_from_the_cache_with_zero_queries(
    client, django_assert_num_queries, version_store
):
    article = make_article(title="Cached guide")
    first = client.get(_article_url(article))
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(_article_url(article))
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


@pytest.mark.django_db
def test_a_hit_replays_the_security_headers_of_the_rendered_page(client):
    article = make_article()
    first = client.get(_article_url(article))
    second = client.get(_article_url(article))
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Permissions-Policy",
        "Content-Type",
    ):
        assert second[header] == first[header], header
    assert "nonce-" not in second["Content-Security-Policy"]


@pytest.mark.django_db
def test_public_pages_carry_cdn_cache_control_and_vary(client):
    article = make_article()
    response = client.get(_article_url(article))
    control = response["Cache-Control"]
    assert (
        "public" in control
        and "s-maxage=300" in control
        and "stale-while-revalidate=600" in control
        and "stale-if-error=86400" in control
    )
    assert "max-age=60" in control
    vary = {v.strip().lower() for v in response["Vary"].split(",")}
    assert {"cookie", "accept-encoding"} <= vary
    assert response["Last-Modified"]


@pytest.mark.django_db
def test_saving_an_article_makes_the_next_get_fresh(client, version_store):
    article = make_article(title="Old title")
    assert b"Old title" in client.get(_article_url(article)).content
    article.title = "New title"
    article.save()
    response = client.get(_article_url(article))
    assert b"New title" in response.content and b"Old title" not in response.content


@pytest.mark.django_db
def test_unpublishing_removes_the_page_on_the_next_get(client):
    article = make_article()
    assert client.get(_article_url(article)).status_code == 200
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(_article_url(article)).status_code == 404


@pytest.mark.django_db
def test_deleting_a_source_refreshes_the_article(client):
    article = make_article()
    source = make_source(article, title="A very particular source")
    assert b"A very particular source" in client.get(_article_url(article)).content
    source.delete()
    assert b"A very particular source" not in client.get(_article_url(article)).content


def _occupation_fact():
    return OccupationFact.objects.create(
        key="median-pay-test",
        label="Median pay",
        value=1,
        unit=OccupationFact.Unit.USD,
        period="May 2024",
        source_name="BLS",
        source_url="https://www.bls.gov/",
    )


def _state_wage():
    return StateWage.objects.create(
        state_code="OH",
        state_name="Ohio",
        period="May 2018",
        period_end="2018-05-31",
        source_url="https://www.bls.gov/",
    )


CONTENT_FACTORIES = {
    "article": make_article,
    "source": lambda: make_source(make_article()),
    "topic": make_topic,
    "author": make_author,
    "institution": make_institution,
    "program": make_program,
    "pathway": make_pathway,
    "occupation fact": _occupation_fact,
    "state wage": _state_wage,
    "redirect": lambda: Redirect.objects.create(
        site=Site.objects.get_current(), old_path="/old/", new_path="/new/"
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", CONTENT_FACTORIES)
def test_saving_or_deleting_any_content_bumps_the_version(kind, version_store):
    before = content_version()
    obj = CONTENT_FACTORIES[kind]()
    created = content_version()
    assert created != before
    obj.save()
    saved = content_version()
    assert saved != created
    obj.delete()
    assert content_version() != saved


@pytest.mark.django_db
def test_an_editors_autosave_leaves_cached_pages_alone():
    from articles.autosave import article_autosave_store

    article = make_article()
    editor = make_staff()
    before = content_version()
    article_autosave_store(
        user=editor, article=article, data={"fields": {"title": "Typing"}, "labels": {}}
    )
    assert content_version() == before


@pytest.mark.django_db
def test_every_model_is_content_or_explicitly_not(settings):
    """A new app must be classified, or its edits would never refresh cached pages."""
    content = set(settings.PAGE_CACHE_CONTENT_APPS)
    unclassified = {
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label not in content | NON_CONTENT_APPS
    }
    assert not unclassified, (
        f"add these apps to PAGE_CACHE_CONTENT_APPS or NON_CONTENT_APPS: {unclassified}"
    )


@pytest.mark.django_db
def test_a_bulk_update_makes_the_next_get_fresh(client):
    """QuerySet.update() sends no signals; the content models' querysets bump the version themselves."""
    article = make_article(title="Before bulk")
    client.get(_article_url(article))
    Article.objects.filter(pk=article.pk).update(title="After bulk")
    assert b"After bulk" in client.get(_article_url(article)).content


@pytest.mark.django_db
def test_an_admin_post_bumps_the_version(admin_client):
    """Admin bulk actions delete with QuerySet.delete() or write with QuerySet.update()."""
    article = make_article()
    before = content_version()
    url = reverse("admin:articles_article_changelist")
    # "post": the confirmation screen's answer, so the action runs.
    admin_client.post(
        url,
        {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"},
    )
    assert content_version() != before


# One object per content model with an admin, for running its actions; a new content admin must add one.
ADMIN_OBJECTS = {
    "sites.Site": lambda: Site.objects.create(domain="other.example", name="Other"),
    "redirects.Redirect": CONTENT_FACTORIES["redirect"],
    "articles.Topic": make_topic,
    "articles.Author": make_author,
    "articles.Article": make_article,
    "articles.OccupationFact": _occupation_fact,
    "articles.StateWage": _state_wage,
    "schools.Institution": make_institution,
    "schools.Program": make_program,
    "schools.EducationPathway": make_pathway,
}
# Actions that would change nothing for the default object get one they do change.
ACTION_OBJECTS = {
    ("articles.Article", "publish_now"): lambda: make_article(
        status=Article.Status.DRAFT
    ),
}


def _content_admins() -> list[str]:
    return sorted(
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in django_settings.PAGE_CACHE_CONTENT_APPS
        and admin.site.is_registered(model)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("label", _content_admins())
def test_every_admin_action_on_content_bumps_the_version(
    label, admin_client, admin_user, rf
):
    """Signals cover saves and deletes, the content models' querysets cover QuerySet.update()."""
    assert label in ADMIN_OBJECTS, f"add a factory for {label} to ADMIN_OBJECTS"
    model = apps.get_model(label)
    request = rf.get("/")
    request.user = admin_user
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    for action in admin.site.get_model_admin(model).get_actions(request):
        obj = ACTION_OBJECTS.get((label, action), ADMIN_OBJECTS[label])()
        before = content_version()
        # "post": the confirmation screen's answer, for delete_selected.
        admin_client.post(
            url, {"action": action, "_selected_action": [obj.pk], "post": "yes"}
        )
        assert content_version() != before, (label, action)


@pytest.mark.django_db
def test_staff_are_never_served_or_stored(client, django_assert_max_num_queries):
    article = make_article(title="Shared title")
    anonymous = client.get(_article_url(article))
    assert anonymous.status_code == 200
    client.force_login(make_staff())
    staff = client.get(_article_url(article))
    assert staff.status_code == 200
    assert "private" in staff["Cache-Control"] and "no-store" in staff["Cache-Control"]
    assert "public" not in staff["Cache-Control"]
    # Rendered for the editor (queries ran), not replayed from the anonymous entry.
    client.logout()
    client.cookies.clear()
    _retitle_unseen(article, "Changed quietly")
    # The staff response was not stored over the anonymous entry either: the anonymous page is still cached.
    with django_assert_max_num_queries(0):
        assert b"Shared title" in client.get(_article_url(article)).content


@pytest.mark.django_db
def test_staff_get_renders_fresh_even_when_an_anonymous_entry_exists(client):
    article = make_article(title="Original")
    client.get(_article_url(article))
    _retitle_unseen(article, "Edited without signals")
    client.force_login(make_staff())
    assert b"Edited without signals" in client.get(_article_url(article)).content


@pytest.mark.django_db
def test_if_none_match_gets_304(client):
    article = make_article()
    first = client.get(_article_url(article))
    etag = first["ETag"]
    not_modified = client.get(_article_url(article), HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    changed = client.get(_article_url(article), HTTP_IF_NONE_MATCH='W/"something-else"')
    assert changed.status_code == 200


@pytest.mark.django_db
def test_if_modified_since_gets_304(client):
    article = make_article()
    first = client.get(_article_url(article))
    again = client.get(
        _article_url(article), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert again.status_code == 304


@pytest.mark.django_db
def test_the_etag_changes_when_the_content_does(client):
    article = make_article(title="One")
    first = client.get(_article_url(article))
    article.title = "Two"
    article.save()
    assert (
        client.get(_article_url(article), HTTP_IF_NONE_MATCH=first["ETag"]).status_code
        == 200
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "encoding"),
    [
        ("br", "br"),
        ("gzip, deflate, br", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("", None),
        ("identity", None),
    ],
)
def test_cached_pages_are_served_compressed_by_accept_encoding(
    client, accept, encoding
):
    article = make_article()
    plain = client.get(_article_url(article)).content
    response = client.get(_article_url(article), HTTP_ACCEPT_ENCODING=accept)
    assert response.get("Content-Encoding") == encoding
    assert int(response["Content-Length"]) == len(response.content)
    decoded = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[encoding](
        response.content
    )
    assert decoded == plain


@pytest.mark.django_db
def test_head_is_answered_from_the_cache(client, django_assert_num_queries):
    article = make_article()
    full = client.get(_article_url(article))
    with django_assert_num_queries(0):
        response = client.head(_article_url(article))
    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Length"] == str(len(full.content))
    assert response["ETag"] == full["ETag"]


@pytest.mark.django_db
def test_a_session_cookie_bypasses_the_cache(client, django_assert_max_num_queries):
    article = make_article(title="Before")
    client.get(_article_url(article))
    _retitle_unseen(article, "After")
    client.cookies["sessionid"] = "not-a-real-session"
    response = client.get(_article_url(article))
    assert b"After" in response.content
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_query_strings_are_part_of_the_key(client):
    make_article(title="Listed")
    first = client.get(reverse("articles:list"))
    other = client.get(reverse("articles:list") + "?page=2")
    assert first.status_code == 200
    assert other.status_code in (200, 404)
    assert first.content != other.content


@pytest.mark.django_db
def test_404_and_posts_are_not_stored(client):
    assert client.get("/no-such-page/").status_code == 404
    _, entry = cached_entry("/no-such-page/")
    assert entry is None


def _storable(response, method="get", **request_kwargs):
    request = getattr(RequestFactory(), method)("/guides/", **request_kwargs)
    return pagecache_middleware.storable(request, response)


def _response(**headers):
    response = HttpResponse("<p>page</p>")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _with_cookie():
    response = _response()
    response.set_cookie("csrftoken", "x")
    return response


def _marked():
    return pagecache.mark_uncacheable(_response())


def _status(code):
    response = _response()
    response.status_code = code
    return response


@pytest.mark.parametrize(
    ("build", "method", "storable"),
    [
        (_response, "get", True),
        (_response, "post", False),
        (_response, "head", False),
        (_with_cookie, "get", False),
        (_marked, "get", False),
        (lambda: _status(404), "get", False),
        (lambda: _status(301), "get", False),
        (lambda: _status(500), "get", False),
        (lambda: _response(Cache_Control="private"), "get", False),
        (
            lambda: _response(
                Cache_Control="no-cache, no-store, must-revalidate, max-age=0"
            ),
            "get",
            False,
        ),
        (lambda: _response(Cache_Control="public, max-age=3600"), "get", True),
        (
            lambda: _response(Content_Security_Policy="script-src 'self' 'nonce-abc'"),
            "get",
            False,
        ),
        (lambda: _response(Vary="Cookie, Accept-Encoding"), "get", True),
        (lambda: _response(Vary="Accept-Language"), "get", False),
    ],
)
def test_what_may_be_stored(build, method, storable):
    assert _storable(build(), method) is storable


@pytest.mark.parametrize(
    ("path", "cookies", "reason"),
    [
        ("/guides/", {}, ""),
        ("/admin/", {}, "excluded"),
        ("/guides/preview/5/", {}, "excluded"),
        ("/readyz", {}, "excluded"),
        ("/healthz", {}, "excluded"),
        ("/guides/", {"sessionid": "x"}, "personal"),
        ("/guides/", {"messages": "x"}, "personal"),
        ("/guides/", {"csrftoken": "x"}, ""),
    ],
)
def test_which_requests_bypass_the_cache(path, cookies, reason, settings):
    settings.ADMIN_PATH = "admin/"
    request = RequestFactory().get(path)
    request.COOKIES.update(cookies)
    assert pagecache_middleware.bypass_reason(request) == reason


@pytest.mark.django_db
def test_a_form_marked_uncacheable_is_rendered_every_time(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    response = pagecache.mark_uncacheable(HttpResponse("errors"))
    assert "no-store" in response["Cache-Control"] and response.page_cache is False


@pytest.mark.django_db
def test_scheduled_article_appears_at_its_time(client, settings):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False) as traveller:
        make_article(title="Already live")
        make_article(
            title="Scheduled guide", published_at=start + timedelta(minutes=30)
        )
        listing = client.get(reverse("articles:list"))
        assert (
            b"Already live" in listing.content
            and b"Scheduled guide" not in listing.content
        )
        # The CDN may not keep the page past the publication either.
        traveller.shift(timedelta(minutes=29, seconds=30))
        cached = client.get(reverse("articles:list"))
        assert b"Scheduled guide" not in cached.content
        assert (
            "max-age=30" in cached["Cache-Control"]
            and "s-maxage=30" in cached["Cache-Control"]
        )
        traveller.shift(timedelta(seconds=31))
        assert b"Scheduled guide" in client.get(reverse("articles:list")).content


@pytest.mark.django_db
def test_next_publication_lookup_is_cached_per_version(django_assert_num_queries):
    make_article(published_at=timezone.now() + timedelta(hours=2))
    version = content_version()
    now = timezone.now().timestamp()
    with django_assert_num_queries(1):
        first = pagecache_version.next_publication(version, now)
        second = pagecache_version.next_publication(version, now)
    assert first == second and first > now


@pytest.mark.django_db
def test_next_publication_is_also_the_next_scheduled_change_of_a_live_article():
    from articles.models import ArticleDraft

    now = timezone.now()
    make_article(published_at=now + timedelta(hours=2))
    live = make_article()
    ArticleDraft.objects.create(
        article=live,
        state="scheduled",
        go_live_at=now + timedelta(minutes=20),
        title=live.title,
        slug=live.slug,
        dek=live.dek,
        topic=live.topic,
        author=live.author,
    )
    when = pagecache_version.next_publication(content_version(), now.timestamp())
    assert when == pytest.approx((now + timedelta(minutes=20)).timestamp())


BUMP_IN_ANOTHER_PROCESS = (
    "import django; django.setup(); "
    "from careersite.pagecache import content_changed; content_changed()"
)


def test_another_process_sees_the_same_version(tmp_path, settings):
    """A management command or another gunicorn worker bumps; this process sees the new version."""
    import os
    import subprocess
    import sys

    if settings.PAGE_CACHE_VERSION_FILE:
        settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "content-version")
    before = content_version()
    subprocess.run(
        [sys.executable, "-c", BUMP_IN_ANOTHER_PROCESS],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "careersite.settings",
            "DJANGO_DATA_DIR": str(tmp_path),
            # With Redis, the keys this process uses (a pytest-xdist worker has a prefix of its own).
            "DJANGO_CACHE_KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", ""),
        },
        check=True,
        timeout=120,
    )
    assert content_version() != before


@pytest.mark.django_db
def test_cache_outage_falls_back_to_rendering(client, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    article = make_article(title="Still served")
    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "get_many", down)
    monkeypatch.setattr(cache, "set", down)
    response = client.get(_article_url(article))
    assert response.status_code == 200 and b"Still served" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "uncacheable"),
    [
        ("/schools/results/?education=nonsense&zip=abc", True),
        ("/schools/results/?education=high_school&page=999", True),
        ("/schools/results/?education=high_school", False),
        ("/tools/ccs-eligibility/?experience_years=-4", True),
        ("/tools/ccs-eligibility/", False),
    ],
)
def test_forms_with_errors_are_never_cached(client, url, uncacheable):
    make_pathway(
        key="high_school", label="High school diploma or GED", levels=["associate"]
    )
    make_program()
    first = client.get(url)
    assert first.status_code == 200
    control = first.get("Cache-Control", "")
    assert ("no-store" in control) is uncacheable, control
    assert ("public" in control) is not uncacheable, control


def test_only_content_models_have_the_receiver():
    """Other models (sessions, axes, reversion) keep Django's fast, signal-less bulk deletes."""
    from django.contrib.sessions.models import Session
    from django.db.models.signals import post_delete, post_save

    from schools.models import Program

    assert post_save.has_listeners(Article) and post_delete.has_listeners(Program)
    assert not post_delete.has_listeners(Session)


@pytest.mark.django_db
def test_one_bump_after_commit_per_transaction(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        make_article()
        make_article()
        make_program()
    bumps = [c for c in callbacks if c is pagecache_version.bump]
    assert len(bumps) == 1


@pytest.mark.django_db
def test_a_hit_costs_one_round_trip_to_a_shared_cache(client, settings, monkeypatch):
    """With Redis and the version not followed by publish/subscribe (no per-process copy, or the subscription is
    down), the version and the page come back in one get_many; the learned Vary headers stay in memory. (With the
    copy, a hit costs no round trip: tests/perf/test_redis_cache.py.)"""
    from django.core.cache import cache

    settings.PAGE_CACHE_VERSION_FILE = ""
    settings.PAGE_CACHE_NEAR = ""
    article = make_article()
    client.get(_article_url(article))
    calls, inside = [], []
    get, get_many = cache.get, cache.get_many

    def counted_get_many(keys):
        calls.append("get_many")
        # The local-memory backend's get_many calls get() per key: one round trip all the same.
        inside.append(True)
        try:
            return get_many(keys)
        finally:
            inside.pop()

    def counted_get(*args, **kwargs):
        if not inside:
            calls.append("get")
        return get(*args, **kwargs)

    monkeypatch.setattr(cache, "get_many", counted_get_many)
    monkeypatch.setattr(cache, "get", counted_get)
    response = client.get(_article_url(article))
    assert response.status_code == 200 and response["Content-Length"] != "0"
    assert calls == ["get_many"]


@pytest.mark.django_db
def test_each_accept_encoding_is_compressed_once_and_kept_apart(
    client, django_assert_num_queries
):
    article = make_article()
    for accept in ("br", "gzip", ""):
        client.get(_article_url(article), HTTP_ACCEPT_ENCODING=accept)
    with django_assert_num_queries(0):
        for accept, encoding in (("br", "br"), ("gzip", "gzip"), ("", None)):
            response = client.get(_article_url(article), HTTP_ACCEPT_ENCODING=accept)
            assert response.get("Content-Encoding") == encoding


@pytest.mark.django_db
def test_a_host_outside_allowed_hosts_is_a_400_not_a_cache_error(client, caplog):
    response = client.get("/guides/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Page cache unavailable" not in caplog.text


@pytest.mark.django_db
def test_pages_are_kept_per_release(client, settings):
    """An instance of a new release (DJANGO_RELEASE) never serves a page rendered by an old one."""
    article = make_article(title="Rendered by release one")
    settings.PAGE_CACHE_RELEASE = "release-one"
    assert b"Rendered by release one" in client.get(_article_url(article)).content
    _retitle_unseen(article, "Rendered by release two")
    settings.PAGE_CACHE_RELEASE = "release-two"
    assert b"Rendered by release two" in client.get(_article_url(article)).content
    settings.PAGE_CACHE_RELEASE = "release-one"
    assert b"Rendered by release one" in client.get(_article_url(article)).content
