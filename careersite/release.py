"""The release identity: one name for the deployed code that every process of a deployment agrees on.

The page cache uses it as its key prefix (settings.PAGE_CACHE_RELEASE): gunicorn workers and instances
running the same code share cached pages, and a release with other code or templates never serves an
old one's. DJANGO_RELEASE (e.g. the git SHA set by the build) overrides it; without it, the identity is a
hash of the code that renders pages, computed once per process from the files themselves, so it needs
no git checkout on the server and changes with an uncommitted edit on a developer's machine too.
"""

import hashlib
import os
from pathlib import Path

# What renders a page: code, templates, static sources (their hashed names appear in pages) and the
# locked library versions. Not tests, docs, data or build output.
CODE_SUFFIXES = frozenset(
    {".py", ".html", ".txt", ".xml", ".css", ".js", ".svg", ".json", ".lock", ".toml"}
)
SKIPPED_DIRS = frozenset(
    {
        "__pycache__",
        "node_modules",
        "staticfiles",
        "media",
        "var",
        "tests",
        "docs",
        "test-artifacts",
    }
)


def code_files(base_dir: Path) -> list[Path]:
    """The files the code identity covers, sorted by their path under `base_dir`."""
    found = []
    for folder, dirs, files in os.walk(base_dir):
        # Prune in place: os.walk then never enters the virtual environment, node_modules or data.
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS]
        found += [
            Path(folder, name)
            for name in files
            if Path(name).suffix in CODE_SUFFIXES and not name.startswith(".")
        ]
    return sorted(found, key=lambda p: p.relative_to(base_dir).as_posix())


def code_release(base_dir: Path) -> str:
    """A short hash of the names and contents of the code files: equal on every machine with the same code."""
    digest = hashlib.sha256()
    for path in code_files(base_dir):
        digest.update(path.relative_to(base_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return f"code-{digest.hexdigest()[:12]}"
