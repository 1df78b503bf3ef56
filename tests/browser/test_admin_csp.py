"""The admin works under the strict CSP: no violations in the pages editors use, and no unsafe-inline for scripts."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model

from articles.autosave import article_autosave_store
from articles.models import Article
from articles.workflow import services
from tests.browser.conftest import PageProblems
from tests.quality.test_headers import _csp_directives


def test_admin_pages_load_without_csp_violations(site, page):
    chief = get_user_model().objects.create_superuser(
        "chief", "chief@example.org", "pw-for-tests-only"
    )
    admin = site + "/" + settings.ADMIN_PATH
    problems = PageProblems(page)
    page.goto(admin + "login/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("pw-for-tests-only")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(admin)
    article = Article.objects.published().order_by("pk").first()
    # A working draft in review, so the workflow screens have something to show.
    services.article_save_draft(
        article=article,
        user=chief,
        content={"title": f"{article.title} (draft)"},
        sources=[],
    )
    services.article_submit_for_review(article=article, user=chief)
    # The change and add forms then show the autosave notice too.
    for autosaved in (article, None):
        article_autosave_store(
            user=chief,
            article=autosaved,
            data={"fields": {"title": "Unsaved"}},
            now=article.updated_at + timedelta(minutes=5),
        )
    report = []
    for path in [
        "",
        "articles/article/",
        f"articles/article/{article.pk}/change/",
        "articles/article/add/",
        f"articles/article/{article.pk}/history/",
        f"articles/article/{article.pk}/review/",
        f"articles/article/{article.pk}/compare-draft/",
        f"articles/article/{article.pk}/discard-draft/",
        "schools/program/",
        "schools/institution/",
        "two-factor/",
        "calendar/",
        "content-health/",
    ]:
        response = page.goto(admin + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        script_src = _csp_directives(response.headers["content-security-policy"])[
            "script-src"
        ]
        assert (
            "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        ), (path, script_src)
        report += [f"{path}: {p}" for p in problems.take()]
    assert not report, "\n".join(report)
