"""What the salary page shows: state wages grouped by period, the period to chart, its ranking.

Only one period is charted and ranked (the most complete one); every other period is listed
separately, never ranked together with it.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from articles.models import OccupationFact, StateWage

OCCUPATION_TITLES = {
    "29-2072": "Medical records specialists (SOC 29-2072)",
    "29-2071": "Medical records and health information technicians (SOC 29-2071, the older and broader code)",
}


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
