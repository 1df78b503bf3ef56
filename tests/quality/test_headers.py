"""Security headers on every response, and a CSP that never allows inline code on public pages."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.quality.pages import public_page_urls

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"


def _csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response, *, path: str):
    assert response["X-Content-Type-Options"] == "nosniff", path
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", path
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", path
    assert response["X-Frame-Options"] == "DENY", path
    assert "camera=()" in response["Permissions-Policy"], path
    assert response["Cross-Origin-Resource-Policy"] == "same-origin", path
    csp = _csp_directives(response["Content-Security-Policy"])
    assert csp["frame-ancestors"] == ["'none'"], path
    assert csp["object-src"] == ["'none'"], path
    for directive in ("default-src", "script-src", "style-src"):
        values = csp[directive]
        assert "'self'" in values, (path, directive)
        assert "'unsafe-inline'" not in values and "'unsafe-eval'" not in values, (
            path,
            directive,
            values,
        )


@pytest.mark.django_db
def test_every_public_page_sends_the_security_headers(client, seeded):
    urls = public_page_urls()
    for url in urls:
        # The second request is answered from the page cache: it must carry the same headers.
        first, second = client.get(url), client.get(url)
        for response in (first, second):
            assert response.status_code in (200, 404), (url, response.status_code)
            assert_security_headers(response, path=url)
            # Public pages never need a nonce, so the header is identical for every reader and cacheable.
            assert "nonce-" not in response["Content-Security-Policy"], url
        assert first["Content-Security-Policy"] == second["Content-Security-Policy"]
    assert len(urls) >= 10


def test_permissions_policy_turns_off_the_features_the_site_never_uses(client, db):
    assert client.get("/healthz")["Permissions-Policy"] == (
        "accelerometer=(), browsing-topics=(), camera=(), geolocation=(), gyroscope=(), "
        "magnetometer=(), microphone=(), payment=(), usb=()"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/no-such-page/", 404),
        ("post", "/", 405),
        ("get", "/healthz", 200),
        ("get", "/readyz", 200),
        ("get", "/" + settings.ADMIN_PATH + "login/", 200),
    ],
)
def test_errors_health_and_admin_responses_send_the_headers_too(
    client, method, path, status
):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert_security_headers(response, path=path)


def test_public_pages_are_identical_for_two_readers_apart_from_csrf(client, db, seeded):
    url = reverse("home")
    first, second = client.get(url), client.get(url)
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]


def _public_templates():
    """Every template outside the admin: the project's and any an app ships."""
    for folder in [TEMPLATES_DIR, *Path(settings.BASE_DIR).glob("*/templates")]:
        yield from (
            path
            for path in sorted(folder.rglob("*.html"))
            if "admin" not in path.relative_to(folder).parts
        )


INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I
)
INLINE_STYLE = re.compile(
    r"<style\b|\sstyle\s*=|\son[a-z]+\s*=\s*[\"']|javascript:", re.I
)


def test_public_templates_have_no_inline_script_or_style():
    offenders = []
    checked = 0
    for path in _public_templates():
        text = path.read_text(encoding="utf-8")
        checked += 1
        for pattern in (INLINE_SCRIPT, INLINE_STYLE):
            for match in pattern.finditer(text):
                offenders.append(
                    f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)!r}"
                )
    assert checked >= 5
    assert not offenders, "\n".join(offenders)
