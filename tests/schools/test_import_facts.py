"""The programs CSV's evidence and fact columns: rules, normalising, and a lossless round trip."""

import io
from datetime import date
from decimal import Decimal

import pytest

from careersite.csvio import InvalidRowsError
from schools.models import Program
from schools.services import (
    programs_export_csv,
    programs_import_csv,
    programs_read_csv,
)
from tests.schools.test_import_export import import_rows, row

SRC = "https://example.edu/outcomes"
NEXT_YEAR = str(date.today().year + 1)
GRAD = {
    "graduation_rate": "72",
    "graduation_rate_year": "2024",
    "graduation_rate_source_url": SRC,
}
TUITION = {
    "tuition_amount": "250",
    "tuition_basis": "per_credit_hour",
    "tuition_residency": "in_state",
    "tuition_out_of_state_amount": "612.50",
    "tuition_year": "2025",
    "tuition_source_url": SRC,
}
FACTS = (
    GRAD
    | TUITION
    | {
        "employment_rate": "88.5",
        "employment_rate_year": "2023",
        "employment_rate_source_url": SRC,
        "exam_pass_rate": "90",
        "exam_pass_rate_exam": "RHIT",
        "exam_pass_rate_year": "2024",
        "exam_pass_rate_source_url": SRC,
        "length_credits": "64",
        "length_months": "24",
        "length_year": "2025",
        "length_source_url": SRC,
        "practice_on_site": "true",
        "practice_on_site_year": "2025",
        "practice_on_site_source_url": SRC,
    }
)

# (columns, words the reason must contain): one table row per rule.
RULES = [
    ({"source_year": NEXT_YEAR}, f"source_year: {NEXT_YEAR} is in the future"),
    ({"source_year": "1987"}, "source_year: Enter a year from 2000 on"),
    ({"source_year": "2023-2024"}, "source_year: Enter a four-digit year, such as 2024."),
    ({"next_review": "soon"}, "next_review: Enter the year as printed: one year (2025) or a span (2027-2028)."),
    ({"next_review": "2027-28"}, "next_review: Enter the year as printed"),
    (GRAD | {"graduation_rate": "101"}, "graduation_rate: A rate is a percentage from 0 to 100 (you entered 101)"),
    (GRAD | {"graduation_rate": "-3"}, "graduation_rate: A rate is a percentage from 0 to 100"),
    (GRAD | {"graduation_rate": "high"}, "graduation_rate: Enter a percentage from 0 to 100, such as 85 or 85.5."),
    (GRAD | {"graduation_rate": "72.25"}, "graduation_rate: Ensure that there are no more than 1 decimal place"),
    (GRAD | {"graduation_rate_year": NEXT_YEAR}, f"graduation_rate_year: {NEXT_YEAR} is in the future"),
    (GRAD | {"graduation_rate_year": ""}, "graduation_rate_year: Give the year the graduation rate is for."),
    (GRAD | {"graduation_rate_source_url": ""}, "graduation_rate_source_url: Give the public page that publishes the graduation rate."),
    (GRAD | {"graduation_rate_source_url": "javascript:alert(1)"}, "graduation_rate_source_url: Enter a valid URL"),
    ({"graduation_rate_year": "2024"}, "graduation_rate: Enter the graduation rate, or clear its other fields"),
    ({"exam_pass_rate": "90", "exam_pass_rate_year": "2024", "exam_pass_rate_source_url": SRC}, "exam_pass_rate_exam: Name the exam"),
    ({"exam_pass_rate_exam": "CCS"}, "exam_pass_rate_exam: “CCS” is not one of the allowed values: RHIT, RHIA."),
    (TUITION | {"tuition_amount": "-5"}, "tuition_amount: Ensure this value is greater than or equal to 0"),
    (TUITION | {"tuition_amount": "a lot"}, "tuition_amount: Enter an amount in US dollars"),
    (TUITION | {"tuition_basis": "per_year"}, "tuition_basis: “per_year” is not one of the allowed values: per_credit_hour, total."),
    (TUITION | {"tuition_residency": "all"}, "tuition_residency: With an out-of-state amount as well"),
    ({"length_months": "0", "length_year": "2024", "length_source_url": SRC}, "length_months: Ensure this value is greater than or equal to 1"),
    ({"length_credits": "abc"}, "length_credits: Enter the number of credits, such as 64."),
    ({"practice_on_site": "sometimes"}, "practice_on_site: Use true (in person at a healthcare site), false"),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("columns", "reason"), RULES)
def test_each_fact_rule_reports_line_and_reason(columns, reason):
    with pytest.raises(InvalidRowsError) as caught:
        import_rows(row(program_name="First"), row(**columns))
    (error,) = caught.value.errors
    assert error.line == 3
    assert reason in str(error)
    assert Program.objects.count() == 0


# (column, as typed, as stored)
NORMALISED = [
    ("tuition_amount", "$1,250.50", Decimal("1250.50")),
    ("graduation_rate", "85%", Decimal("85")),
    ("exam_pass_rate_exam", "rhia", "RHIA"),
    ("practice_on_site", "yes", True),
    ("practice_on_site", "FALSE", False),
    ("length_credits", "60.5", Decimal("60.5")),
    ("source_year", "2024", 2024),
    ("next_review", "2027-2028", "2027-2028"),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("column", "value", "stored"), NORMALISED)
def test_fact_values_are_normalised(column, value, stored):
    import_rows(row(**(FACTS | {column: value})))
    assert getattr(Program.objects.get(), column) == stored


@pytest.mark.django_db
def test_facts_round_trip_through_export_and_import():
    import_rows(row(**FACTS, source_year="2024", next_review="2027-2028"))
    program = Program.objects.get()
    assert (
        program.graduation_rate,
        program.tuition_out_of_state_amount,
        program.practice_on_site,
    ) == (Decimal("72"), Decimal("612.50"), True)
    exported = io.StringIO()
    programs_export_csv(out=exported)
    text = exported.getvalue()
    assert "612.50" in text and ",true," in text and "2027-2028" in text
    report = programs_import_csv(rows=programs_read_csv(text.encode()))
    assert (len(report.unchanged), len(report.updated)) == (1, 0)
    Program.objects.all().delete()
    programs_import_csv(rows=programs_read_csv(text.encode()))
    again = io.StringIO()
    programs_export_csv(out=again)
    assert again.getvalue() == text


@pytest.mark.django_db
def test_fact_columns_left_out_of_a_file_keep_the_editors_values():
    import_rows(row(**GRAD))
    import_rows(row(source_note="Updated"))
    program = Program.objects.get()
    assert (program.graduation_rate, program.source_note) == (Decimal("72"), "Updated")


@pytest.mark.django_db
def test_clearing_a_fact_in_the_file_clears_it():
    import_rows(row(**GRAD))
    import_rows(row(**dict.fromkeys(GRAD, "")))
    assert Program.objects.get().graduation_rate is None


@pytest.mark.django_db
def test_a_blank_practice_column_means_not_known():
    import_rows(row(practice_on_site=""))
    assert Program.objects.get().practice_on_site is None
