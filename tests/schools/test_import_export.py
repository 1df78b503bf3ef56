import io
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command

from careersite.csvio import CsvFormatError, InvalidRowsError
from careersite.pagecache.content_version import bump
from schools.models import Institution, Program
from schools.services import (
    COLUMNS,
    SEED_CSV,
    programs_export_csv,
    programs_import_csv,
    programs_read_csv,
)
from tests.perf.pagecache_helpers import content_version

HEADER = "institution,program_name,level,discipline,city,state,delivery,program_url,source_url,source_note"
GOOD = {
    "institution": "Columbus State Community College", "program_name": "Health Information Technology, AAS",
    "level": "associate", "discipline": "health_information_management", "city": "Columbus", "state": "OH",
    "delivery": "online", "program_url": "https://example.edu/hit", "source_url": "https://example.edu/accreditation",
    "source_note": "Catalog 2024: accredited by CAHIIM",
}  # fmt: skip


def csv_bytes(*rows: dict, columns=None) -> bytes:
    import csv

    present = {key for r in rows for key in r}
    columns = columns or [c for c in COLUMNS if c in present] or HEADER.split(",")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", restval="")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def row(**changes) -> dict:
    return {**GOOD, **changes}


def import_rows(*rows, **kwargs):
    return programs_import_csv(rows=programs_read_csv(csv_bytes(*rows)), **kwargs)


# One table row per validation rule: (column, bad value, words the reason must contain).
RULES = [
    ("institution", "", "institution: This field is required"),
    ("institution", "x" * 201, "institution: Ensure this value has at most 200"),
    ("program_name", "", "program_name: This field is required"),
    ("level", "doctorate", "level: “doctorate” is not one of the allowed values: associate, baccalaureate, masters."),
    ("level", "", "level: This field is required"),
    ("discipline", "nursing", "discipline: “nursing” is not one of the allowed values: health_information_management"),
    ("state", "ZZ", "state: 'ZZ' is not a US state"),
    ("state", "", "state: This field is required"),
    ("state", "Ohio", "state: Ensure this value has at most 2"),
    ("city", "c" * 101, "city: Ensure this value has at most 100"),
    ("delivery", "correspondence", "delivery: “correspondence” is not one of the allowed values: campus, online, hybrid."),
    ("program_url", "not a url", "program_url: Enter a valid URL"),
    ("program_url", "ftp://example.edu/file", "program_url: Enter a valid URL"),
    ("source_url", "", "source_url: This field is required"),
    ("source_url", "javascript:alert(1)", "source_url: Enter a valid URL"),
    ("accreditation_status", "revoked", "accreditation_status: “revoked” is not one of the allowed"),
    ("last_verified_on", "2024-13-01", "last_verified_on: Enter a date as YYYY-MM-DD"),
    ("last_verified_on", "01/02/2024", "last_verified_on: Enter a date as YYYY-MM-DD"),
    ("last_verified_on", (date.today() + timedelta(days=3)).isoformat(), "last_verified_on: The verification date is in the future"),
    ("postal_code", "123", "postal_code: Enter a 5-digit ZIP code"),
    ("postal_code", "00000", "postal_code: ZIP code 00000 does not exist"),
    ("website", "nope", "website: Enter a valid URL"),
    ("active", "maybe", "active: Use true or false"),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("column", "value", "reason"), RULES)
def test_each_validation_rule_reports_line_and_reason(column, value, reason):
    with pytest.raises(InvalidRowsError) as caught:
        import_rows(row(program_name="First"), row(**{column: value}))
    (error,) = caught.value.errors
    assert error.line == 3
    assert reason in str(error)
    assert str(error).startswith("line 3: ")
    assert Program.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("column", "value", "stored"),
    [("state", "oh", "OH"), ("accreditation_status", "", "accredited"), ("active", "", True), ("active", "FALSE", False),
     ("active", "yes", True), ("delivery", "", ""), ("last_verified_on", "2024-05-01", date(2024, 5, 1)), ("postal_code", "43215", "43215")],
)  # fmt: skip
def test_accepted_values_are_normalised(column, value, stored):
    import_rows(row(**{column: value}))
    program = Program.objects.select_related("institution").get()
    attr = {"accreditation_status": "status", "active": "is_active"}.get(column, column)
    target = program.institution if column in ("state", "postal_code") else program
    assert getattr(target, attr) == stored


@pytest.mark.django_db
def test_duplicate_natural_key_and_conflicting_institution_details_are_errors():
    with pytest.raises(InvalidRowsError) as caught:
        import_rows(
            row(),
            row(program_name=GOOD["program_name"].upper()),
            row(program_name="Other", city="Dublin"),
        )
    messages = [str(e) for e in caught.value.errors]
    assert messages[0].startswith("line 3: ") and "duplicates line 2" in messages[0]
    assert messages[1].startswith("line 4: ") and "differ from line 2" in messages[1]


@pytest.mark.django_db
def test_line_numbers_count_quoted_newlines():
    data = csv_bytes(
        row(source_note="first line\nsecond line"), row(program_name="Two", level="bad")
    )
    with pytest.raises(InvalidRowsError) as caught:
        programs_import_csv(rows=programs_read_csv(data))
    assert caught.value.errors[0].line == 4


@pytest.mark.django_db
def test_rows_with_the_wrong_number_of_fields_are_errors():
    data = csv_bytes(row()) + b"Only,three,fields\n"
    with pytest.raises(InvalidRowsError) as caught:
        programs_import_csv(rows=programs_read_csv(data))
    assert "has 3 fields, the header has 10" in str(caught.value.errors[0])


@pytest.mark.django_db
def test_an_invalid_row_means_nothing_is_imported():
    with pytest.raises(InvalidRowsError):
        import_rows(
            row(program_name="One"),
            row(program_name="Two"),
            row(program_name="Three", level="nope"),
        )
    assert Program.objects.count() == 0
    assert Institution.objects.count() == 0


@pytest.mark.django_db
def test_skip_invalid_imports_the_good_rows_and_lists_the_rest():
    report = import_rows(
        row(program_name="One"),
        row(program_name="Two", state="XX"),
        row(program_name="Three"),
        skip_invalid=True,
    )
    assert len(report.created) == 2
    assert [e.line for e in report.errors] == [3]
    assert set(Program.objects.values_list("name", flat=True)) == {"One", "Three"}


@pytest.mark.django_db
def test_dry_run_changes_nothing_but_reports():
    report = import_rows(row(), dry_run=True)
    assert len(report.created) == 1 and report.dry_run
    assert Program.objects.count() == 0 and Institution.objects.count() == 0


@pytest.mark.django_db
def test_an_import_marks_the_page_cache_stale_and_a_dry_run_does_not(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        import_rows(row(), dry_run=True)
    assert callbacks == []  # rolled back: nothing waits for a commit
    before = content_version()
    with django_capture_on_commit_callbacks() as callbacks:
        import_rows(row())
    assert callbacks == [bump] and content_version() != before
    before = content_version()
    import_rows(row())
    assert content_version() == before  # nothing changed the second time


@pytest.mark.django_db
def test_reimport_updates_in_place_on_the_natural_key():
    import_rows(row())
    program = Program.objects.get()
    report = import_rows(row(delivery="hybrid", source_note="Catalog 2025"))
    assert (len(report.created), len(report.updated)) == (0, 1)
    again = Program.objects.get()
    assert (again.pk, again.slug, again.delivery, again.source_note) == (
        program.pk,
        program.slug,
        "hybrid",
        "Catalog 2025",
    )
    assert (
        len(import_rows(row(delivery="hybrid", source_note="Catalog 2025")).unchanged)
        == 1
    )


@pytest.mark.django_db
def test_a_different_level_is_a_different_program_with_its_own_slug():
    import_rows(row(), row(level="baccalaureate"))
    slugs = list(Program.objects.values_list("slug", flat=True))
    assert len(slugs) == 2 and len(set(slugs)) == 2
    assert Institution.objects.count() == 1


@pytest.mark.django_db
def test_optional_columns_left_out_of_a_file_keep_the_editors_values():
    import_rows(row())
    Program.objects.update(
        last_verified_on=date(2025, 1, 2),
        status=Program.Status.PROBATION,
        is_active=False,
    )
    import_rows(row(source_note="Updated"))
    program = Program.objects.get()
    assert (
        program.last_verified_on,
        program.status,
        program.is_active,
        program.source_note,
    ) == (date(2025, 1, 2), Program.Status.PROBATION, False, "Updated")


@pytest.mark.django_db
def test_institution_coordinates_come_from_the_zip_or_the_city():
    import_rows(
        row(),
        row(
            institution="Zip College",
            postal_code="44114",
            city="Cleveland",
            program_name="Other",
        ),
    )
    by_city = Institution.objects.get(name=GOOD["institution"])
    by_zip = Institution.objects.get(name="Zip College")
    assert by_city.latitude == pytest.approx(
        39.96, abs=0.1
    ) and by_city.longitude == pytest.approx(-83.0, abs=0.1)
    assert by_zip.latitude == pytest.approx(41.51, abs=0.05)


@pytest.mark.django_db
def test_moving_an_institution_recomputes_its_coordinates():
    import_rows(row())
    import_rows(row(city="Cleveland"))
    assert Institution.objects.get().latitude == pytest.approx(41.5, abs=0.1)


@pytest.mark.django_db
def test_seed_csv_round_trip_is_lossless():
    first = programs_import_csv(rows=programs_read_csv(SEED_CSV))
    assert len(first.created) == 53
    Program.objects.filter(name__startswith="Health Informatics, MS").update(
        last_verified_on=date(2025, 3, 4), status="candidacy"
    )
    exported = io.StringIO()
    assert programs_export_csv(out=exported) == 53
    text = exported.getvalue()
    assert text.splitlines()[0] == ",".join(COLUMNS)
    # Re-importing the export changes nothing...
    assert (
        len(programs_import_csv(rows=programs_read_csv(text.encode())).unchanged) == 53
    )
    # ...and importing it into an empty database gives back the same export.
    Program.objects.all().delete()
    Institution.objects.all().delete()
    programs_import_csv(rows=programs_read_csv(text.encode()))
    again = io.StringIO()
    programs_export_csv(out=again)
    assert again.getvalue() == text


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"institution,program_name\nA,B\n", "missing column(s): level"),
     (HEADER.encode() + b",colour\n", "unknown column(s): colour"),
     (HEADER.encode() + b",state\n", "repeated column(s): state"),
     (b"", "missing column(s): institution"),
     ("institution,program_name\nCaf\u00e9".encode("latin-1"), "not UTF-8")],
)  # fmt: skip
def test_whole_file_problems_are_clear(data, message):
    with pytest.raises(
        CsvFormatError, match=message.replace("(", r"\(").replace(")", r"\)")
    ):
        programs_read_csv(data)


def test_missing_file_is_clear(tmp_path):
    with pytest.raises(CsvFormatError, match="File not found"):
        programs_read_csv(tmp_path / "nope.csv")


def test_a_byte_order_mark_is_accepted():
    rows = programs_read_csv(b"\xef\xbb\xbf" + csv_bytes(row()))
    assert rows[0].values["institution"] == GOOD["institution"]


# The commands
@pytest.mark.django_db
def test_import_command_reports_and_shows_progress(tmp_path):
    path = tmp_path / "programs.csv"
    path.write_bytes(csv_bytes(row(), row(program_name="Two")))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_programs", str(path), stdout=out, stderr=err)
    assert "2 created, 0 updated" in out.getvalue()
    assert "Importing: 100%" in err.getvalue() and "2/2" in err.getvalue()
    assert Program.objects.count() == 2


@pytest.mark.django_db
def test_import_command_dry_run(tmp_path):
    path = tmp_path / "programs.csv"
    path.write_bytes(csv_bytes(row()))
    out = io.StringIO()
    call_command(
        "import_programs",
        str(path),
        "--dry-run",
        "--no-progress",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "Dry run, nothing changed: 1 would be created" in out.getvalue()
    assert Program.objects.count() == 0


@pytest.mark.django_db
def test_import_command_lists_bad_rows_and_imports_nothing(tmp_path):
    path = tmp_path / "programs.csv"
    path.write_bytes(csv_bytes(row(), row(program_name="Two", level="phd")))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 invalid row"):
        call_command(
            "import_programs",
            str(path),
            "--no-progress",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "line 3: level: “phd” is not one of the allowed values: associate," in (
        err.getvalue()
    )
    assert Program.objects.count() == 0


@pytest.mark.django_db
def test_import_command_skip_invalid(tmp_path):
    path = tmp_path / "programs.csv"
    path.write_bytes(csv_bytes(row(), row(program_name="Two", level="phd")))
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_programs",
        str(path),
        "--skip-invalid",
        "--no-progress",
        stdout=out,
        stderr=err,
    )
    assert "skipped line 3" in err.getvalue()
    assert (
        "1 created" in out.getvalue() and "1 invalid row(s) skipped" in out.getvalue()
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "File not found"), (b"\xff\xfe\x00bad", "not UTF-8"), (b"name,city\nx,y\n", "Wrong header")],
)  # fmt: skip
def test_import_command_whole_file_errors(tmp_path, content, message):
    path = tmp_path / "programs.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command(
            "import_programs", str(path), stdout=io.StringIO(), stderr=io.StringIO()
        )


@pytest.mark.django_db
def test_export_command_round_trips_through_import_command(tmp_path):
    call_command(
        "import_programs",
        str(SEED_CSV),
        "--no-progress",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    path = tmp_path / "export.csv"
    call_command(
        "export_programs",
        "--output",
        str(path),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    out = io.StringIO()
    call_command(
        "import_programs", str(path), "--no-progress", stdout=out, stderr=io.StringIO()
    )
    assert "0 created, 0 updated, 53 unchanged" in out.getvalue()
    stdout = io.StringIO()
    call_command("export_programs", stdout=stdout)
    assert stdout.getvalue() == path.read_text(encoding="utf-8")


# One message per problem, naming what is allowed (issue 18, item 9) ----------------------

ONE_MESSAGE = [
    # (column, bad value, the one reason for that column)
    ("program_url", "not a url", "program_url: Enter a valid URL."),
    ("source_url", "javascript:alert(1)", "source_url: Enter a valid URL."),
    ("website", "nope", "website: Enter a valid URL."),
    (
        "level",
        "bachelors",
        "level: “bachelors” is not one of the allowed values: associate, "
        "baccalaureate, masters.",
    ),
    (
        "accreditation_status",
        "revoked",
        "accreditation_status: “revoked” is not one of the allowed values: "
        "accredited, candidacy, probation, withdrawn.",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("column", "value", "reason"), ONE_MESSAGE)
def test_each_problem_is_reported_once_naming_what_is_allowed(column, value, reason):
    with pytest.raises(InvalidRowsError) as caught:
        import_rows(row(**{column: value}))
    (error,) = caught.value.errors
    assert error.reasons == [reason]
