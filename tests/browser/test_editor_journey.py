"""An editor's day in headless Chromium: edit in the rich-text editor, save a draft, preview, publish, see it live."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import make_article, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-only"
EDITORS = importlib.import_module("articles.migrations.0003_editors_group")


def _editors_group() -> Group:
    """The group the data migration creates; rebuilt here because live-server tests flush the database."""
    group, _ = Group.objects.get_or_create(name=EDITORS.GROUP_NAME)
    group.permissions.set(
        Permission.objects.get(
            content_type__app_label=app_label, codename=f"{action}_{model}"
        )
        for app_label, model, actions in EDITORS.PERMISSIONS
        for action in actions
    )
    return group


def _log_in(page, base_url, next_path):
    page.goto(f"{base_url}{reverse('admin:login')}?next={next_path}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_editor_edits_previews_publishes_and_sees_it_live(live_server, page):
    editor = make_staff("editor")
    editor.groups.add(_editors_group())
    article = make_article(
        title="Coding audits explained",
        slug="coding-audits-explained",
        status=Article.Status.DRAFT,
        published_at=None,
        body="<p>Old text.</p>",
    )
    csp_violations = []
    page.on(
        "console",
        lambda msg: (
            csp_violations.append(msg.text)
            if "Content Security Policy" in msg.text
            else None
        ),
    )
    change_path = reverse("admin:articles_article_change", args=[article.pk])

    _log_in(page, live_server.url, change_path)
    page.wait_for_url(f"**{change_path}")

    # Type in the rich-text editor: a new paragraph with bold text.
    editor_area = page.locator(".ProseMirror[contenteditable=true]")
    editor_area.wait_for()
    editor_area.click()
    page.keyboard.press("Control+a")  # replace the old text
    expect(editor_area).to_be_focused()
    page.keyboard.type("Auditors sample ")
    page.keyboard.press("Control+b")
    page.keyboard.type("twenty charts")
    page.keyboard.press("Control+b")
    page.keyboard.type(" each quarter.")
    expect(editor_area).to_have_text("Auditors sample twenty charts each quarter.")
    assert (
        page.locator("#id_seo_title + .char-counter").inner_text()
        == "0 / 60 characters"
    )
    page.fill("#id_seo_title", "Coding audits: how they work")
    assert (
        page.locator("#id_seo_title + .char-counter").inner_text()
        == "28 / 60 characters"
    )

    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert "twenty charts</strong>" in article.body
    assert "Old text." not in article.body
    assert article.updated_by == editor

    # The public page does not show a draft; the preview does, with its banner.
    public_url = live_server.url + article.get_absolute_url()
    assert page.request.get(public_url).status == 404
    with page.context.expect_page() as preview_info:
        page.click("text=Preview")
    preview = preview_info.value
    preview.wait_for_load_state()
    assert preview.locator("h1").inner_text() == "Coding audits explained"
    assert "Preview" in preview.locator(".alert[role=status]").inner_text()
    assert (
        preview.locator(".article-body strong").inner_text().strip() == "twenty charts"
    )
    assert preview.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    preview.close()

    # Publish from the article list with the "Publish now" action.
    page.goto(live_server.url + reverse("admin:articles_article_changelist"))
    page.check(f"input.action-select[value='{article.pk}']")
    page.select_option("select[name=action]", "publish_now")
    page.click("button[name=index]")
    page.wait_for_selector(".messagelist .success")
    assert "Live" in page.locator("#result_list").inner_text()

    page.goto(public_url)
    assert page.locator("h1").inner_text() == "Coding audits explained"
    body_text = " ".join(
        page.locator(".article-body").inner_text().replace("\xa0", " ").split()
    )
    assert body_text == "Auditors sample twenty charts each quarter."
    assert page.locator(".alert[role=status]").count() == 0
    assert csp_violations == []
