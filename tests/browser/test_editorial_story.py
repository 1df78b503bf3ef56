"""The editorial story in headless Chromium: a live guide is changed, previewed, reviewed, scheduled and goes live.

Editor A drafts a change to the live flagship guide (an anonymous reader keeps seeing the live page),
submits it; reviewer B asks for changes; A edits and resubmits; B approves; A schedules it two minutes
ahead. The test owns the clock: time_machine moves the time of this process, which is also the live
server's, so "two minutes later" comes at once, and the reader then sees the new paragraph and the
byline's review line, with no editor online and no job run.
"""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from tests.articles.workflow_helpers import make_editor, make_reviewer
from tests.browser.conftest import DESKTOP, PageProblems

pytestmark = pytest.mark.browser

PASSWORD = "pw-for-tests-only"
NEW_SENTENCE = " Editors added this sentence in the story."
SECOND_EDIT = " It now names its period (May 2024)."


def _sign_in(page, site, username, next_path):
    page.goto(f"{site}{reverse('admin:login')}?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{next_path}")


def _type_at_end_of_first_paragraph(page, text):
    paragraph = page.locator(".ProseMirror[contenteditable=true] > p").first
    paragraph.click()
    page.keyboard.press("End")
    page.keyboard.type(text)


def _body_text(page) -> str:
    return " ".join(
        page.locator(".article-body").inner_text().replace("\xa0", " ").split()
    )


def test_a_live_guide_is_changed_reviewed_and_scheduled(site, browser):
    flagship = Article.objects.get(featured=True)
    public_url = site + flagship.get_absolute_url()
    change_path = reverse("admin:articles_article_change", args=[flagship.pk])
    review_path = reverse("admin:articles_article_review", args=[flagship.pk])
    make_editor("dana", first_name="Dana", last_name="Reyes")
    make_reviewer("lee", first_name="Lee", last_name="Park", credentials="RHIA")

    contexts = [browser.new_context(viewport=DESKTOP) for _ in range(3)]
    editor, reviewer, reader = (context.new_page() for context in contexts)
    problems = {
        name: PageProblems(tab)
        for name, tab in (("editor", editor), ("reviewer", reviewer))
    }
    with time_machine.travel(timezone.now(), tick=True) as clock:
        reader.goto(public_url)
        assert NEW_SENTENCE.strip() not in _body_text(reader)

        # A changes a paragraph of the live guide and previews it unsaved, in a new tab.
        _sign_in(editor, site, "dana", change_path)
        expect(editor.get_by_text("Status: Live", exact=True)).to_be_visible()
        _type_at_end_of_first_paragraph(editor, NEW_SENTENCE)
        with editor.context.expect_page() as preview_tab:
            editor.get_by_role("button", name="Preview", exact=True).click()
        preview = preview_tab.value
        preview.wait_for_load_state()
        expect(preview.locator(".alert[role=status]")).to_contain_text(
            "Unsaved changes"
        )
        assert NEW_SENTENCE.strip() in _body_text(preview)
        preview.close()

        # Save draft: the reader (anonymous, another context) still sees the live page.
        editor.get_by_role("button", name="Save draft").click()
        expect(editor.locator(".messagelist .success")).to_contain_text("Draft saved")
        expect(editor.locator(".article-status")).to_contain_text(
            "Live + draft changes (Dana Reyes"
        )
        reader.reload()
        assert NEW_SENTENCE.strip() not in _body_text(reader)
        # Every source of the live guide is in the draft, in order.
        live_sources = list(flagship.sources.values_list("title", flat=True))
        draft = Article.objects.get(pk=flagship.pk).draft
        assert [source["title"] for source in draft.sources] == live_sources

        editor.get_by_role("button", name="Submit for review").click()
        expect(editor.locator(".messagelist .success")).to_contain_text(
            "submitted for review"
        )

        # B finds it in the review queue, previews it and asks for a change.
        queue = reverse("admin:articles_article_changelist") + "?state=in_review"
        _sign_in(reviewer, site, "lee", queue)
        reviewer.get_by_role("link", name=flagship.title).click()
        reviewer.get_by_role("link", name="Review", exact=True).click()
        with reviewer.context.expect_page() as draft_tab:
            reviewer.get_by_role("link", name="Preview the changes").click()
        draft_preview = draft_tab.value
        draft_preview.wait_for_load_state()
        assert NEW_SENTENCE.strip() in _body_text(draft_preview)
        draft_preview.close()
        reviewer.get_by_role("button", name="Request changes").click()
        expect(reviewer.locator("#note-errors")).to_have_text("Say what should change.")
        reviewer.get_by_label("Note to the editor").fill(
            "Name the period of the figure."
        )
        reviewer.get_by_role("button", name="Request changes").click()
        expect(reviewer.locator(".messagelist .success")).to_contain_text(
            "Changes requested"
        )

        # A reads the comment on the form, edits and resubmits; B approves.
        editor.goto(site + change_path)
        expect(editor.locator(".workflow-review-comment")).to_contain_text(
            "Name the period of the figure."
        )
        _type_at_end_of_first_paragraph(editor, SECOND_EDIT)
        editor.get_by_role("button", name="Submit for review").click()
        expect(editor.locator(".messagelist .success")).to_contain_text(
            "submitted for review"
        )
        reviewer.goto(site + review_path)
        reviewer.get_by_role("button", name="Approve").click()
        expect(reviewer.locator(".messagelist .success")).to_contain_text("Approved")

        # A schedules the change for two minutes ahead.
        editor.goto(site + change_path)
        go_live = timezone.localtime() + timedelta(minutes=2)
        editor.get_by_label("Go live at").fill(go_live.strftime("%Y-%m-%dT%H:%M"))
        editor.get_by_role("button", name="Schedule changes").click()
        expect(editor.locator(".messagelist .success")).to_contain_text(
            "Changes scheduled"
        )
        expect(editor.locator(".article-status")).to_contain_text(
            "changes scheduled for"
        )
        reader.reload()
        assert SECOND_EDIT.strip() not in _body_text(reader)

        # Two minutes later nobody is signed in to the admin; the reader gets the new version.
        for context in contexts[:2]:
            context.clear_cookies()
        clock.shift(timedelta(minutes=2, seconds=5))
        reader.reload()
        body = _body_text(reader)
        assert NEW_SENTENCE.strip() in body and SECOND_EDIT.strip() in body
        expect(reader.locator(".review-line")).to_contain_text(
            f"Reviewed by Lee Park, RHIA on {timezone.localdate():%B} "
        )

    flagship.refresh_from_db()
    assert flagship.reviewed_by.name == "Lee Park"
    assert list(flagship.sources.values_list("title", flat=True)) == live_sources
    report = [f"[{name}] {p}" for name, seen in problems.items() for p in seen.take()]
    for context in contexts:
        context.close()
    assert not report, "\n".join(report)


def test_workflow_screens_pass_axe_with_no_csp_violation_at_both_widths(
    site, page, phone_page
):
    """The review, compare and discard screens and the previews (with the phone frame)."""
    from articles.workflow import services
    from tests.browser.test_accessibility import _violations

    flagship = Article.objects.get(featured=True)
    editor = make_editor("dana")
    services.article_save_draft(
        article=flagship,
        user=editor,
        content={"body": flagship.body + "<p>A drafted paragraph.</p>"},
        sources=[],
    )
    services.article_submit_for_review(article=flagship, user=editor)
    # A superuser reviews here, so one login opens every screen (discarding is an editor's).
    make_reviewer("lee", first_name="Lee", last_name="Park", is_superuser=True)
    admin = reverse("admin:articles_article_review", args=[flagship.pk])
    paths = [
        admin,
        reverse("admin:articles_article_discard_draft", args=[flagship.pk]),
        reverse("admin:articles_article_compare_draft", args=[flagship.pk]),
        reverse("articles:preview-draft", args=[flagship.pk]),
        reverse("articles:preview-draft", args=[flagship.pk]) + "?width=phone",
        reverse("articles:preview", args=[flagship.pk]),
    ]
    report = []
    for name, tab in (("desktop", page), ("phone", phone_page)):
        problems = PageProblems(tab)
        _sign_in(tab, site, "lee", admin)
        for path in paths:
            response = tab.goto(site + path)
            assert response.status == 200, path
            tab.wait_for_load_state("networkidle")
            report += [
                f"[{name}] {path}: {v}" for v in problems.take() + _violations(tab)
            ]
            # axe-core injects styles the admin's CSP blocks: not the page's doing.
            problems.take()
    assert not report, "\n".join(report)
