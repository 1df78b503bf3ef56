"""Reading and importing state wage tables in the oews_29-2072_by_state.csv format.

Columns: state_code,state_name,employment,annual_mean_wage,reference_period,source_url
and, optionally, occupation_code. Without it, periods before May 2019 are taken as the
2010 SOC code 29-2071 and later ones as 29-2072 (BLS moved to the 2018 SOC in the May 2019 estimates).
"""

import csv
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.db import transaction

from articles.careers.periods import period_end_parse
from articles.models import StateWage
from schools.states import STATES

REQUIRED_COLUMNS = [
    "state_code",
    "state_name",
    "employment",
    "annual_mean_wage",
    "reference_period",
    "source_url",
]
SOC_2018_FIRST_PERIOD_END = date(2019, 5, 31)


class StateWageImportError(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


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


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    periods: list[str] = field(default_factory=list)

    def __str__(self):
        return f"{self.created} rows created, {self.updated} updated ({', '.join(self.periods)})"


def state_wage_rows_read(handle) -> list[dict]:
    """Validate every row of a CSV file; raise StateWageImportError listing each bad line, or return model fields."""
    reader = csv.DictReader(handle)
    missing = [
        column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or [])
    ]
    if missing:
        raise StateWageImportError([f"line 1: missing column(s) {', '.join(missing)}"])
    rows, errors, seen = [], [], {}
    for row in reader:
        line = reader.line_num
        data = {key: (value or "").strip() for key, value in row.items() if key}
        data["employment"] = _number(data.get("employment", ""))
        data["annual_mean_wage"] = _number(data.get("annual_mean_wage", ""))
        form = StateWageRowForm(data)
        if not form.is_valid():
            for name, messages in form.errors.items():
                label = "row" if name == "__all__" else name
                errors.extend(
                    f"line {line}: {label}: {message}" for message in messages
                )
            continue
        cleaned = form.cleaned_data
        natural_key = (cleaned["state_code"], cleaned["reference_period"])
        if natural_key in seen:
            errors.append(
                f"line {line}: {natural_key[0]} {natural_key[1]} already given on line {seen[natural_key]}"
            )
            continue
        seen[natural_key] = line
        rows.append(
            {
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
        )
    if errors:
        raise StateWageImportError(errors)
    if not rows:
        raise StateWageImportError(["the file has no data rows"])
    return rows


def occupation_code_for(period_end: date) -> str:
    return "29-2071" if period_end < SOC_2018_FIRST_PERIOD_END else "29-2072"


@transaction.atomic
def state_wages_import_csv(*, handle) -> ImportReport:
    """Validate the whole file first, then create or update rows keyed on state and period (all or nothing)."""
    rows = state_wage_rows_read(handle)
    report = ImportReport()
    for row in rows:
        _, created = StateWage.objects.update_or_create(
            state_code=row["state_code"], period=row["period"], defaults=row
        )
        if created:
            report.created += 1
        else:
            report.updated += 1
        if row["period"] not in report.periods:
            report.periods.append(row["period"])
    return report
