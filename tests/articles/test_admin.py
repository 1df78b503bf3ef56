import io
from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Article
from tests.articles.admin_helpers import article_post_data
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

pytestmark = pytest.mark.django_db


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _png(name="hero.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


# Every admin page loads -----------------------------------------------------------------


def test_changelist_add_and_change_pages_load_for_every_registered_model(admin_client):
    article = make_article()
    make_source(article)
    program = make_program(institution=make_institution())
    make_pathway()
    assert program.pk
    checked = 0
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        assert admin_client.get(reverse(f"{prefix}_changelist")).status_code == 200, (
            opts.label
        )
        if model_admin.has_add_permission(_request_for(admin_client)):
            assert admin_client.get(reverse(f"{prefix}_add")).status_code == 200, (
                opts.label
            )
        obj = model._default_manager.first()
        if obj is not None:
            assert (
                admin_client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code
                == 200
            ), opts.label
        checked += 1
    assert checked >= 6


def _request_for(client):
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(pk=client.session["_auth_user_id"])
    return request


# The article list -----------------------------------------------------------------------


def test_article_list_shows_status_at_a_glance(admin_client):
    now = timezone.now()
    make_article(title="Live one")
    make_article(title="Draft one", status="draft", published_at=None)
    make_article(title="Later one", published_at=now + timedelta(days=2))
    html = admin_client.get(
        reverse("admin:articles_article_changelist")
    ).content.decode()
    for text in (
        "Live one",
        "Draft one",
        "Later one",
        ">Live<",
        ">Draft<",
        "Scheduled for ",
    ):
        assert text in html
    for column in (
        "column-topic",
        "column-author",
        "column-updated_at",
        "column-last_reviewed_on",
    ):
        assert column in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state": "draft"}, {"Draft one"}),
        ({"state": "scheduled"}, {"Later one"}),
        ({"state": "live"}, {"Live one", "Old review"}),
        ({"reviewed": "stale"}, {"Draft one", "Later one", "Old review"}),
        ({"reviewed": "recent"}, {"Live one"}),
        ({"reviewed": "never"}, {"Draft one", "Later one"}),
        ({"q": "bananas"}, {"Draft one"}),
        ({"q": "dekword"}, {"Later one"}),
    ],
)
def test_article_list_filters_and_search(admin_client, query, expected):
    today = timezone.localdate()
    make_article(title="Live one", last_reviewed_on=today - timedelta(days=30))
    make_article(title="Old review", last_reviewed_on=today - timedelta(days=400))
    make_article(
        title="Draft one",
        status="draft",
        published_at=None,
        body="<p>About bananas.</p>",
    )
    make_article(
        title="Later one",
        published_at=timezone.now() + timedelta(days=2),
        dek="A dekword here.",
    )
    response = admin_client.get(reverse("admin:articles_article_changelist"), query)
    shown = {article.title for article in response.context["cl"].result_list}
    assert shown == expected


# 1 March 2028 follows a 29 February: 12 calendar months back is 1 March 2027, 365 days back is 2 March.
@pytest.mark.parametrize(
    ("reviewed_on", "shown_in"),
    [
        (date(2027, 2, 28), "stale"),
        (date(2027, 3, 1), "stale"),
        (date(2027, 3, 2), "recent"),
        (date(2028, 3, 1), "recent"),
    ],
)
def test_review_age_filter_counts_calendar_months(
    client, admin_user, time_machine, reviewed_on, shown_in
):
    time_machine.move_to("2028-03-01 12:00:00+00:00")
    client.force_login(admin_user)
    make_article(title="Reviewed", last_reviewed_on=reviewed_on)
    url = reverse("admin:articles_article_changelist")
    for value in ("recent", "stale"):
        response = client.get(url, {"reviewed": value})
        shown = {article.title for article in response.context["cl"].result_list}
        assert ("Reviewed" in shown) is (value == shown_in)


def test_article_list_is_paged_by_50_with_a_date_hierarchy_and_filters_by_topic_and_author(
    admin_client,
):
    model_admin = admin.site._registry[Article]
    assert model_admin.list_per_page == 50
    assert model_admin.date_hierarchy == "published_at"
    assert {"topic", "author"} <= {
        f for f in model_admin.list_filter if isinstance(f, str)
    }


def test_article_list_queries_do_not_grow_with_rows(
    admin_client, django_assert_max_num_queries
):
    topic, author = make_topic(), make_author()
    for _ in range(3):
        make_article(topic=topic, author=author)
    url = reverse("admin:articles_article_changelist")
    admin_client.get(url)
    with django_assert_max_num_queries(12) as small:
        admin_client.get(url)
    for _ in range(30):
        make_article(topic=make_topic(), author=make_author())
    with django_assert_max_num_queries(len(small.captured_queries)):
        admin_client.get(url)


# The change form ------------------------------------------------------------------------


def test_change_form_has_counters_editor_preview_and_edit_count(admin_client):
    article = make_article(status="draft", published_at=None)
    response = admin_client.get(_change_url(article))
    html = response.content.decode()
    assert 'data-counter="60"' in html and 'maxlength="60"' in html
    assert 'data-counter="160"' in html and 'maxlength="160"' in html
    assert 'src="/static/js/admin-counters.js"' in html and " defer" in html
    assert "data-django-prose-editor-configurable" in html
    assert reverse("articles:preview", args=[article.pk]) in html
    assert "Status: Draft" in html
    assert f'name="loaded_edit_count" value="{article.edit_count}"' in html
    # The editor's inline import map carries this response's CSP nonce; nothing else is inline.
    csp = response["Content-Security-Policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'<script type="importmap" nonce="{nonce}">' in html
    assert "'unsafe-inline'" not in csp


def test_view_on_site_only_for_live_articles(admin_client):
    live = make_article()
    draft = make_article(status="draft", published_at=None)
    live_html = admin_client.get(_change_url(live)).content.decode()
    draft_html = admin_client.get(_change_url(draft)).content.decode()
    # Every article has a Preview; a live one also has View on site.
    assert "View on site" in live_html
    assert reverse("articles:preview", args=[live.pk]) in live_html
    assert "Preview live version" in live_html
    assert "View on site" not in draft_html and "Preview" in draft_html


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("seo_title", "x" * 60, True),
        ("seo_title", "x" * 61, False),
        ("meta_description", "x" * 160, True),
        ("meta_description", "x" * 161, False),
    ],
)
def test_seo_limits_are_enforced(admin_client, field, value, ok):
    article = make_article()
    response = admin_client.post(
        _change_url(article), article_post_data(article, publish=True, **{field: value})
    )
    assert (response.status_code == 302) is ok
    article.refresh_from_db()
    assert (getattr(article, field) == value) is ok


def test_hero_image_requires_alt_text(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = make_article()
    response = admin_client.post(
        _change_url(article),
        article_post_data(article, hero_image=_png(), hero_alt=" "),
    )
    assert response.status_code == 200
    assert "Describe the hero image" in response.content.decode()
    response = admin_client.post(
        _change_url(article),
        article_post_data(
            article, publish=True, hero_image=_png(), hero_alt="A coder at a desk"
        ),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.hero_image.name.startswith("articles/")
    assert (
        tmp_path / article.hero_image.name
    ).exists()  # stored through the storage API


def test_database_refuses_hero_image_without_alt():
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            hero_image="articles/x.png", hero_alt=""
        )


def test_not_an_image_is_refused(admin_client):
    article = make_article()
    fake = SimpleUploadedFile("hero.png", b"not an image", content_type="image/png")
    response = admin_client.post(
        _change_url(article), article_post_data(article, hero_image=fake, hero_alt="x")
    )
    assert response.status_code == 200
    assert not Article.objects.get(pk=article.pk).hero_image


def test_body_from_the_editor_is_sanitized(admin_client):
    article = make_article()
    body = '<h2>Pay</h2><p onclick="x()">Hi <a href="https://www.bls.gov/" target="_blank">BLS</a></p><script>x</script>'
    admin_client.post(
        _change_url(article), article_post_data(article, publish=True, body=body)
    )
    article.refresh_from_db()
    assert (
        article.body
        == '<h2 id="pay">Pay</h2><p>Hi <a href="https://www.bls.gov/" rel="noopener noreferrer">BLS</a></p>'
    )


def test_sources_are_edited_inline_and_kept_in_position_order(admin_client):
    article = make_article()
    first = make_source(article, title="First", position=1)
    second = make_source(article, title="Second", position=2)
    data = article_post_data(article, publish=True)
    index = {data[f"sources-{n}-title"]: n for n in range(2)}
    data[f"sources-{index['First']}-position"] = 5
    data.update(
        {
            "sources-TOTAL_FORMS": "3",
            "sources-2-position": "1",
            "sources-2-title": "New first",
            "sources-2-url": "https://www.ahima.org/",
            "sources-2-period": "accessed 2026-11-01",
        }
    )
    assert admin_client.post(_change_url(article), data).status_code == 302
    sources = list(article.sources.values_list("title", "position"))
    assert sources == [("New first", 1), ("Second", 2), ("First", 3)]
    # Rows whose URL stayed keep their ids (link-check results stay attached).
    assert set(article.sources.values_list("pk", flat=True)) >= {first.pk, second.pk}


def test_adding_an_article_records_who_added_it(admin_client, admin_user):
    topic, author = make_topic(), make_author()
    template = Article(
        title="New guide",
        slug="new-guide",
        dek="Short.",
        body="<p>Body.</p>",
        topic=topic,
        author=author,
        status="draft",
    )
    data = article_post_data(template)
    data.pop("loaded_edit_count")
    response = admin_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get(slug="new-guide")
    assert (article.updated_by, article.edit_count) == (admin_user, 1)


# Preview --------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["draft", "scheduled", "live"])
def test_staff_preview_renders_the_public_template_with_banner_noindex_and_no_cache(
    client, status
):
    fields = {
        "draft": {"status": "draft", "published_at": None},
        "scheduled": {"published_at": timezone.now() + timedelta(days=1)},
        "live": {},
    }[status]
    article = make_article(title="Preview me", **fields)
    editor = make_staff("editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get(reverse("articles:preview", args=[article.pk]))
    assert response.status_code == 200
    assert "articles/article_detail.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert 'role="status"' in html and "<strong>Preview</strong>" in html
    assert "Preview me" in html
    cache_control = response["Cache-Control"]
    assert (
        "no-cache" in cache_control
        and "no-store" in cache_control
        and "private" in cache_control
    )


def test_preview_requires_login(client):
    article = make_article(status="draft", published_at=None)
    url = reverse("articles:preview", args=[article.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "next=" in response["Location"]


def test_preview_refuses_non_staff_and_staff_without_permission(client):
    article = make_article(status="draft", published_at=None)
    url = reverse("articles:preview", args=[article.pk])
    reader = get_user_model().objects.create_user(
        username="reader", password="pw-for-tests-only"
    )
    client.force_login(reader)
    assert client.get(url).status_code == 403
    client.force_login(make_staff("bare-staff"))
    assert client.get(url).status_code == 403


def test_preview_of_unknown_article_is_404(admin_client):
    assert (
        admin_client.get(reverse("articles:preview", args=[999999])).status_code == 404
    )


def test_public_page_of_a_draft_is_404_and_has_no_banner(client):
    article = make_article(status="draft", published_at=None)
    assert client.get(article.get_absolute_url()).status_code == 404
    live = make_article()
    html = client.get(live.get_absolute_url()).content.decode()
    assert "<strong>Preview</strong>" not in html and 'content="noindex"' not in html


def test_preview_queries_do_not_grow_with_sources(
    admin_client, django_assert_max_num_queries
):
    article = make_article(status="draft", published_at=None)
    make_source(article)
    url = reverse("articles:preview", args=[article.pk])
    admin_client.get(url)
    with django_assert_max_num_queries(20) as few:
        admin_client.get(url)
    for _ in range(20):
        make_source(article)
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(url)
