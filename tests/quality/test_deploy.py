"""Production settings pass Django's deployment checklist; the admin path is configurable.

Settings are read at import time, so each case runs in a fresh interpreter.
"""

import json
import os
import secrets
import subprocess
import sys
import textwrap

from django.conf import settings

BASE_DIR = settings.BASE_DIR


def _env(**extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") or k == "DJANGO_SETTINGS_MODULE"
    }
    return {**env, "DJANGO_SETTINGS_MODULE": "careersite.settings", **extra}


def _production_env(**extra) -> dict:
    return _env(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="careers.example.org",
        **extra,
    )


def test_production_settings_pass_check_deploy_with_zero_warnings(tmp_path):
    env = _production_env(DJANGO_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert env["DJANGO_SECRET_KEY"] not in result.stdout + result.stderr


def test_a_weak_secret_key_fails_check_deploy(tmp_path):
    env = _production_env(DJANGO_DATA_DIR=str(tmp_path))
    env["DJANGO_SECRET_KEY"] = "django-insecure-short"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout
    assert "django-insecure-short" not in result.stdout + result.stderr


SETTINGS_PROBE = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.conf import settings
    from django.urls import resolve, Resolver404
    def resolves(path):
        try:
            resolve(path)
            return True
        except Resolver404:
            return False
    print(json.dumps({
        "hsts": settings.SECURE_HSTS_SECONDS, "hsts_subdomains": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
        "ssl_redirect": settings.SECURE_SSL_REDIRECT, "proxy_header": settings.SECURE_PROXY_SSL_HEADER,
        "session_secure": settings.SESSION_COOKIE_SECURE, "csrf_secure": settings.CSRF_COOKIE_SECURE,
        "session_httponly": settings.SESSION_COOKIE_HTTPONLY, "csrf_httponly": settings.CSRF_COOKIE_HTTPONLY,
        "debug": settings.DEBUG,
        "backstage": resolves("/backstage/login/"), "admin": resolves("/admin/login/"),
    }))
    """
)


def test_production_turns_on_https_only_settings_and_admin_path_moves(tmp_path):
    env = _production_env(
        DJANGO_DATA_DIR=str(tmp_path), DJANGO_ADMIN_PATH="/backstage/"
    )
    result = subprocess.run(
        [sys.executable, "-c", SETTINGS_PROBE],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    assert probe == {
        "hsts": 31536000,
        "hsts_subdomains": True,
        "ssl_redirect": True,
        "proxy_header": ["HTTP_X_FORWARDED_PROTO", "https"],
        "session_secure": True,
        "csrf_secure": True,
        "session_httponly": True,
        "csrf_httponly": True,
        "debug": False,
        "backstage": True,
        "admin": False,
    }


def test_local_settings_keep_https_redirect_off(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", SETTINGS_PROBE],
        cwd=BASE_DIR,
        env=_env(DJANGO_DATA_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    probe = json.loads(result.stdout)
    assert (
        probe["ssl_redirect"] is False and probe["hsts"] == 0 and probe["admin"] is True
    )


def test_no_secret_key_is_committed():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=BASE_DIR, capture_output=True, text=True
    ).stdout.split()
    assert not [
        name
        for name in tracked
        if name.endswith(("secret_key", ".env")) or name.startswith("var/")
    ]
    settings_text = (BASE_DIR / "careersite" / "settings.py").read_text()
    assert (
        'SECRET_KEY = "' not in settings_text and "SECRET_KEY = '" not in settings_text
    )
