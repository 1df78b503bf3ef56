"""Counts each quality gate reports (pages checked, vectors tried, examples run), kept in test-artifacts/."""

import fcntl
import json
from pathlib import Path

from django.conf import settings

from careersite.pagecache.content_version import write_whole

COUNTS_FILE = Path(settings.BASE_DIR) / "test-artifacts" / "quality-counts.json"


def record_count(gate: str, *, merge: bool = False, **numbers) -> None:
    """Record a gate's numbers (with merge, beside those it already has, e.g. one per test)."""
    COUNTS_FILE.parent.mkdir(exist_ok=True)
    # pytest-xdist workers record at the same time: one read-change-write at a time, none lost.
    with open(COUNTS_FILE.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            counts = json.loads(COUNTS_FILE.read_text())
        except (FileNotFoundError, ValueError):
            counts = {}
        counts[gate] = {**counts.get(gate, {}), **numbers} if merge else numbers
        write_whole(COUNTS_FILE, json.dumps(counts, indent=2, sort_keys=True) + "\n")
    print(f"[quality] {gate}: {numbers}")  # noqa: T201 - shown with `pytest -s` and in CI logs
