"""Counts each quality gate reports (pages checked, vectors tried, examples run), kept in test-artifacts/."""

import json
from pathlib import Path

from django.conf import settings

COUNTS_FILE = Path(settings.BASE_DIR) / "test-artifacts" / "quality-counts.json"


def record_count(gate: str, **numbers) -> None:
    COUNTS_FILE.parent.mkdir(exist_ok=True)
    try:
        counts = json.loads(COUNTS_FILE.read_text())
    except (FileNotFoundError, ValueError):
        counts = {}
    counts[gate] = numbers
    COUNTS_FILE.write_text(json.dumps(counts, indent=2, sort_keys=True) + "\n")
    print(f"[quality] {gate}: {numbers}")  # noqa: T201 - shown with `pytest -s` and in CI logs
