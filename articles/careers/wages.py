"""Reading and importing state wage tables in the oews_29-2072_by_state.csv format.

Columns: state_code,state_name,employment,annual_mean_wage,reference_period,source_url
and, optionally, occupation_code. Without it, periods before May 2019 are taken as the
2010 SOC code 29-2071 and later ones as 29-2072 (BLS moved to the 2018 SOC in the May 2019 estimates).
"""

from datetime import date
from pathlib import Path
from typing import IO

from django import forms
from django.db import transaction

from articles.careers.periods import period_end_parse
from articles.models import StateWage
from careersite.csvio import (
    CsvFormatError,
    CsvRow,
    ImportReport,
    InvalidRowsError,
    RowError,
    csv_rows_read,
    form_reasons,
)
from careersite.states import STATES

REQUIRED_COLUMNS = [
    "state_code",
    "state_name",
    "employment",
    "annual_mean_wage",
    "reference_period",
    "source_url",
]
OPTIONAL_COLUMNS = ["occupation_code"]
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
SOC_2018_FIRST_PERIOD_END = date(2019, 5, 31)


class StateWageRowForm(forms.Form):
    state_code = forms.CharField(max_length=2)
    state_name = forms.CharField(max_length=60)
    employment = forms.IntegerField(min_value=0, required=False)
    annual_mean_wage = forms.IntegerField(
        min_value=1000, max_value=1_000_000, required=False
    )
    reference_period = forms.CharField(max_length=40)
    source_url = forms.URLField(max_length=1000, assume_scheme="https")
    occupation_code = forms.RegexField(regex=r"^\d{2}-\d{4}$", required=False)

    def clean_state_code(self):
        code = self.cleaned_data["state_code"].strip().upper()
        if code not in STATES:
            raise forms.ValidationError(f"unknown state code {code!r}")
        return code

    def clean_reference_period(self):
        period = " ".join(self.cleaned_data["reference_period"].split())
        period_end = period_end_parse(period)
        if period_end is None or not period[0].isalpha():
            raise forms.ValidationError(
                f'{period!r} is not a month and year such as "May 2024"'
            )
        self.period_end = period_end
        return period

    def clean(self):
        cleaned = super().clean()
        code, name = cleaned.get("state_code"), cleaned.get("state_name")
        if code and name and STATES[code].lower() != name.strip().lower():
            self.add_error(
                "state_name", f"{name!r} does not match {code} ({STATES[code]})"
            )
        both_given = "employment" in cleaned and "annual_mean_wage" in cleaned
        if (
            both_given
            and cleaned["employment"] is None
            and cleaned["annual_mean_wage"] is None
        ):
            raise forms.ValidationError(
                "give an employment figure, an annual mean wage or both"
            )
        return cleaned


def _number(value: str) -> str:
    # Sources print "21,590" or "$48,920"; the form wants plain digits.
    return (value or "").strip().replace(",", "").replace("$", "")


class StateWageReport(ImportReport):
    def __str__(self):
        verb = "would be " if self.dry_run else ""
        unchanged = f", {len(self.unchanged)} unchanged" if self.unchanged else ""
        rows = [*self.created, *self.updated, *self.unchanged]
        periods = ", ".join(dict.fromkeys(row.obj.period for row in rows))
        return (
            f"{len(self.created)} rows {verb}created, {len(self.updated)} {verb}updated"
            f"{unchanged} ({periods})"
        )


def state_wages_read_csv(source: Path | str | bytes | IO) -> list[CsvRow]:
    """Rows of a state wage table with their starting line numbers (the header is line 1)."""
    rows = csv_rows_read(source, required=REQUIRED_COLUMNS, optional=OPTIONAL_COLUMNS)
    if not rows:
        raise CsvFormatError("The file has no data rows.")
    return rows


def state_wage_rows_clean(rows: list[CsvRow]) -> list[tuple[int, dict]]:
    """Each row's line and model fields; raises InvalidRowsError naming every bad line if any row fails."""
    cleaned_rows, errors, seen = [], [], {}
    for row in rows:
        data = {key: value.strip() for key, value in row.values.items()}
        data["employment"] = _number(data.get("employment", ""))
        data["annual_mean_wage"] = _number(data.get("annual_mean_wage", ""))
        form = StateWageRowForm(data)
        reasons = [*row.problems, *form_reasons(form)]
        if form.is_valid():
            cleaned = form.cleaned_data
            natural_key = (cleaned["state_code"], cleaned["reference_period"])
            if natural_key in seen:
                reasons.append(
                    f"{natural_key[0]} {natural_key[1]} already given on line {seen[natural_key]}"
                )
            seen.setdefault(natural_key, row.line)
        if reasons:
            errors.append(RowError(row.line, reasons))
            continue
        fields = {
            "state_code": cleaned["state_code"],
            "state_name": STATES[cleaned["state_code"]],
            "employment": cleaned["employment"],
            "annual_mean_wage": cleaned["annual_mean_wage"],
            "period": cleaned["reference_period"],
            "period_end": form.period_end,
            "occupation_code": cleaned["occupation_code"]
            or occupation_code_for(form.period_end),
            "source_url": cleaned["source_url"],
        }
        cleaned_rows.append((row.line, fields))
    if errors:
        raise InvalidRowsError(errors)
    return cleaned_rows


def occupation_code_for(period_end: date) -> str:
    return "29-2071" if period_end < SOC_2018_FIRST_PERIOD_END else "29-2072"


@transaction.atomic
def state_wages_import_csv(
    *, rows: list[CsvRow], dry_run: bool = False
) -> StateWageReport:
    """Validate every row first, then create or update rows keyed on state and period (all or nothing)."""
    cleaned_rows = state_wage_rows_clean(rows)
    existing = {
        (wage.state_code, wage.period): wage
        for wage in StateWage.objects.filter(
            period__in={fields["period"] for _, fields in cleaned_rows}
        )
    }
    report = StateWageReport(dry_run=dry_run)
    for line, fields in cleaned_rows:
        wage = existing.get((fields["state_code"], fields["period"]))
        if wage is not None and all(
            getattr(wage, name) == value for name, value in fields.items()
        ):
            report.add("unchanged", line=line, obj=wage)
            continue
        wage, created = StateWage.objects.update_or_create(
            state_code=fields["state_code"], period=fields["period"], defaults=fields
        )
        report.add("created" if created else "updated", line=line, obj=wage)
    if dry_run:
        transaction.set_rollback(True)
    return report
