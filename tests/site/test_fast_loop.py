"""What keeps `make test-fast` fast and its tests independent: no Java, no browser, no clock races."""

import ast
import re
from pathlib import Path

from django.conf import settings

TESTS = Path(settings.BASE_DIR) / "tests"
# The only places that may run the Nu Html Checker (Java) or drive a browser.
SLOW_GATES = {TESTS / "browser", TESTS / "quality" / "test_html_validity.py"}


def _fast_test_files() -> list[Path]:
    return sorted(
        path
        for path in TESTS.rglob("*.py")
        if not any(path == gate or path.is_relative_to(gate) for gate in SLOW_GATES)
    )


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_no_fast_test_imports_the_html_checker_or_the_browser():
    files = _fast_test_files()
    assert len(files) > 50
    found = [
        f"{path.relative_to(TESTS)} imports {module}"
        for path in files
        for module in _imported_modules(path)
        if module.startswith(("tests.quality.test_html_validity", "tests.browser"))
        or module.split(".")[0] == "playwright"
    ]
    assert not found, "\n".join(found)


def test_no_fast_test_runs_java():
    found = [
        path.relative_to(TESTS).as_posix()
        for path in _fast_test_files()
        if re.search(
            r"run_vnu|vnu\.jar|which\([\"']java", path.read_text(encoding="utf-8")
        )
        and path != Path(__file__)
    ]
    assert not found, found
