"""Career facts kept in one place: seeding them, their staleness, and which state-wage period to chart.

The figures come from articles/data/ (copies of the shared career_facts.yaml and
oews_29-2072_by_state.csv). Seeding is create-only, so an editor's change is never overwritten.
"""

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from django.db import transaction
from django.db.models import Q

from articles.models import OccupationFact, StateWage
from careersite.pagecache import content_changed

DATA_DIR = Path(__file__).resolve().parent / "data"
FACTS_FILE = "career_facts.yaml"
STATE_WAGES_FILE = "oews_29-2072_by_state.csv"
STALE_AFTER_MONTHS = 18

MONTHS = {
    name.lower(): number for number, name in enumerate(calendar.month_name) if name
}
OCCUPATION_TITLES = {
    "29-2072": "Medical records specialists (SOC 29-2072)",
    "29-2071": "Medical records and health information technicians (SOC 29-2071, the older and broader code)",
}

_EDITIONS = "bls_ooh.editions"
_OEWS = "oews_national.medical_records_specialists_29_2072"


@dataclass(frozen=True)
class FactSpec:
    """One headline fact and the places in career_facts.yaml that give it; the newest dated one wins."""

    key: str
    label: str
    unit: str
    candidates: tuple[str, ...]
    # Periods such as "projections through 2032" carry no parseable date; name the edition's base year.
    period_end_overrides: dict = field(default_factory=dict)


# Only 29-2072 figures: the 2019-29 edition (broader occupation) and 29-9021 facts are left out on purpose.
FACT_SPECS = (
    FactSpec(
        "median-pay",
        "Median pay (per year)",
        OccupationFact.Unit.USD,
        (
            f"{_EDITIONS}.2024-34.median_pay_annual_usd",
            f"{_EDITIONS}.2024-34.median_pay_annual_usd_crosscheck",
            f"{_OEWS}.May_2024_median_annual_wage_usd",
            f"{_EDITIONS}.2023-33.median_pay_annual_usd",
            f"{_EDITIONS}.2022-32.median_pay_annual_usd",
            f"{_EDITIONS}.2021-31.median_pay_annual_usd",
        ),
    ),
    FactSpec(
        "median-pay-hourly",
        "Median pay (per hour)",
        OccupationFact.Unit.USD,
        (f"{_EDITIONS}.2024-34.median_pay_hourly_usd",),
    ),
    FactSpec(
        "mean-pay",
        "Mean pay (per year)",
        OccupationFact.Unit.USD,
        (
            f"{_OEWS}.May_2021.mean_annual_wage_usd",
            f"{_OEWS}.recent_figures_without_printed_period.mean_annual_wage_careerfitter",
        ),
    ),
    FactSpec(
        "employment",
        "Number of jobs",
        OccupationFact.Unit.COUNT,
        (
            f"{_EDITIONS}.2024-34.number_of_jobs",
            f"{_EDITIONS}.2022-32.number_of_jobs",
            f"{_EDITIONS}.2021-31.number_of_jobs",
            f"{_OEWS}.May_2021.employment",
        ),
    ),
    FactSpec(
        "projected-growth",
        "Projected job growth",
        OccupationFact.Unit.PERCENT,
        (
            f"{_EDITIONS}.2024-34.job_outlook_percent",
            f"{_EDITIONS}.2023-33.job_outlook_percent",
            f"{_EDITIONS}.2022-32.job_outlook_percent",
            f"{_EDITIONS}.2021-31.job_outlook_percent",
        ),
    ),
    FactSpec(
        "annual-openings",
        "Openings each year (projected average)",
        OccupationFact.Unit.COUNT,
        (f"{_EDITIONS}.2022-32.average_annual_openings",),
        period_end_overrides={
            f"{_EDITIONS}.2022-32.average_annual_openings": date(2022, 12, 31)
        },
    ),
)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_end_parse(period: str) -> date | None:
    """Last day of a printed period: "May 2024", "2024" or a projection "2024-34" (its base year).

    Anything else ("not printed", "May 2022 (inferred ...)") is undated: we never guess a date.
    """
    text = str(period).strip()
    if match := re.fullmatch(r"([A-Za-z]+)\.? (\d{4})", text):
        month = MONTHS.get(match[1].lower())
        return _month_end(int(match[2]), month) if month else None
    if re.fullmatch(r"\d{4}", text):
        return date(int(text), 12, 31)
    if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
        return date(int(match[1]), 12, 31)
    return None


def months_before(today: date, months: int) -> date:
    total = today.year * 12 + today.month - 1 - months
    year, month = divmod(total, 12)
    return date(
        year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1])
    )


def stale_cutoff(today: date) -> date:
    """Facts whose period ended before this day are more than 18 months old."""
    return months_before(today, STALE_AFTER_MONTHS)


def fact_age_status(period_end: date | None, *, today: date) -> str:
    if period_end is None:
        return "undated"
    return "stale" if period_end < stale_cutoff(today) else "current"


def facts_stale_q(today: date) -> Q:
    return Q(period_end__lt=stale_cutoff(today))


def source_name_for(url: str, source_type: str = "") -> str:
    """Who published the figure; copies of BLS figures on other sites say so."""
    host = (urlsplit(url).hostname or url).lower().removeprefix("www.")
    if host == "bls.gov" or host.endswith(".bls.gov"):
        return "U.S. Bureau of Labor Statistics"
    if source_type == "official_archived_or_older_version" and "bls.gov" in url:
        return "U.S. Bureau of Labor Statistics (archived copy)"
    return f"BLS figure via {host}"


def _lookup(data: dict, path: str) -> dict:
    node = data
    for part in path.split("."):
        node = node[part]
    return node


def fact_choose(spec: FactSpec, data: dict) -> dict:
    """The newest dated candidate; an undated one only when no candidate prints a period."""
    best = None
    for position, path in enumerate(spec.candidates):
        entry = _lookup(data, path)
        period = str(entry["period"])
        period_end = spec.period_end_overrides.get(path) or period_end_parse(period)
        candidate = {
            "path": path,
            "entry": entry,
            "period": period,
            "period_end": period_end,
            "order": position,
        }
        if best is None or _newer(candidate, best):
            best = candidate
    return best


def _newer(candidate: dict, best: dict) -> bool:
    if candidate["period_end"] is None:
        return False
    return best["period_end"] is None or candidate["period_end"] > best["period_end"]


def fact_defaults(spec: FactSpec, chosen: dict, position: int) -> dict:
    entry = chosen["entry"]
    period = (
        chosen["period"] if chosen["period_end"] else f"undated ({chosen['period']})"
    )
    return {
        "label": spec.label,
        "value": Decimal(str(entry["value"])),
        "unit": spec.unit,
        "period": period[:100],
        "period_end": chosen["period_end"],
        "source_name": source_name_for(
            entry["source_url"], entry.get("source_type", "")
        ),
        "source_url": entry["source_url"],
        "note": entry.get("note", ""),
        "position": position,
    }


@dataclass
class FactsSeedReport:
    facts_created: int = 0
    facts_kept: int = 0
    wages_created: int = 0
    wages_kept: int = 0

    def __str__(self):
        return (
            f"{self.facts_created} facts created, {self.facts_kept} kept; "
            f"{self.wages_created} state wage rows created, {self.wages_kept} kept"
        )


@transaction.atomic
def career_facts_seed(*, data_dir: Path = DATA_DIR) -> FactsSeedReport:
    """Create the headline facts and state wage rows that do not exist yet; never change existing ones."""
    from articles.state_wages import state_wage_rows_read

    report = FactsSeedReport()
    data = yaml.safe_load((data_dir / FACTS_FILE).read_text(encoding="utf-8"))
    for position, spec in enumerate(FACT_SPECS, start=1):
        defaults = fact_defaults(spec, fact_choose(spec, data), position)
        _, created = OccupationFact.objects.get_or_create(
            key=spec.key, defaults=defaults
        )
        if created:
            report.facts_created += 1
        else:
            report.facts_kept += 1
    with (data_dir / STATE_WAGES_FILE).open(encoding="utf-8", newline="") as handle:
        rows = state_wage_rows_read(handle)
    existing = set(StateWage.objects.values_list("state_code", "period"))
    new = [
        StateWage(**row)
        for row in rows
        if (row["state_code"], row["period"]) not in existing
    ]
    StateWage.objects.bulk_create(new)
    if new:
        content_changed()  # bulk_create sends no save signals, so cached pages would not notice
    report.wages_created = len(new)
    report.wages_kept = len(rows) - len(new)
    return report


def facts_at_a_glance() -> list[OccupationFact]:
    """Every headline fact, in the editors' order (one query)."""
    return list(OccupationFact.objects.all())


# ---------------------------------------------------------------------------------------------
# State wages: which period to chart, and what is listed separately.


@dataclass
class WagePeriod:
    period: str
    period_end: date
    occupation_codes: set[str] = field(default_factory=set)
    rows: list[StateWage] = field(default_factory=list)

    @property
    def wage_rows(self) -> list[StateWage]:
        return [row for row in self.rows if row.annual_mean_wage is not None]

    @property
    def states_with_wage(self) -> int:
        return len(self.wage_rows)

    @property
    def occupation_title(self) -> str:
        return "; ".join(
            OCCUPATION_TITLES.get(code, f"SOC {code}")
            for code in sorted(self.occupation_codes)
        )

    @property
    def source_urls(self) -> list[str]:
        return list(dict.fromkeys(row.source_url for row in self.rows))


def wage_periods_group(rows) -> list[WagePeriod]:
    """State rows grouped by period, newest first."""
    periods: dict[str, WagePeriod] = {}
    for row in rows:
        group = periods.setdefault(
            row.period, WagePeriod(period=row.period, period_end=row.period_end)
        )
        group.occupation_codes.add(row.occupation_code)
        group.rows.append(row)
    return sorted(
        periods.values(),
        key=lambda group: (group.period_end, group.period),
        reverse=True,
    )


def wage_period_chartable(periods: list[WagePeriod]) -> WagePeriod | None:
    """The most complete period (most states with a wage); the newest one wins a tie."""
    candidates = [group for group in periods if group.states_with_wage]
    if not candidates:
        return None
    return max(candidates, key=lambda group: (group.states_with_wage, group.period_end))


SORTS = {
    "state": (lambda row: row.state_name, False),
    "wage": (lambda row: (row.annual_mean_wage, row.state_name), False),
    "-wage": (lambda row: (-row.annual_mean_wage, row.state_name), False),
}
DEFAULT_SORT = "-wage"


def state_wages_sorted(rows: list[StateWage], sort: str) -> tuple[list[StateWage], str]:
    """Rows sorted by a known sort key; an unknown key falls back to highest wage first."""
    if sort not in SORTS:
        sort = DEFAULT_SORT
    key, reverse = SORTS[sort]
    return sorted(rows, key=key, reverse=reverse), sort


def mean_of(values) -> Decimal:
    values = list(values)
    return (Decimal(sum(values)) / len(values)).quantize(
        Decimal("1"), rounding=ROUND_HALF_UP
    )


def national_mean_for(period: str, facts) -> OccupationFact | None:
    """A national annual mean wage fact for exactly this period (key mean-pay or mean-pay-...)."""
    for fact in facts:
        is_mean = fact.key.startswith("mean-pay") and "hourly" not in fact.key
        if is_mean and fact.unit == OccupationFact.Unit.USD and fact.period == period:
            return fact
    return None


def salary_page_data(*, sort: str = DEFAULT_SORT) -> dict:
    """Everything the salary page shows, in two queries whatever the number of rows."""
    periods = wage_periods_group(
        StateWage.objects.order_by("-period_end", "state_name")
    )
    facts = list(OccupationFact.objects.all())
    chart_period = wage_period_chartable(periods)
    data = {
        "facts": {fact.key: fact for fact in facts},
        "chart_period": chart_period,
        "other_periods": [group for group in periods if group is not chart_period],
        "sort": DEFAULT_SORT,
        "rows": [],
    }
    if chart_period is None:
        return data
    wage_rows = chart_period.wage_rows
    data["rows"], data["sort"] = state_wages_sorted(wage_rows, sort)
    ranked = sorted(wage_rows, key=SORTS["-wage"][0])
    data["ranks"] = {row.state_code: rank for rank, row in enumerate(ranked, start=1)}
    data["highest"] = [
        row for row in ranked if row.annual_mean_wage == ranked[0].annual_mean_wage
    ]
    data["lowest"] = [
        row for row in ranked if row.annual_mean_wage == ranked[-1].annual_mean_wage
    ]
    data["national_mean"] = national_mean_for(chart_period.period, facts)
    data["states_average"] = mean_of(row.annual_mean_wage for row in wage_rows)
    data["show_employment"] = any(row.employment is not None for row in wage_rows)
    for group in data["other_periods"]:
        group.national_mean = national_mean_for(group.period, facts)
    return data
