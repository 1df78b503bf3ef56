"""No typed work is lost: an editor closes the tab mid-edit, reopens the article and restores it."""

import importlib
import time

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.urls import reverse
from playwright.sync_api import expect

from articles.autosave import article_autosave_store
from articles.models import Article, ArticleAutosave, Topic
from tests.browser.conftest import DESKTOP, PageProblems
from tests.factories import make_staff

pytestmark = pytest.mark.browser

PASSWORD = "pw-for-tests-only"
EDITORS = importlib.import_module("articles.migrations.0003_editors_group")
TYPED_BODY = "Coders also check each chart against the payer's rules."
TYPED_TITLE = "How to become a CCS (updated)"
NEW_SOURCE = ("Medical Records Specialists", "https://www.bls.gov/ooh/")
EXTRA_SOURCE = ("Coding Clinic", "https://www.aha.org/")
BODY = ".ProseMirror[contenteditable=true]"


def _editor():
    """An editor in the group the data migration creates (rebuilt: live-server tests flush it)."""
    group, _ = Group.objects.get_or_create(name=EDITORS.GROUP_NAME)
    group.permissions.set(
        Permission.objects.get(
            content_type__app_label=app_label, codename=f"{action}_{model}"
        )
        for app_label, model, actions in EDITORS.PERMISSIONS
        for action in actions
    )
    user = make_staff("autosaver")
    user.groups.add(group)
    return user


def _flagship() -> Article:
    return Article.objects.published().filter(featured=True).order_by("pk").first()


def _open_form(context, url):
    page = context.new_page()
    problems = PageProblems(page)
    page.goto(url)
    page.locator(BODY).wait_for()
    return page, problems


def _sign_in(context, base_url, next_path):
    page = context.new_page()
    page.goto(f"{base_url}{reverse('admin:login')}?next={next_path}")
    page.fill("#id_username", "autosaver")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"**{next_path}")
    page.close()


@pytest.fixture
def editor_context(browser, site):
    """A signed-in editor's browser window, whose tabs share the session."""
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(15_000)
    yield context
    context.close()


def _type_changes(page, *, article: Article, editor) -> Topic:
    """Change the body, title, topic and sources; return once all of it is autosaved."""
    sources = article.sources.count()
    body = page.locator(BODY)
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(TYPED_BODY)
    page.fill("#id_title", TYPED_TITLE)
    # An autocomplete select, which holds only the chosen option.
    topic = Topic.objects.exclude(pk=article.topic_id).order_by("pk").first()
    page.click("#id_topic + .select2 .select2-selection")
    page.fill(".select2-search__field", topic.name)
    page.locator(".select2-results__option", has_text=topic.name).click()
    # The form shows one empty source row; a second one is added with "Add another Source".
    page.fill(f"#id_sources-{sources}-title", NEW_SOURCE[0])
    page.fill(f"#id_sources-{sources}-url", NEW_SOURCE[1])
    page.click("#sources-group .add-row a")
    page.fill(f"#id_sources-{sources + 1}-title", EXTRA_SOURCE[0])
    page.fill(f"#id_sources-{sources + 1}-url", EXTRA_SOURCE[1])
    expect(page.locator("#autosave-status")).to_contain_text("Autosaved at")
    last_field = (f"sources-{sources + 1}-url", EXTRA_SOURCE[1])
    _wait_for(
        lambda: _autosaved_fields(editor, article).get(last_field[0]) == last_field[1]
    )
    return topic


def _autosaved_fields(editor, article) -> dict:
    autosave = ArticleAutosave.objects.filter(user=editor, article=article).first()
    return autosave.data["fields"] if autosave else {}


def _wait_for(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_closing_the_tab_mid_edit_keeps_the_text_for_restore(
    site, browser, editor_context
):
    editor = _editor()
    article = _flagship()
    title, sources = article.title, article.sources.count()
    change_path = reverse("admin:articles_article_change", args=[article.pk])
    change_url = site + change_path
    _sign_in(editor_context, site, change_path)

    page, problems = _open_form(editor_context, change_url)
    expect(page.locator("#autosave-notice")).to_have_count(0)
    topic = _type_changes(page, article=article, editor=editor)
    assert problems.take() == []
    page.close()  # the tab is closed without saving

    fields = _autosaved_fields(editor, article)
    assert TYPED_BODY in fields["body"] and fields["topic"] == str(topic.pk)
    article.refresh_from_db()
    assert article.title == title and TYPED_BODY not in article.body

    page, problems = _open_form(editor_context, change_url)
    notice = page.locator("#autosave-notice")
    expect(notice).to_contain_text("Unsaved changes from")
    expect(page.locator("#autosave-status")).to_contain_text("paused")
    expect(page.locator("#id_title")).to_have_value(title)
    page.get_by_role("button", name="Restore unsaved changes").click()
    expect(notice).to_contain_text("Unsaved changes restored")
    expect(notice).to_be_focused()
    expect(page.locator(BODY)).to_contain_text(TYPED_BODY)
    expect(page.locator("#id_title")).to_have_value(TYPED_TITLE)
    expect(page.locator("#id_topic")).to_have_value(str(topic.pk))
    expect(page.locator("#select2-id_topic-container")).to_have_text(topic.name)
    for n, (source_title, url) in enumerate([NEW_SOURCE, EXTRA_SOURCE], sources):
        expect(page.locator(f"#id_sources-{n}-title")).to_have_value(source_title)
        expect(page.locator(f"#id_sources-{n}-url")).to_have_value(url)

    # Readers still see the live article.
    reader = browser.new_context(viewport=DESKTOP)
    public = reader.new_page()
    public.goto(site + article.get_absolute_url())
    expect(public.locator("h1")).to_have_text(title)
    expect(public.locator(".article-body")).not_to_contain_text(TYPED_BODY)
    reader.close()

    # The flagship is live: the restored work is saved as its draft (articles.workflow).
    page.click("input[name=_save_draft]")
    page.wait_for_selector(".messagelist .success")
    expect(page.locator(BODY)).to_contain_text(TYPED_BODY)
    expect(page.locator("#select2-id_topic-container")).to_have_text(topic.name)
    expect(page.locator("#autosave-notice")).to_have_count(0)
    assert not ArticleAutosave.objects.filter(user=editor).exists()
    assert len(Article.objects.get(pk=article.pk).draft.sources) == sources + 2
    assert problems.take() == []


def test_discarding_the_autosave_keeps_the_saved_article(site, editor_context):
    editor = _editor()
    article = _flagship()
    title = article.title
    change_path = reverse("admin:articles_article_change", args=[article.pk])
    _sign_in(editor_context, site, change_path)

    page, problems = _open_form(editor_context, site + change_path)
    _type_changes(page, article=article, editor=editor)
    page.close()
    assert ArticleAutosave.objects.filter(user=editor, article=article).exists()

    page, problems = _open_form(editor_context, site + change_path)
    page.get_by_role("button", name="Discard", exact=True).click()
    expect(page.locator("#autosave-notice")).to_have_text("Unsaved changes discarded.")
    assert not ArticleAutosave.objects.filter(user=editor).exists()
    expect(page.locator("#id_title")).to_have_value(title)
    expect(page.locator(BODY)).not_to_contain_text(TYPED_BODY)

    # Autosave works again right away, and a reopened form has nothing to offer.
    page.fill("#id_dek", "A shorter summary.")
    expect(page.locator("#autosave-status")).to_contain_text("Autosaved at")
    assert problems.take() == []
    page.close()
    page, problems = _open_form(editor_context, site + change_path)
    expect(page.locator("#autosave-notice")).to_contain_text("Unsaved changes from")
    page.get_by_role("button", name="Discard", exact=True).click()
    expect(page.locator("#autosave-notice")).to_have_text("Unsaved changes discarded.")
    page.reload()
    expect(page.locator("#autosave-notice")).to_have_count(0)
    assert problems.take() == []


def test_closing_the_tab_right_after_typing_still_autosaves(site, editor_context):
    editor = _editor()
    article = _flagship()
    change_path = reverse("admin:articles_article_change", args=[article.pk])
    _sign_in(editor_context, site, change_path)

    page, problems = _open_form(editor_context, site + change_path)
    page.fill("#id_title", TYPED_TITLE)
    assert problems.take() == []
    # Closed well before the few seconds' pause after typing: the page sends it as it goes.
    page.close(run_before_unload=True)
    _wait_for(lambda: _autosaved_fields(editor, article).get("title") == TYPED_TITLE)


def test_a_refused_autosave_says_so_instead_of_autosaved(site, editor_context):
    editor = _editor()
    article = _flagship()
    change_path = reverse("admin:articles_article_change", args=[article.pk])
    _sign_in(editor_context, site, change_path)

    page, problems = _open_form(editor_context, site + change_path)
    # The session expired (or the editor signed out in another tab): the post lands on sign-in.
    Session.objects.all().delete()
    page.fill("#id_title", TYPED_TITLE)
    expect(page.locator("#autosave-status")).to_contain_text("Autosave failed")
    assert not ArticleAutosave.objects.filter(user=editor).exists()
    assert problems.take() == []


def test_an_autosave_from_before_the_field_was_renamed_restores_its_edit_count(
    site, editor_context
):
    # Autosaves stored before the hidden field was called loaded_edit_count hold it as loaded_version.
    editor = _editor()
    article = _flagship()
    loaded = article.edit_count
    article_autosave_store(
        user=editor,
        article=article,
        data={"fields": {"title": TYPED_TITLE, "loaded_version": str(loaded)}},
    )
    # Someone saved the article after those changes began.
    Article.objects.filter(pk=article.pk).update(edit_count=loaded + 1)
    change_path = reverse("admin:articles_article_change", args=[article.pk])
    _sign_in(editor_context, site, change_path)

    page, problems = _open_form(editor_context, site + change_path)
    expect(page.locator("#id_loaded_edit_count")).to_have_value(str(loaded + 1))
    page.get_by_role("button", name="Restore unsaved changes").click()
    expect(page.locator("#id_title")).to_have_value(TYPED_TITLE)
    expect(page.locator("#id_loaded_edit_count")).to_have_value(str(loaded))
    page.click("input[name=_save_draft]")
    expect(page.locator(".errorlist.nonfield")).to_contain_text("saved this article at")
    assert not hasattr(Article.objects.get(pk=article.pk), "draft")
    assert problems.take() == []
