"""The Nu Html Checker (vnu.jar from the npm package vnu-jar; needs Java) finds no errors on any public page type.

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

from tests.quality.counts import record_count
from tests.quality.pages import public_pages

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
