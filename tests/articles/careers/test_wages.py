import io

import pytest
from django.core.management import CommandError, call_command

from articles.careers.facts import DATA_DIR, STATE_WAGES_FILE, career_facts_seed
from articles.careers.wages import state_wages_import_csv, state_wages_read_csv
from articles.models import StateWage
from careersite.csvio import CsvFormatError, InvalidRowsError
from careersite.pagecache.content_version import bump
from tests.perf.pagecache_helpers import content_version

pytestmark = pytest.mark.django_db

HEADER = (
    "state_code,state_name,employment,annual_mean_wage,reference_period,source_url\n"
)
NJ = "NJ,New Jersey,,50000,May 2024,https://example.org/a\n"


def import_text(text: str, **kwargs):
    return state_wages_import_csv(rows=state_wages_read_csv(text.encode()), **kwargs)


def test_reimporting_the_seed_table_reports_every_row_unchanged():
    career_facts_seed()
    report = import_text((DATA_DIR / STATE_WAGES_FILE).read_text(encoding="utf-8"))
    assert (len(report.created), len(report.updated)) == (0, 0)
    assert len(report.unchanged) == StateWage.objects.count()
    assert str(report).startswith(
        f"0 rows created, 0 updated, {len(report.unchanged)} unchanged ("
    )


def test_dry_run_reports_and_writes_nothing():
    report = import_text(HEADER + NJ, dry_run=True)
    assert str(report) == "1 rows would be created, 0 would be updated (May 2024)"
    assert StateWage.objects.count() == 0


def test_dry_run_command(tmp_path):
    path = tmp_path / "wages.csv"
    path.write_text(HEADER + NJ)
    out = io.StringIO()
    call_command("import_state_wages", str(path), "--dry-run", stdout=out)
    assert (
        "Dry run, nothing changed: State wages: 1 rows would be created"
        in out.getvalue()
    )
    assert StateWage.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            HEADER.replace("\n", ",notes\n") + NJ.replace("\n", ",x\n"),
            "unknown column(s): notes",
        ),
        (HEADER, "The file has no data rows."),
        (
            "\ufeff" + HEADER.replace("source_url", "source_url,state_code"),
            "repeated column(s): state_code",
        ),
    ],
)
def test_whole_file_problems(text, message):
    with pytest.raises(
        CsvFormatError, match=message.replace("(", r"\(").replace(")", r"\)")
    ):
        import_text(text)


def test_a_row_with_too_few_fields_names_its_line():
    with pytest.raises(InvalidRowsError) as caught:
        import_text(HEADER + NJ + "OH,Ohio,,40000\n")
    (error,) = caught.value.errors
    assert str(error).startswith("line 3: has 4 fields, the header has 6")


def test_an_import_marks_the_page_cache_stale_and_a_dry_run_does_not(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        import_text(HEADER + NJ, dry_run=True)
    assert callbacks == []  # rolled back: nothing waits for a commit
    before = content_version()
    with django_capture_on_commit_callbacks() as callbacks:
        import_text(HEADER + NJ)
    assert callbacks == [bump] and content_version() != before
    before = content_version()
    import_text(HEADER + NJ)
    assert content_version() == before  # nothing changed the second time


def test_import_command_names_a_bad_file(tmp_path):
    path = tmp_path / "wages.csv"
    path.write_bytes("state_code\nCaf\u00e9".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_state_wages", str(path))
