"""The shipped BLS OEWS May 2025 release: counts, checked figures, missing values, idempotence, bad files."""

import csv
import shutil
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from articles.careers.oews import (
    DATA_DIR,
    TOP_CODE_ANNUAL,
    measures_parse,
    release_read,
)
from articles.careers.pay_import import release_import
from articles.models import (
    PayArea,
    PayEstimate,
    PayIndustryEstimate,
    PayOccupation,
    PayRelease,
)
from careersite.csvio import InvalidRowsError

pytestmark = pytest.mark.django_db


def csv_rows(name):
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def release():
    call_command("import_pay_release", "--no-progress")
    return PayRelease.objects.get()


def national(soc="29-2072", **filters):
    return PayEstimate.objects.get(occupation__soc=soc, **filters)


def test_row_counts_equal_the_files(release):
    areas = csv_rows("oews_may2025_areas.csv")
    industries = csv_rows("oews_may2025_industries.csv")
    assert PayEstimate.objects.count() == len(areas) == 2534
    assert PayIndustryEstimate.objects.count() == len(industries) == 724
    assert PayArea.objects.count() == len({row["area_code"] for row in areas})
    assert PayOccupation.objects.count() == 5
    assert release.name == "May 2025"
    assert str(release.published_on) == "2026-05-15"
    assert release.footnotes["8"] == "Estimate not released."


@pytest.mark.parametrize(
    "area_code, measure, expected",
    [
        ("0000000", "annual_median", 51140),
        ("0000000", "annual_mean", 56790),
        ("0000000", "employment", 194720),
        ("0000000", "annual_p10", 37000),
        ("0000000", "annual_p90", 81150),
        ("1100000", "annual_median", 72040),
        ("4400000", "annual_median", 63960),
        ("3400000", "annual_median", 50240),
    ],
)
def test_checked_figures(release, area_code, measure, expected):
    estimate = national(area__code=area_code)
    assert getattr(estimate, measure) == expected


def test_insurance_carriers_median(release):
    row = PayIndustryEstimate.objects.get(occupation__soc="29-2072", naics="524100")
    assert row.annual_median == 62650


def test_elmira_has_employment_and_no_released_wages(release):
    elmira = national(area__name="Elmira, NY")
    assert elmira.employment == 80
    assert elmira.annual_median is None and elmira.hourly_mean is None
    assert elmira.footnote_codes == ["8"]


def test_a_second_import_changes_nothing(release):
    before = list(PayEstimate.objects.order_by("pk").values())
    report = release_import(release_read(DATA_DIR))
    assert (report.created, report.updated) == (0, 0)
    assert report.unchanged == 1 + 5 + 583 + 2534 + 724 - 1
    assert list(PayEstimate.objects.order_by("pk").values()) == before


def test_a_broken_file_names_its_lines_and_changes_nothing(tmp_path):
    folder = tmp_path / "release"
    shutil.copytree(DATA_DIR, folder)
    path = folder / "oews_may2025_areas.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].replace(",0.1,", ",abc,", 1)
    lines[9] = (
        "29-2072,Medical Records Specialists,moon,0010180,48,Nowhere,1,,,,,,,,,,,,,,,,,\n"
    )
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_pay_release", str(folder), "--no-progress")
    message = str(error.value)
    assert (
        "line 5: oews_may2025_areas.csv: employment_rse_pct: 'abc' is not a number"
        in message
    )
    assert "line 10: oews_may2025_areas.csv: area_type: 'moon'" in message
    assert PayEstimate.objects.count() == 0 and PayRelease.objects.count() == 0


def test_read_errors_are_reported_all_at_once(tmp_path):
    folder = tmp_path / "release"
    shutil.copytree(DATA_DIR, folder)
    path = folder / "oews_may2025_industries.csv"
    text = path.read_text(encoding="utf-8").replace(",37000,", ",-5,", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidRowsError) as error:
        release_read(folder)
    assert [e.line for e in error.value.errors] == [2]


@pytest.mark.parametrize(
    "cells, expected, top_coded",
    [
        ({"annual_median": "-"}, None, []),
        ({"annual_median": ""}, None, []),
        ({"annual_median": "51,140"}, 51140, []),
        ({"annual_median": "#"}, TOP_CODE_ANNUAL, ["annual_median"]),
        ({"annual_median": ">=239,200"}, TOP_CODE_ANNUAL, ["annual_median"]),
        ({"annual_median": "239200", "footnotes": "5"}, 239200, ["annual_median"]),
        ({"annual_median": "120000", "footnotes": "5"}, 120000, []),
    ],
)
def test_missing_and_top_coded_cells(cells, expected, top_coded):
    fields, problems = measures_parse(cells)
    assert problems == []
    assert fields["annual_median"] == expected
    assert fields["top_coded"] == top_coded


def test_hourly_measures_are_decimals():
    fields, _ = measures_parse({"hourly_median": "24.59"})
    assert fields["hourly_median"] == Decimal("24.59")
