"""Static files: hashed names, brotli and gzip variants, a year's immutable caching; pages ship only what they use."""

import gzip
import json
import re
from pathlib import Path

import brotli
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests.factories import make_article

# Third-party assets the public pages never load; skipped to keep collectstatic quick in tests.
IGNORED = [
    "admin",
    "django_prose_editor",
    "import_export",
    "reversion_compare*",
    "*.rtl.*",
    "*.esm.*",
    "jquery*",
    "bootstrap-*",
    "bootstrap.css*",
    "bootstrap.js*",
    "bootstrap.bundle.js*",
]


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """Run the production static pipeline (whitenoise CompressedManifestStaticFilesStorage) once."""
    root = tmp_path_factory.mktemp("staticfiles")
    from django.test import override_settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command(
            "collectstatic",
            "--no-input",
            "-v",
            "0",
            *[arg for p in IGNORED for arg in ("-i", p)],
        )
    return root


@pytest.fixture
def production_static(settings, collected):
    settings.STATIC_ROOT = collected
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    return collected


def _manifest(root: Path) -> dict[str, str]:
    return json.loads((root / "staticfiles.json").read_text())["paths"]


@pytest.mark.parametrize("name", ["bootstrap/css/bootstrap.min.css", "css/site.css"])
def test_collectstatic_writes_hashed_brotli_and_gzip_variants(collected, name):
    hashed = _manifest(collected)[name]
    assert re.search(r"\.[0-9a-f]{12}\.", hashed), hashed
    raw = (collected / hashed).read_bytes()
    assert brotli.decompress((collected / f"{hashed}.br").read_bytes()) == raw
    assert gzip.decompress((collected / f"{hashed}.gz").read_bytes()) == raw


@pytest.mark.django_db
def test_whitenoise_serves_hashed_files_immutable_for_a_year_with_brotli(
    production_static,
):
    hashed = _manifest(production_static)["css/site.css"]
    response = Client().get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    control = response["Cache-Control"]
    assert (
        "immutable" in control and "max-age=31536000" in control and "public" in control
    )
    assert response["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response["Vary"]
    body = b"".join(response.streaming_content)
    assert brotli.decompress(body) == (production_static / hashed).read_bytes()


@pytest.mark.django_db
def test_pages_link_hashed_static_files(production_static):
    article = make_article()
    html = Client().get(article.get_absolute_url()).content.decode()
    manifest = set(_manifest(production_static).values())
    linked = re.findall(r'(?:href|src)="/static/([^"]+)"', html)
    assert linked
    assert set(linked) <= manifest, set(linked) - manifest


@pytest.mark.django_db
def test_no_render_blocking_scripts_no_third_party_assets(client, seeded):
    """Every public page type: scripts deferred, stylesheets only our own two, nothing from the admin."""
    from tests.quality.pages import public_pages

    pages = public_pages()
    assert len(pages) >= 15
    for name, url in pages.items():
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            if 'type="application/ld+json"' in tag:
                continue
            assert "src=" in tag, f"inline script on {name}: {tag}"
            assert re.search(r"\b(defer|async)\b|type=\"module\"", tag), (
                f"render-blocking on {name}: {tag}"
            )
        stylesheets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
        assert stylesheets == [
            "/static/bootstrap/css/bootstrap.min.css",
            "/static/css/site.css",
        ], (name, stylesheets)
        assert "/static/admin/" not in html and "django_prose_editor" not in html, name
        assert "fonts.googleapis" not in html and "@font-face" not in html, name


def test_site_css_uses_system_fonts_only():
    for path in (Path(settings.BASE_DIR) / "static" / "css").glob("*.css"):
        css = path.read_text()
        assert "@font-face" not in css, path
        assert "@import" not in css, path
        assert not re.search(r"url\(\s*['\"]?https?:", css), path
