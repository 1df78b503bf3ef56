"""Importing a BLS OEWS release (the oews_may2025 folder's layout) into the pay models.

A release folder holds `*_areas.csv`, `*_industries.csv`, `*_footnotes.csv` and `*_provenance.json` (see
data/oews_may2025/README.md). Every row is checked first; any bad row is reported with its file and line and
nothing is written. A second import of the same folder changes nothing. A new release is imported beside the
ones already loaded, so pages can compare releases; pages show the newest.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from articles.models.pay import (
    MEASURES,
    PayArea,
)
from careersite.csvio import (
    CsvFormatError,
    CsvRow,
    InvalidRowsError,
    RowError,
    csv_rows_read,
)
from careersite.states import FIPS_TO_STATE

DATA_DIR = Path(__file__).resolve().parent / "data" / "oews_may2025"
BLS_OEWS_URL = "https://www.bls.gov/oes/"
MISSING = "-"
NATIONAL_NAME = "United States"
TOP_CODE_FOOTNOTE = "5"
# BLS prints top-coded wages as "#" in its spreadsheets; the thresholds are footnote 5's.
TOP_CODE_HOURLY = Decimal("115.00")
TOP_CODE_ANNUAL = 239_200
INTEGER_MEASURES = {"employment", "annual_mean"} | {
    f"annual_{p}" for p in ("p10", "p25", "median", "p75", "p90")
}
AREA_KINDS = {choice.value for choice in PayArea.Kind}
MONTHS = {"A01": 5}  # OEWS annual releases describe May

AREA_COLUMNS = [
    "soc",
    "occupation",
    "area_type",
    "area_code",
    "state_fips",
    "area_name",
    *MEASURES,
    "footnotes",
]
INDUSTRY_COLUMNS = [
    "soc",
    "occupation",
    "naics",
    "industry",
    "display_level",
    *MEASURES,
    "footnotes",
]


def _one(folder: Path, pattern: str) -> Path:
    matches = sorted(folder.glob(pattern))
    if len(matches) != 1:
        raise CsvFormatError(
            f"{folder}: expected one file matching {pattern}, found {len(matches)}"
        )
    return matches[0]


def measure_parse(
    name: str, text: str, *, top_coded: list[str]
) -> int | Decimal | None:
    """One cell: "-" or empty is missing (None); "#" or "≥…"/">=…" is a top-coded wage; else a number."""
    text = text.strip().replace(",", "").replace("$", "")
    if text in ("", MISSING):
        return None
    if text == "#" or text.startswith(("≥", ">=")):
        if name.startswith("hourly_"):
            top_coded.append(name)
            return TOP_CODE_HOURLY
        if name.startswith("annual_"):
            top_coded.append(name)
            return TOP_CODE_ANNUAL
        raise ValueError(f"{name}: {text!r} is top-coded, but only wages can be")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{name}: {text!r} is not a number or '-'") from None
    if number < 0:
        raise ValueError(f"{name}: {text!r} is negative")
    if name in INTEGER_MEASURES:
        if number != number.to_integral_value():
            raise ValueError(f"{name}: {text!r} is not a whole number")
        return int(number)
    return number


def measures_parse(values: dict[str, str]) -> tuple[dict, list[str]]:
    """The measure fields of one row and its problems."""
    fields, problems, top_coded = {}, [], []
    for name in MEASURES:
        try:
            fields[name] = measure_parse(
                name, values.get(name, ""), top_coded=top_coded
            )
        except ValueError as error:
            problems.append(str(error))
    codes = [
        code.strip() for code in values.get("footnotes", "").split(";") if code.strip()
    ]
    if TOP_CODE_FOOTNOTE in codes:
        # A release that prints the top-coded figure itself: every wage at or above the threshold is top-coded.
        for name in MEASURES:
            value = fields.get(name)
            if value is None or name in top_coded:
                continue
            if (name.startswith("hourly_") and value >= TOP_CODE_HOURLY) or (
                name.startswith("annual_") and value >= TOP_CODE_ANNUAL
            ):
                top_coded.append(name)
    fields["footnotes"] = ";".join(codes)
    fields["top_coded"] = sorted(top_coded)
    return fields, problems


@dataclass
class ParsedRelease:
    release: dict
    occupations: dict[str, str] = field(default_factory=dict)
    areas: dict[str, dict] = field(default_factory=dict)
    estimates: list[tuple[str, str, dict]] = field(default_factory=list)
    industries: list[tuple[str, str, dict]] = field(default_factory=list)


def release_read(folder: Path) -> ParsedRelease:
    """Read and check a release folder; raises CsvFormatError or InvalidRowsError (nothing is written)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CsvFormatError(f"{folder}: no such folder")
    manifest = json.loads(_one(folder, "*provenance.json").read_text(encoding="utf-8"))
    footnotes = {
        row.values["code"].strip(): row.values["text"].strip()
        for row in csv_rows_read(
            _one(folder, "*footnotes.csv"), required=["code", "text"]
        )
    }
    parsed = ParsedRelease(release=_release_fields(manifest, footnotes))
    errors: list[RowError] = []
    areas_file = _one(folder, "*areas.csv")
    for row in csv_rows_read(areas_file, required=AREA_COLUMNS):
        problems = _area_row(row, parsed)
        if problems:
            errors.append(
                RowError(row.line, [f"{areas_file.name}: {p}" for p in problems])
            )
    industries_file = _one(folder, "*industries.csv")
    for row in csv_rows_read(industries_file, required=INDUSTRY_COLUMNS):
        problems = _industry_row(row, parsed)
        if problems:
            errors.append(
                RowError(row.line, [f"{industries_file.name}: {p}" for p in problems])
            )
    if errors:
        raise InvalidRowsError(errors)
    return parsed


def _release_fields(manifest: dict, footnotes: dict) -> dict:
    try:
        info = manifest["release"]
        year = int(info["year"])
        published = max(
            date.fromisoformat(s["last_modified"]) for s in manifest["sources"].values()
        )
        return {
            "code": info["code"],
            "name": info["description"],
            "reference_month": date(year, MONTHS.get(info["period"], 5), 1),
            "published_on": published,
            "retrieved_on": date.fromisoformat(manifest["retrieved"]),
            "source_name": f"BLS, Occupational Employment and Wage Statistics, {info['description']}",
            "source_url": BLS_OEWS_URL,
            "footnotes": footnotes,
            "provenance": manifest,
        }
    except (KeyError, TypeError, ValueError) as error:
        raise CsvFormatError(
            f"provenance file: missing or unreadable {error}"
        ) from error


def _common(row: CsvRow, parsed: ParsedRelease) -> tuple[str, dict, list[str]]:
    values = {key: (value or "").strip() for key, value in row.values.items()}
    problems = list(row.problems)
    soc = values["soc"]
    if len(soc) != 7 or soc[2] != "-" or not (soc[:2] + soc[3:]).isdigit():
        problems.append(f"soc: {soc!r} is not a SOC code such as 29-2072")
    elif not values["occupation"]:
        problems.append("occupation: empty")
    else:
        parsed.occupations[soc] = values["occupation"]
    measures, measure_problems = measures_parse(values)
    return soc, measures, problems + measure_problems


def _area_row(row: CsvRow, parsed: ParsedRelease) -> list[str]:
    soc, measures, problems = _common(row, parsed)
    values = {key: (value or "").strip() for key, value in row.values.items()}
    kind, code, fips, name = (
        values[k] for k in ("area_type", "area_code", "state_fips", "area_name")
    )
    if kind not in AREA_KINDS:
        problems.append(
            f"area_type: {kind!r} is not one of {', '.join(sorted(AREA_KINDS))}"
        )
    if len(code) != 7 or not code.isdigit():
        problems.append(f"area_code: {code!r} is not a 7-digit BLS area code")
    state = "" if kind == PayArea.Kind.NATIONAL else FIPS_TO_STATE.get(fips)
    if state is None:
        problems.append(f"state_fips: {fips!r} is not a state FIPS code")
    if not name:
        problems.append("area_name: empty")
    if problems:
        return problems
    if kind == PayArea.Kind.NATIONAL:
        name = NATIONAL_NAME  # BLS calls it "National"
    area = {"kind": kind, "state": state, "name": name}
    known = parsed.areas.setdefault(code, area)
    if known != area:
        return [
            f"area_code {code}: {name!r} differs from an earlier row's {known['name']!r}"
        ]
    parsed.estimates.append((soc, code, measures))
    return []


def _industry_row(row: CsvRow, parsed: ParsedRelease) -> list[str]:
    soc, measures, problems = _common(row, parsed)
    values = {key: (value or "").strip() for key, value in row.values.items()}
    if not values["naics"] or not values["industry"]:
        problems.append("naics and industry: both are needed")
    if not values["display_level"].isdigit():
        problems.append(f"display_level: {values['display_level']!r} is not 0-9")
    if problems:
        return problems
    fields = {
        **measures,
        "industry": values["industry"],
        "display_level": int(values["display_level"]),
    }
    parsed.industries.append((soc, values["naics"], fields))
    return []


def rows_in(parsed: ParsedRelease) -> int:
    return len(parsed.estimates) + len(parsed.industries)
