"""History names exactly the fields a save changed, with the real rich-text editor (issue 18, item 5).

The editor posts the body back in its own serialisation (headings without the ids the site adds); that is
not a change, so a save that only changes the summary says "Changed Summary." and nothing about the body.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from reversion.models import Version

from articles.models import Article
from tests.articles.workflow_helpers import make_editor

pytestmark = pytest.mark.browser

PASSWORD = "pw-for-tests-only"


def _last_comment(article) -> str:
    return Version.objects.get_for_object(article).order_by("-pk")[0].revision.comment


def test_history_names_only_what_changed(site, page):
    flagship = Article.objects.get(featured=True)
    assert (
        "<h2 id=" in flagship.body
    )  # the stored body has heading ids the editor drops
    make_editor(
        "sam", first_name="Sam", last_name="Ito", may_publish_without_review=True
    )
    change_path = reverse("admin:articles_article_change", args=[flagship.pk])
    page.goto(f"{site}{reverse('admin:login')}?next={change_path}")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{change_path}")
    expect(page.locator(".ProseMirror[contenteditable=true]")).to_be_visible()

    page.locator("#id_dek").fill("A new summary, and nothing else changed.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Draft saved")
    assert _last_comment(flagship) == "Sam Ito saved a draft. Changed Summary."

    expect(page.locator(".ProseMirror[contenteditable=true]")).to_be_visible()
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Draft saved")
    assert _last_comment(flagship) == "Sam Ito saved a draft. No fields changed."

    expect(page.locator(".ProseMirror[contenteditable=true]")).to_be_visible()
    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Changes published")
    assert _last_comment(flagship) == (
        "Sam Ito saved a draft. No fields changed. Sam Ito published the changes."
    )
