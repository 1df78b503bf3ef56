"""Previews of every version: saved draft, live, any revision, unsaved form content; staff only, never cached."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Version

from articles.workflow import services
from tests.articles.admin_helpers import article_post_data
from tests.articles.workflow_helpers import content_of, make_editor, make_reviewer
from tests.factories import make_article, make_source, make_staff

pytestmark = pytest.mark.django_db


def _assert_preview(response, *texts):
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert 'role="status"' in html and "<strong>Preview</strong>" in html
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    for text in texts:
        assert text in html, text
    return html


@pytest.fixture
def editor(client):
    user = make_editor()
    client.force_login(user)
    return user


@pytest.fixture
def live():
    article = make_article(title="Live guide", body="<p>Live paragraph.</p>")
    make_source(article, title="BLS OOH", url="https://www.bls.gov/ooh/")
    return article


def _draft(article, user, **changes):
    sources = changes.pop(
        "sources", [{"title": "AHIMA", "url": "https://www.ahima.org/"}]
    )
    return services.article_save_draft(
        article=article,
        user=user,
        content=content_of(article, **changes),
        sources=sources,
    )


def test_preview_of_the_saved_draft_and_of_the_live_version(client, editor, live):
    _draft(live, editor, title="Draft guide", body="<p>Draft paragraph.</p>")
    draft_html = _assert_preview(
        client.get(reverse("articles:preview-draft", args=[live.pk])),
        "Draft changes",
        "Draft paragraph.",
        "AHIMA",
        "Readers still see the live version.",
    )
    assert "Live paragraph." not in draft_html and "BLS OOH" not in draft_html
    live_html = _assert_preview(
        client.get(reverse("articles:preview", args=[live.pk])),
        "Live version",
        "Live paragraph.",
        "BLS OOH",
    )
    assert "Draft paragraph." not in live_html


def test_draft_preview_without_a_draft_is_404(client, editor, live):
    assert (
        client.get(reverse("articles:preview-draft", args=[live.pk])).status_code == 404
    )


def test_preview_of_any_revision_from_the_history(client, editor, live):
    _draft(live, editor, body="<p>Saved as a draft then.</p>")
    senior = make_editor("senior", may_publish_without_review=True)
    _draft(live, senior, body="<p>Published later.</p>")
    services.article_publish_draft(article=live, user=senior)
    versions = list(Version.objects.get_for_object(live).order_by("pk"))
    assert len(versions) == 3
    first, _, published = versions
    _assert_preview(
        client.get(reverse("articles:preview-revision", args=[live.pk, first.pk])),
        "the draft as saved then",
        "Saved as a draft then.",
    )
    _assert_preview(
        client.get(reverse("articles:preview-revision", args=[live.pk, published.pk])),
        "the live version then",
        "Published later.",
        "AHIMA",
    )
    other = make_article()
    assert (
        client.get(
            reverse("articles:preview-revision", args=[other.pk, first.pk])
        ).status_code
        == 404
    )
    history = client.get(reverse("admin:articles_article_history", args=[live.pk]))
    assertContains(history, "Preview this revision")
    assertContains(
        history, reverse("articles:preview-revision", args=[live.pk, first.pk])
    )


def test_preview_of_unsaved_form_content_saves_nothing(client, editor, live):
    url = reverse("articles:preview-unsaved", args=[live.pk])
    data = article_post_data(
        live,
        title="Typed, not saved",
        body='<p>Typed paragraph.</p><script>alert(1)</script><p onclick="x()">Hi</p>',
    )
    data.update(
        {
            "sources-TOTAL_FORMS": "3",
            "sources-1-title": "CAHIIM",
            "sources-1-url": "https://www.cahiim.org/",
            "sources-1-position": "1",
            "sources-2-title": "Bad",
            "sources-2-url": "javascript:alert(1)",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 303 and response["Location"] == url
    html = _assert_preview(
        client.get(url),
        "Unsaved changes",
        "Typed, not saved",
        "Typed paragraph.",
        "CAHIIM",
    )
    assert "<script>alert" not in html and "onclick" not in html
    assert "javascript:alert" not in html
    live.refresh_from_db()
    assert live.title == "Live guide" and not hasattr(live, "draft")
    # Phone width: the same preview in a 390-pixel frame that only this site may frame.
    phone = client.get(url, {"width": "phone"})
    assertContains(phone, '<iframe class="preview-frame"')
    assertContains(phone, 'width="390"')
    framed = client.get(url, {"frame": "1"})
    assert framed["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in framed["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in client.get(url)["Content-Security-Policy"]


def test_unsaved_preview_shows_what_is_not_valid(client, editor, live):
    url = reverse("articles:preview-unsaved", args=[live.pk])
    client.post(url, article_post_data(live, title="", seo_title="x" * 61))
    html = _assert_preview(client.get(url), "Live guide")  # the stored title stands in
    assert "Not shown, not valid: Title" in html and "SEO title" in html


def test_unsaved_preview_without_a_post_is_404(client, editor, live):
    assert (
        client.get(reverse("articles:preview-unsaved", args=[live.pk])).status_code
        == 404
    )


def test_unsaved_preview_needs_the_change_permission(client, live):
    client.force_login(make_reviewer(credentials=None))
    url = reverse("articles:preview-unsaved", args=[live.pk])
    assert client.post(url, article_post_data(live)).status_code == 403
    assert client.get(reverse("articles:preview", args=[live.pk])).status_code == 200


@pytest.mark.parametrize("name", ["preview", "preview-draft", "preview-unsaved"])
def test_previews_are_for_staff_with_permission_only(client, live, name):
    url = reverse(f"articles:{name}", args=[live.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    reader = get_user_model().objects.create_user(
        "reader", password="pw-for-tests-only"
    )
    client.force_login(reader)
    assert client.get(url).status_code == 403
    client.force_login(make_staff("bare-staff"))
    assert client.get(url).status_code == 403


def test_previews_refuse_staff_without_a_second_factor_when_required(
    client, settings, live
):
    settings.ADMIN_REQUIRE_2FA = True
    user = make_staff("no-device")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    assert client.get(reverse("articles:preview", args=[live.pk])).status_code == 403


def test_previews_are_never_stored_in_the_page_cache(client, editor, live, settings):
    settings.PAGE_CACHE_ENABLED = True
    _draft(live, editor, body="<p>One.</p>")
    url = reverse("articles:preview-draft", args=[live.pk])
    assertContains(client.get(url), "One.")
    _draft(live, editor, body="<p>Two.</p>")
    second = client.get(url)
    assertContains(second, "Two.")
    assertNotContains(second, "One.")


def test_scheduled_article_preview_says_readers_cannot_see_it(client, editor):
    article = make_article(published_at=timezone.now() + timedelta(days=1))
    _assert_preview(
        client.get(reverse("articles:preview", args=[article.pk])),
        "This article as saved",
        "Readers cannot see it yet.",
    )
