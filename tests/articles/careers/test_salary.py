"""The dated state wage table (StateWage, May 2018 and partial later periods): kept for editors as history.

Readers' pay pages use BLS OEWS May 2025 (tests/articles/careers/test_pay_pages.py); this table is imported
and edited in the admin only.
"""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from pytest_django.asserts import assertContains

from articles.careers.facts import career_facts_seed
from articles.careers.wages import state_wages_import_csv, state_wages_read_csv
from articles.models import StateWage
from careersite.csvio import InvalidRowsError

pytestmark = pytest.mark.django_db

HEADER = (
    "state_code,state_name,employment,annual_mean_wage,reference_period,source_url\n"
)


@pytest.fixture
def seeded():
    career_facts_seed()


def complete_2024_csv(wage_offset: int = 10000) -> str:
    rows = [
        f"{row.state_code},{row.state_name},,{row.annual_mean_wage + wage_offset},May 2024,https://www.bls.gov/oes/2024/may/oes292072.htm"
        for row in StateWage.objects.filter(period="May 2018")
    ]
    return HEADER + "\n".join(rows) + "\n"


def test_import_valid_table_adds_the_newer_period(seeded, tmp_path):
    path = tmp_path / "may2024.csv"
    path.write_text(complete_2024_csv())
    out = io.StringIO()
    call_command("import_state_wages", str(path), stdout=out)
    assert "50 rows created, 0 updated (May 2024)" in out.getvalue()
    assert (
        StateWage.objects.filter(period="May 2024", occupation_code="29-2072").count()
        == 50
    )


def test_import_updates_existing_rows_on_state_and_period(seeded):
    csv_text = HEADER + "NJ,New Jersey,,55000,May 2018,https://example.org/corrected\n"
    report = state_wages_import_csv(rows=state_wages_read_csv(io.StringIO(csv_text)))
    assert (len(report.created), len(report.updated)) == (0, 1)
    row = StateWage.objects.get(state_code="NJ", period="May 2018")
    assert (row.annual_mean_wage, row.occupation_code) == (55000, "29-2071")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "XX,Nowhere,,40000,May 2024,https://example.org/a",
            "line 3: state_code: unknown state code 'XX'",
        ),
        ("OH,Ohio,,forty,May 2024,https://example.org/a", "line 3: annual_mean_wage:"),
        ("OH,Ohio,,40000,2024,https://example.org/a", "line 3: reference_period:"),
        (
            "OH,Ohio,,40000,Spring 2024,https://example.org/a",
            "line 3: reference_period:",
        ),
        ("OH,Ohio,,40000,May 2024,not a url", "line 3: source_url:"),
        (
            "OH,Iowa,,40000,May 2024,https://example.org/a",
            "line 3: state_name: 'Iowa' does not match OH (Ohio)",
        ),
        (
            "OH,Ohio,,,May 2024,https://example.org/a",
            "line 3: row: give an employment figure",
        ),
        (
            "NJ,New Jersey,,50000,May 2024,https://example.org/a",
            "line 3: NJ May 2024 already given on line 2",
        ),
    ],
)
def test_import_rejects_bad_rows_with_line_numbers_and_writes_nothing(line, message):
    csv_text = (
        HEADER + "NJ,New Jersey,,50000,May 2024,https://example.org/a\n" + line + "\n"
    )
    with pytest.raises(InvalidRowsError) as error:
        state_wages_import_csv(rows=state_wages_read_csv(io.StringIO(csv_text)))
    texts = [str(row_error) for row_error in error.value.errors]
    assert any(text.startswith(message) for text in texts), texts
    assert StateWage.objects.count() == 0


def test_import_command_reports_errors_and_missing_columns(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("state,wage\nOH,40000\n")
    with pytest.raises(CommandError, match="line 1: missing column"):
        call_command("import_state_wages", str(bad))
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_state_wages", str(tmp_path / "missing.csv"))


def test_import_is_atomic_when_a_write_fails(monkeypatch):
    csv_text = (
        HEADER
        + "NJ,New Jersey,,50000,May 2024,https://example.org/a\nOH,Ohio,,40000,May 2024,https://example.org/a\n"
    )
    real = StateWage.objects.update_or_create
    calls = []

    def failing_second_write(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real(**kwargs)

    monkeypatch.setattr(StateWage.objects, "update_or_create", failing_second_write)
    with pytest.raises(RuntimeError):
        state_wages_import_csv(rows=state_wages_read_csv(io.StringIO(csv_text)))
    assert StateWage.objects.count() == 0


def test_admin_import_view(admin_client, seeded):
    url = reverse("admin:articles_statewage_import")
    changelist = admin_client.get(reverse("admin:articles_statewage_changelist"))
    assertContains(changelist, url)
    assertContains(admin_client.get(url), "Import a state wage table")
    bad = SimpleUploadedFile(
        "bad.csv", (HEADER + "XX,Nowhere,,1,May 2024,https://example.org/a\n").encode()
    )
    response = admin_client.post(url, {"import_file": bad})
    assertContains(response, "Nothing was imported")
    assertContains(response, "line 2: state_code")
    assert StateWage.objects.filter(period="May 2024").count() == 0
    good = SimpleUploadedFile("good.csv", complete_2024_csv().encode())
    preview = admin_client.post(url, {"import_file": good})
    assertContains(preview, "Confirm import")
    assert StateWage.objects.filter(period="May 2024").count() == 0
    confirm = dict(
        re.findall(
            r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
            preview.content.decode(),
        )
    )
    response = admin_client.post(
        reverse("admin:articles_statewage_process_import"), confirm, follow=True
    )
    assertContains(response, "Imported state wages: 50 rows created")
    assert StateWage.objects.filter(period="May 2024").count() == 50
