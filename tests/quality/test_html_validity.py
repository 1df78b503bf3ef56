"""The Nu Html Checker (vnu.jar from the npm package vnu-jar; needs Java) finds no errors on any public page type,
our admin screens, previews and two-factor pages. The one place that runs Java: `make test-fast` leaves it out.

`make test` installs the checker with `npm ci` from package.json / package-lock.json.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.workflow import services as workflow_services
from tests.articles.admin_helpers import article_post_data
from tests.articles.test_preview import _draft as preview_draft
from tests.articles.workflow_helpers import make_reviewer
from tests.factories import make_article, make_staff
from tests.quality.counts import record_count
from tests.quality.pages import public_pages
from tests.site import test_two_factor as two_factor

pytestmark = pytest.mark.html_gate

VNU_JAR = Path(settings.BASE_DIR, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
# One short JVM run: the quick (C1) compiler alone halves the checker's CPU time.
VNU_OPTIONS = [
    "-Xss4m",
    "-XX:TieredStopAtLevel=1",
    "-jar",
    str(VNU_JAR),
    "--errors-only",
    "--format",
    "json",
]


def run_vnu(files: list[Path]) -> list[dict]:
    """Validate all files in one Java start-up; returns vnu's error messages."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "Java is needed for the Nu Html Checker: apt-get install default-jre-headless"
        )
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR} is missing: run `make test` (it runs `npm ci`)")
    result = subprocess.run(
        [java, *VNU_OPTIONS, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # The JSON report goes to stderr; exit status 1 only means that it lists errors.
    assert result.returncode in (0, 1) and result.stderr, result
    return json.loads(result.stderr)["messages"]


@pytest.mark.django_db
def test_every_public_page_type_is_valid_html(seeded, tmp_path):
    client = Client(raise_request_exception=False)
    # file name -> what it shows, for the report
    files = {}
    for name, url in public_pages().items():
        response = client.get(url)
        assert response.status_code in (200, 404), (name, url, response.status_code)
        path = tmp_path / (name.replace(" ", "-") + ".html")
        path.write_bytes(response.content)
        files[path.name] = f"{name} ({url})"
    # Error pages rendered without a request (they must not depend on the database).
    for template, context in [
        ("500.html", {}),
        ("503.html", {"error_css": "/static/css/error.css"}),
        ("429.html", {"error_css": "/static/css/error.css", "wait": 42}),
    ]:
        path = tmp_path / template
        path.write_text(render_to_string(template, context))
        files[path.name] = template
    messages = run_vnu([tmp_path / name for name in files])
    record_count("nu html checker", pages=len(files), errors=len(messages))
    assert len(files) >= 12
    report = [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}"
        f" line {m.get('lastLine')}: {m['message']} | {m.get('extract', '')!r}"
        for m in messages
    ]
    assert not messages, "\n".join(report)


# Admin screens of our own (Django's own admin pages are Django's to validate).
ADMIN_SCREENS = ["admin:content_health", "admin:editorial_calendar"]


@pytest.mark.django_db
def test_our_admin_screens_are_valid_html(seeded, admin_client, tmp_path):
    from articles.models import Article, Source
    from careersite.linkcheck.models import LinkCheck

    # Something in every part of both screens: a failed link and an article scheduled this month.
    LinkCheck.objects.create(
        url=Source.objects.order_by("pk").first().url,
        ok=False,
        status_code=404,
        error="not found",
        checked_at=timezone.now(),
    )
    Article.objects.filter(pk=Article.objects.order_by("pk").first().pk).update(
        published_at=timezone.now()
    )
    files = []
    for name in ADMIN_SCREENS:
        response = admin_client.get(reverse(name))
        assert response.status_code == 200, name
        path = tmp_path / (name.split(":")[1] + ".html")
        path.write_bytes(response.content)
        files.append(path)
    messages = run_vnu(files)
    report = [
        f"{m.get('url', '').rsplit('/', 1)[-1]} line {m.get('lastLine')}: {m['message']}"
        f" | {m.get('extract', '')!r}"
        for m in messages
    ]
    assert not messages, "\n".join(report)


# Editors' screens beside the admin's: previews, the workflow's screens, two-factor sign-in.


@pytest.mark.django_db
def test_previews_and_workflow_screens_are_valid_html(client, tmp_path):
    """The Nu Html Checker on every preview kind, the phone frame and the review, compare and
    discard screens (with a review line and a reviewer's comment on show)."""
    superuser = make_staff("chief", is_superuser=True)
    client.force_login(superuser)
    reviewer = make_reviewer("lee", first_name="Lee", last_name="Park")
    article = make_article(title="Valid guide", body="<h2>Pay</h2><p>Text & more.</p>")
    article.reviewed_by, article.reviewed_on = (
        reviewer.author_profile,
        timezone.localdate(),
    )
    article.save()
    preview_draft(article, superuser, body="<h2>Pay</h2><p>New text.</p>")
    workflow_services.article_submit_for_review(article=article, user=superuser)
    workflow_services.article_request_changes(
        article=article, user=reviewer, comment="Say <why>."
    )
    unsaved = reverse("articles:preview-unsaved", args=[article.pk])
    client.post(unsaved, article_post_data(article, title="Unsaved title"))
    urls = [
        reverse("articles:preview", args=[article.pk]),
        reverse("articles:preview-draft", args=[article.pk]),
        reverse("articles:preview-draft", args=[article.pk]) + "?width=phone",
        unsaved,
        unsaved + "?frame=1",
        reverse(
            "articles:preview-revision",
            args=[article.pk, Version.objects.get_for_object(article).first().pk],
        ),
        reverse("admin:articles_article_review", args=[article.pk]),
        reverse("admin:articles_article_compare_draft", args=[article.pk]),
        reverse("admin:articles_article_discard_draft", args=[article.pk]),
    ]
    files = []
    for n, url in enumerate(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"page-{n}.html"
        path.write_bytes(response.content)
        files.append(path)
    messages = run_vnu(files)
    assert not messages, [
        (m.get("url", "")[-12:], m["message"], m.get("extract")) for m in messages
    ]


@pytest.mark.django_db
def test_the_sign_in_and_setup_pages_are_valid_html(settings, tmp_path):
    settings.ADMIN_REQUIRE_2FA = True
    _, device, _ = two_factor.make_staff_with_app("chief", is_superuser=True)
    make_staff()
    pages = {"login": Client().get(two_factor.LOGIN).content}
    newcomer = Client()
    pages["login-error"] = two_factor.sign_in(
        newcomer, "000000", username="chief"
    ).content
    two_factor.sign_in(newcomer)
    pages["setup"] = newcomer.get(two_factor.SETUP).content
    pages["setup-error"] = newcomer.post(
        two_factor.SETUP, {"action": "confirm", "code": "1"}
    ).content
    chief = Client()
    with two_factor.later():
        assert (
            two_factor.sign_in(
                chief, two_factor.totp_code(device), username="chief"
            ).status_code
            == 302
        )
    pages["on"] = chief.get(two_factor.SETUP).content
    pages["codes"] = chief.post(two_factor.SETUP, {"action": "new_codes"}).content
    files = []
    for name, content in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(content)
        files.append(path)
    messages = run_vnu(files)
    assert not messages, [(m["url"], m.get("lastLine"), m["message"]) for m in messages]


@pytest.mark.django_db
def test_the_csv_import_screens_are_valid_html(admin_client, tmp_path):
    """The upload page, a file refused with its reasons, a preview, and the change list's Import link."""
    from tests.site.test_csv_admin import WAGES, preview

    bad = WAGES + "XX,Nowhere,,forty,May 2024,https://example.org/a\n"
    pages = {
        "upload": admin_client.get(reverse("admin:articles_statewage_import")).content,
        "refused": preview(admin_client, "articles", "statewage", bad).content,
        "preview": preview(admin_client, "articles", "statewage", WAGES).content,
        "changelist": admin_client.get(
            reverse("admin:schools_program_changelist")
        ).content,
    }
    files = []
    for name, content in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(content)
        files.append(path)
    messages = run_vnu(files)
    assert not messages, [
        (m.get("url", "").rsplit("/", 1)[-1], m["message"], m.get("extract"))
        for m in messages
    ]
