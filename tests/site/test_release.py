"""The release identity (careersite/release.py): every process running the same code names the same release."""

from pathlib import Path

from django.conf import settings

from careersite.release import code_files, code_release
from tests.perf.test_deployment_settings import settings_with


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


CODE = {
    "manage.py": "print()",
    "articles/views.py": "VIEW = 1",
    "templates/base.html": "<title>Guide</title>",
    "static/css/site.css": "body {}",
    "uv.lock": "django 5.2",
}


def test_the_same_code_in_two_places_is_the_same_release(tmp_path):
    one = _tree(tmp_path / "one", CODE)
    two = _tree(tmp_path / "two", CODE)
    assert code_release(one) == code_release(two)
    assert code_release(one).startswith("code-")


def test_an_edit_to_code_or_a_template_is_another_release(tmp_path):
    before = code_release(_tree(tmp_path, CODE))
    (tmp_path / "templates/base.html").write_text("<title>Guides</title>")
    after_template = code_release(tmp_path)
    (tmp_path / "articles/new.py").write_text("")
    assert len({before, after_template, code_release(tmp_path)}) == 3


def test_what_does_not_render_pages_is_left_out(tmp_path):
    before = code_release(_tree(tmp_path, CODE))
    _tree(
        tmp_path,
        {
            "articles/__pycache__/views.cpython-311.pyc": "bytes",
            "tests/test_views.py": "def test(): pass",
            "docs/guide.md": "# Docs",
            "var/content-version": "abc",
            "node_modules/vnu-jar/package.json": "{}",
            ".venv/lib/site.py": "",
            ".git/HEAD": "ref: refs/heads/main",
            "staticfiles/staticfiles.json": "{}",
            "notes.md": "to do",
        },
    )
    assert code_release(tmp_path) == before
    assert [p.relative_to(tmp_path).as_posix() for p in code_files(tmp_path)] == sorted(
        CODE
    )


def test_processes_started_apart_agree_on_the_release_without_DJANGO_RELEASE():
    # Two fresh interpreters stand for two gunicorn workers (or instances) of one deployment.
    first, second = settings_with()["release"], settings_with()["release"]
    assert first == second == code_release(Path(settings.BASE_DIR))


def test_DJANGO_RELEASE_names_the_release_when_set():
    assert settings_with(DJANGO_RELEASE="build-42")["release"] == "build-42"
