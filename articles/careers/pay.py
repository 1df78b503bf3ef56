"""What the pay pages show, from the newest BLS OEWS release: a few queries per page, whatever the area count.

The career ladder (29-2072 → 29-9021 → 11-9111) and the comparison occupations are named here once; the
pages ask for estimates by area and occupation and get them keyed as {(area_id, soc): estimate}.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from articles.careers import places
from articles.models import PayArea, PayEstimate, PayIndustryEstimate, PayRelease

CODER = "29-2072"
TECHNOLOGIST = "29-9021"
MANAGER = "11-9111"
BILLING = "43-3021"
ALL_JOBS = "00-0000"
NATIONAL_CODE = "0000000"
COMPARE_MAX = 5
# A relative standard error above this makes a figure imprecise enough to say so (BLS's RSE, in percent).
RSE_CAUTION = Decimal("20")


@dataclass(frozen=True)
class LadderStep:
    soc: str
    title: str
    credential: str
    education: str
    education_source: str
    education_source_url: str
    guide_slug: str


LADDER = (
    LadderStep(
        CODER,
        "Medical records specialists",
        "CCA, CCS or CPC (coding credentials)",
        "Postsecondary nondegree award (BLS's typical entry-level education)",
        "BLS Occupational Outlook Handbook, 2019-29 edition",
        "https://www.bls.gov/ooh/Healthcare/Medical-records-and-health-information-technicians.htm",
        "how-to-become-a-certified-coding-specialist",
    ),
    LadderStep(
        TECHNOLOGIST,
        "Health information technologists and medical registrars",
        "RHIT (needs an associate degree from a CAHIIM-accredited program)",
        "Associate's degree (BLS's typical entry-level education)",
        "BLS Occupational Outlook Handbook, 2022-32 edition",
        "https://stats.bls.gov/ooh/healthcare/health-information-technologists-and-medical-registrars.htm",
        "ccs-vs-cca-vs-cpc-vs-rhit-vs-rhia",
    ),
    LadderStep(
        MANAGER,
        "Medical and health services managers",
        "RHIA (needs a bachelor's or master's degree from a CAHIIM-accredited program)",
        "",
        "",
        "",
        "what-cahiim-accreditation-means",
    ),
)
LADDER_SOCS = tuple(step.soc for step in LADDER)
PAGE_SOCS = (*LADDER_SOCS, BILLING, ALL_JOBS)


def latest_release() -> PayRelease | None:
    return PayRelease.objects.order_by("-reference_month").first()


def previous_release(release: PayRelease) -> PayRelease | None:
    return (
        PayRelease.objects.filter(reference_month__lt=release.reference_month)
        .order_by("-reference_month")
        .first()
    )


def estimates_for(*, release: PayRelease, areas, socs=PAGE_SOCS) -> dict:
    """{(area_id, soc): estimate} for these areas and occupations, in one query."""
    rows = PayEstimate.objects.filter(
        release=release, area__in=list(areas), occupation__soc__in=socs
    ).select_related("occupation")
    return {(row.area_id, row.occupation.soc): row for row in rows}


def national_area() -> PayArea | None:
    return PayArea.objects.filter(code=NATIONAL_CODE).first()


def imprecise(estimate: PayEstimate | None) -> bool:
    """True when BLS's relative standard error says the wage or employment figure is imprecise."""
    if estimate is None:
        return False
    return any(
        value is not None and value > RSE_CAUTION
        for value in (estimate.wage_rse_pct, estimate.employment_rse_pct)
    )


def state_rows(*, release: PayRelease, soc: str = CODER) -> list[PayEstimate]:
    """Every state's estimate for one occupation (with its area), by state name."""
    return list(
        PayEstimate.objects.filter(
            release=release, occupation__soc=soc, area__kind=PayArea.Kind.STATE
        )
        .select_related("area")
        .order_by("area__name")
    )


SORTS = {
    "state": lambda row: (row.area.name,),
    "median": lambda row: (
        row.annual_median is None,
        row.annual_median or 0,
        row.area.name,
    ),
    "-median": lambda row: (
        row.annual_median is None,
        -(row.annual_median or 0),
        row.area.name,
    ),
    "-employment": lambda row: (
        row.employment is None,
        -(row.employment or 0),
        row.area.name,
    ),
    "-lq": lambda row: (
        row.location_quotient is None,
        -(row.location_quotient or 0),
        row.area.name,
    ),
}
DEFAULT_SORT = "-median"


def rows_sorted(rows: list, sort: str) -> tuple[list, str]:
    """Rows sorted by a known key; an unknown key falls back to the highest median first."""
    if sort not in SORTS:
        sort = DEFAULT_SORT
    return sorted(rows, key=SORTS[sort]), sort


def areas_in_state(state: str) -> list[PayArea]:
    return list(
        PayArea.objects.filter(
            state=state, kind__in=[PayArea.Kind.METRO, PayArea.Kind.NONMETRO]
        ).order_by("kind", "name")
    )


def industry_rows(*, release: PayRelease, soc: str = CODER, max_level: int = 4) -> list:
    """Industries employing the occupation, down to BLS's 4-digit level, largest employment first."""
    rows = PayIndustryEstimate.objects.filter(
        release=release, occupation__soc=soc, display_level__lte=max_level
    ).order_by("naics")
    return list(rows)


def compare_places() -> tuple[list, dict]:
    """The places a reader may compare (the nation, states, metro areas), and each by slug and by name."""
    areas = list(
        PayArea.objects.filter(
            kind__in=[PayArea.Kind.NATIONAL, PayArea.Kind.STATE, PayArea.Kind.METRO]
        ).order_by("kind", "name")
    )
    lookup = {area.slug: area for area in areas}
    lookup.update({area.name.lower(): area for area in areas})
    return areas, lookup


def areas_with_estimates(*, release: PayRelease, areas) -> list[PayArea]:
    """The areas with their estimates of the page's occupations prefetched (two queries)."""
    return list(
        PayArea.objects.filter(pk__in=[a.pk for a in areas]).prefetch_related(
            Prefetch(
                "estimates",
                queryset=PayEstimate.objects.filter(release=release).select_related(
                    "occupation"
                ),
            )
        )
    )


INSURANCE_CARRIERS = "524100"
COMPARE_MEASURES = (
    ("annual_median", "Median per year"),
    ("hourly_median", "Median per hour"),
    ("annual_mean", "Mean per year"),
    ("annual_p10", "10th percentile per year"),
    ("annual_p90", "90th percentile per year"),
    ("employment", "Jobs"),
    ("jobs_per_1000", "Jobs per 1,000"),
    ("location_quotient", "Location quotient"),
)


def industry_row(*, release: PayRelease, naics: str, soc: str = CODER):
    return PayIndustryEstimate.objects.filter(
        release=release, occupation__soc=soc, naics=naics
    ).first()


def zip_pay(*, release: PayRelease, zip_code: str) -> dict:
    """Pay near a ZIP code: the nearest metro areas (or the state's nonmetro areas), the state, the nation.

    Three queries whatever the number of areas: every area's name and point as plain values (a few hundred
    rows, no model instances: building 583 of them was most of the lookup), the few areas shown, their
    estimates. Raises places.UnknownZip for a ZIP code the offline ZIP data does not know.
    """
    refs = [
        places.PlaceRef(
            code, name, state, kind, None if lat is None or lon is None else (lat, lon)
        )
        for code, name, state, kind, lat, lon in PayArea.objects.values_list(
            "code", "name", "state", "kind", "latitude", "longitude"
        )
    ]
    result = places.nearest_areas(zip_code, refs)
    shown_codes = {near.area.code for near in result.nearby}
    shown_codes |= {ref.code for ref in result.in_state} | {NATIONAL_CODE}
    areas = PayArea.objects.defer("principal_cities").in_bulk(
        shown_codes, field_name="code"
    )
    nearest = [(areas[near.area.code], near.miles) for near in result.nearby]
    in_state = [areas[ref.code] for ref in result.in_state]
    state = next((a for a in in_state if a.kind == PayArea.Kind.STATE), None)
    nonmetro = (
        [a for a in in_state if a.kind == PayArea.Kind.NONMETRO]
        if result.fallback
        else []
    )
    nation = areas.get(NATIONAL_CODE)
    shown = [a for a, _ in nearest] + nonmetro + [a for a in (state, nation) if a]
    estimates = estimates_for(release=release, areas=shown, socs=(CODER,))
    return {
        "zip": result.zip_code,
        "nearest": [(a, miles, estimates.get((a.pk, CODER))) for a, miles in nearest],
        "nonmetro": [(a, estimates.get((a.pk, CODER))) for a in nonmetro],
        "fallback": result.fallback,
        "state": state,
        "state_estimate": estimates.get((state.pk, CODER)) if state else None,
        "nation": nation,
        "national_estimate": estimates.get((nation.pk, CODER)) if nation else None,
    }
