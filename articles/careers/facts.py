"""The headline career facts and the "At a glance" box.

Pay and employment come from the newest BLS OEWS release (articles.careers.pay), one period and one source.
The other headline facts (projected growth, openings) come from other BLS publications by way of
career_facts.yaml, each with its own period and source; editors keep them current in the admin. The state
wage rows of oews_29-2072_by_state.csv (May 2018-2022) stay as dated history for editors; no reader page
shows them. Seeding is create-only, so an editor's change is never overwritten.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import transaction
from django.db.models import QuerySet

from articles.careers import pay
from articles.careers.money import measure_text
from articles.careers.periods import facts_stale_q, period_end_parse
from articles.careers.wages import state_wage_rows_clean, state_wages_read_csv
from articles.models import OccupationFact, PayEstimate, PayRelease, StateWage
from articles.yamltext import yaml_parse

DATA_DIR = Path(__file__).resolve().parent / "data"
FACTS_FILE = "career_facts.yaml"
STATE_WAGES_FILE = "oews_29-2072_by_state.csv"

_EDITIONS = "bls_ooh.editions"
SUPERSEDED_BY_PAY_RELEASE = (
    "median-pay",
    "median-pay-hourly",
    "mean-pay",
    "employment",
)


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
# Pay and employment come from the newest BLS OEWS release (articles.careers.pay), not from these facts:
# the keys in SUPERSEDED_BY_PAY_RELEASE are no longer seeded, shown to readers or flagged for age.
FACT_SPECS = (
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


def source_name_for(url: str, source_type: str = "") -> str:
    """Who published the figure; copies of BLS figures on other sites say so."""
    host = (urlsplit(url).hostname or url).lower().removeprefix("www.")
    if host == "bls.gov" or host.endswith(".bls.gov"):
        return "U.S. Bureau of Labor Statistics"
    if source_type == "official_archived_or_older_version" and "bls.gov" in url:
        return "U.S. Bureau of Labor Statistics (archived copy)"
    return f"BLS figure via {host}"


def fact_value_text(fact: OccupationFact) -> str:
    """$50,250, $24.16, 7%, 194,300."""
    value = Decimal(fact.value)
    if value == value.to_integral_value():
        number = intcomma(int(value))
    else:
        number = intcomma(
            f"{value.normalize():f}"
            if fact.unit == OccupationFact.Unit.PERCENT
            else f"{value:.2f}"
        )
    if fact.unit == OccupationFact.Unit.USD:
        return f"${number}"
    if fact.unit == OccupationFact.Unit.PERCENT:
        return f"{number}%"
    return number


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
    report = FactsSeedReport()
    data = yaml_parse((data_dir / FACTS_FILE).read_text(encoding="utf-8"))
    for position, spec in enumerate(FACT_SPECS, start=1):
        defaults = fact_defaults(spec, fact_choose(spec, data), position)
        _, created = OccupationFact.objects.get_or_create(
            key=spec.key, defaults=defaults
        )
        if created:
            report.facts_created += 1
        else:
            report.facts_kept += 1
    rows = [
        fields
        for _, fields in state_wage_rows_clean(
            state_wages_read_csv(data_dir / STATE_WAGES_FILE)
        )
    ]
    existing = set(StateWage.objects.values_list("state_code", "period"))
    new = [
        StateWage(**row)
        for row in rows
        if (row["state_code"], row["period"]) not in existing
    ]
    StateWage.objects.bulk_create(new)
    report.wages_created = len(new)
    report.wages_kept = len(rows) - len(new)
    return report


def facts_shown() -> QuerySet[OccupationFact]:
    """The facts readers may see: every one but those the pay release supersedes."""
    return OccupationFact.objects.exclude(key__in=SUPERSEDED_BY_PAY_RELEASE)


def facts_at_a_glance() -> list[OccupationFact]:
    """The facts from other BLS publications (projections, openings), in the editors' order (one query)."""
    return list(facts_shown())


@dataclass(frozen=True)
class GlanceFigure:
    label: str
    text: str


@dataclass(frozen=True)
class AtAGlance:
    """The box's two parts: figures from one OEWS release, then facts from other publications and periods."""

    release: PayRelease | None
    figures: list[GlanceFigure]
    other: list[OccupationFact]

    def __bool__(self) -> bool:
        return bool(self.figures or self.other)


GLANCE_MEASURES = (
    ("annual_median", "Median pay per year"),
    ("hourly_median", "Median pay per hour"),
    ("annual_mean", "Mean (average) pay per year"),
    ("employment", "Jobs (employees, not the self-employed)"),
)


def at_a_glance() -> AtAGlance:
    """The national 29-2072 estimate of the newest release that has one, and the other facts (two queries)."""
    estimate = (
        PayEstimate.objects.filter(
            area__code=pay.NATIONAL_CODE, occupation__soc=pay.CODER
        )
        .select_related("release")
        .order_by("-release__reference_month")
        .first()
    )
    figures = (
        [
            GlanceFigure(label, measure_text(estimate, name))
            for name, label in GLANCE_MEASURES
        ]
        if estimate
        else []
    )
    return AtAGlance(
        release=estimate.release if estimate else None,
        figures=figures,
        other=facts_at_a_glance(),
    )


def facts_past_age_flag(*, today: date) -> QuerySet[OccupationFact]:
    """Facts readers see whose reference period ended more than 18 months before `today`, the oldest first."""
    return (
        facts_shown()
        .filter(facts_stale_q(today))
        .order_by("period_end", "position", "key")
    )


def facts_linking_to(urls: Iterable[str] | QuerySet) -> QuerySet[OccupationFact]:
    return OccupationFact.objects.filter(source_url__in=urls).order_by(
        "position", "key"
    )
