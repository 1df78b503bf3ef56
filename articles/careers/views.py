from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles.careers import pay, places
from articles.careers.band import band_chart_build
from articles.careers.chart import median_tile_map
from articles.careers.eligibility import (
    CURRENT_PAGE,
    OLDER_PAGE,
    RECOMMENDED_ROUTES,
    ccs_eligibility,
)
from articles.careers.forms import EligibilityForm, PayCompareForm, ZipPayForm
from articles.careers.jsonld import occupation_jsonld
from articles.models import PayArea
from careersite.breadcrumbs import breadcrumbs
from careersite.pagecache import mark_uncacheable
from careersite.ratelimits import limit_renders
from careersite.seo import jsonld_script
from schools.selectors import programs_in_state_first, programs_near

SALARY_CRUMB = ("Medical records specialist pay", "")


def _salary_crumbs(*more):
    return breadcrumbs((SALARY_CRUMB[0], reverse("careers:salary")), *more)


def _release_or_404():
    release = pay.latest_release()
    if release is None:
        raise Http404("No BLS release has been loaded")
    return release


def _occupation_jsonld(*, release, area, estimate, url):
    if estimate is None or estimate.annual_median is None:
        return ""
    percentiles = {
        rank: getattr(estimate, f"annual_p{rank}") for rank in (10, 25, 75, 90)
    }
    return jsonld_script(
        occupation_jsonld(
            url=url,
            median_annual=estimate.annual_median,
            percentiles={k: v for k, v in percentiles.items() if v is not None},
            period=f"{release.name}, {release.source_name}",
            source_url=release.source_url,
            description="Medical records specialists (SOC 29-2072), the occupation that includes medical coders.",
            location=area.name
            if area.kind != PayArea.Kind.NATIONAL
            else "United States",
            location_type={
                PayArea.Kind.NATIONAL: "Country",
                PayArea.Kind.STATE: "State",
            }.get(area.kind, "AdministrativeArea"),
        )
    )


def _band(title: str, rows: list) -> dict:
    """The percentile band chart and the rows of its table (the chart's text equivalent)."""
    return {"band": band_chart_build(title=title, rows=rows), "band_rows": rows}


def _ladder_rows(estimates, area):
    return [(step, estimates.get((area.pk, step.soc))) for step in pay.LADDER]


@require_GET
def salary(request):
    release = _release_or_404()
    nation = pay.national_area()
    estimates = pay.estimates_for(release=release, areas=[nation])
    coder = estimates.get((nation.pk, pay.CODER))
    all_jobs = estimates.get((nation.pk, pay.ALL_JOBS))
    rows = pay.state_rows(release=release)
    sorted_rows, sort = pay.rows_sorted(rows, request.GET.get("sort", ""))
    ranked = pay.rows_sorted(
        [r for r in rows if r.annual_median is not None], "-median"
    )[0]
    previous = pay.previous_release(release)
    context = {
        "release": release,
        "previous": previous,
        "previous_coder": previous
        and pay.estimates_for(release=previous, areas=[nation], socs=(pay.CODER,)).get(
            (nation.pk, pay.CODER)
        ),
        "nation": nation,
        "coder": coder,
        "all_jobs": all_jobs,
        "estimates": estimates,
        "ladder": _ladder_rows(estimates, nation),
        "rows": sorted_rows,
        "sort": sort,
        "ranks": {row.area_id: rank for rank, row in enumerate(ranked, start=1)},
        "highest": ranked[:5],
        **_band(
            f"Annual pay from the 10th to the 90th percentile, {release.name}",
            [
                ("Medical records specialists", coder),
                ("All occupations", all_jobs),
            ],
        ),
        "wage_map": median_tile_map(rows=rows, period=release.name),
        "zip_form": ZipPayForm(),
        "occupation_jsonld": _occupation_jsonld(
            release=release, area=nation, estimate=coder, url=reverse("careers:salary")
        ),
        "breadcrumbs": breadcrumbs(SALARY_CRUMB),
    }
    return render(request, "careers/salary.html", context)


@require_GET
def pay_state(request, slug):
    release = _release_or_404()
    state = PayArea.objects.filter(kind=PayArea.Kind.STATE, slug=slug).first()
    if state is None:
        raise Http404("No such state")
    nation = pay.national_area()
    local = pay.areas_in_state(state.state)
    estimates = pay.estimates_for(release=release, areas=[state, nation, *local])
    coder = estimates.get((state.pk, pay.CODER))
    context = {
        "release": release,
        "area": state,
        "nation": nation,
        "coder": coder,
        "national_coder": estimates.get((nation.pk, pay.CODER)),
        "estimates": estimates,
        "ladder": [
            (
                step,
                estimates.get((state.pk, step.soc)),
                estimates.get((nation.pk, step.soc)),
            )
            for step in pay.LADDER
        ],
        "local_rows": [(area, estimates.get((area.pk, pay.CODER))) for area in local],
        **_band(
            f"Annual pay of medical records specialists, {state.name} and the nation, {release.name}",
            [
                (state.name, coder),
                ("United States", estimates.get((nation.pk, pay.CODER))),
            ],
        ),
        "programs": programs_in_state_first(state.state, limit=12),
        "imprecise": pay.imprecise(coder),
        "occupation_jsonld": _occupation_jsonld(
            release=release, area=state, estimate=coder, url=state.get_absolute_url()
        ),
        "breadcrumbs": _salary_crumbs((state.name, "")),
    }
    return render(request, "careers/pay_state.html", context)


@require_GET
def pay_area(request, slug):
    release = _release_or_404()
    area = PayArea.objects.filter(
        kind__in=[PayArea.Kind.METRO, PayArea.Kind.NONMETRO], slug=slug
    ).first()
    if area is None:
        raise Http404("No such area")
    state = PayArea.objects.filter(kind=PayArea.Kind.STATE, state=area.state).first()
    nation = pay.national_area()
    estimates = pay.estimates_for(release=release, areas=[area, state, nation])
    coder = estimates.get((area.pk, pay.CODER))
    programs = (
        programs_near(area.point)
        if area.point
        else programs_in_state_first(area.state, limit=6)
    )
    context = {
        "release": release,
        "area": area,
        "state": state,
        "nation": nation,
        "coder": coder,
        "estimates": estimates,
        "columns": [area, state, nation],
        "ladder": pay.LADDER,
        **_band(
            f"Annual pay of medical records specialists, {release.name}",
            [(a.name, estimates.get((a.pk, pay.CODER))) for a in (area, state, nation)],
        ),
        "measures": pay.COMPARE_MEASURES,
        "programs": programs,
        "programs_near": bool(area.point),
        "imprecise": pay.imprecise(coder),
        "released": coder is not None and coder.annual_median is not None,
        "occupation_jsonld": _occupation_jsonld(
            release=release, area=area, estimate=coder, url=area.get_absolute_url()
        ),
        "breadcrumbs": _salary_crumbs(
            (state.name, state.get_absolute_url()), (area.name, "")
        ),
    }
    return render(request, "careers/pay_area.html", context)


@require_GET
@limit_renders
def pay_zip(request):
    release = _release_or_404()
    form = ZipPayForm(request.GET or None)
    context = {
        "form": form,
        "release": release,
        "method": places.METHOD,
        "breadcrumbs": _salary_crumbs(("Pay near a ZIP code", "")),
    }
    if form.is_valid():
        context.update(pay.zip_pay(release=release, zip_code=form.cleaned_data["zip"]))
    response = render(request, "careers/pay_zip.html", context)
    if form.is_bound and not form.is_valid():
        mark_uncacheable(response)
    return response


@require_GET
@limit_renders
def pay_compare(request):
    release = _release_or_404()
    places, lookup = pay.compare_places()
    form = PayCompareForm(request.GET if "a" in request.GET else None, places=lookup)
    typed = [v for v in request.GET.getlist("a") if v.strip()][: pay.COMPARE_MAX]
    context = {
        "form": form,
        "release": release,
        "max": pay.COMPARE_MAX,
        "places": places,
        "breadcrumbs": _salary_crumbs(("Compare places", "")),
    }
    if form.is_valid():
        areas = form.cleaned_data["a"]
        slugs = [area.slug for area in areas]
        if typed != slugs:
            # Places typed by name: the shareable address names them by slug.
            query = "&".join(f"a={slug}" for slug in slugs)
            return redirect(
                f"{reverse('careers:pay-compare')}?{query}"
                if query
                else reverse("careers:pay-compare")
            )
        typed = [area.name for area in areas]
        if areas:
            estimates = pay.estimates_for(release=release, areas=areas)
            context.update(
                areas=areas,
                estimates=estimates,
                ladder=pay.LADDER,
                measures=pay.COMPARE_MEASURES,
                **_band(
                    f"Annual pay of medical records specialists, {release.name}",
                    [(a.name, estimates.get((a.pk, pay.CODER))) for a in areas],
                ),
            )
    context["slots"] = typed + [""] * (pay.COMPARE_MAX - len(typed))
    response = render(request, "careers/pay_compare.html", context)
    if form.is_bound and not form.is_valid():
        mark_uncacheable(response)
    return response


@require_GET
def pay_industries(request):
    release = _release_or_404()
    rows = pay.industry_rows(release=release)
    context = {
        "release": release,
        "total": next((r for r in rows if r.naics == "000000"), None),
        "rows": sorted(
            (r for r in rows if r.display_level >= 2 and r.employment),
            key=lambda r: -r.employment,
        ),
        "insurance": pay.industry_row(release=release, naics=pay.INSURANCE_CARRIERS),
        "breadcrumbs": _salary_crumbs(("Where medical records specialists work", "")),
    }
    return render(request, "careers/pay_industries.html", context)


@require_GET
def career_ladder(request):
    release = _release_or_404()
    nation = pay.national_area()
    estimates = pay.estimates_for(release=release, areas=[nation])
    rows = _ladder_rows(estimates, nation)
    context = {
        "release": release,
        "rows": rows,
        "all_jobs": estimates.get((nation.pk, pay.ALL_JOBS)),
        **_band(
            f"Annual pay along the career ladder, United States, {release.name}",
            [(step.title, e) for step, e in rows],
        ),
        "states": PayArea.objects.filter(kind=PayArea.Kind.STATE).order_by("name"),
        "breadcrumbs": _salary_crumbs(("The career ladder", "")),
    }
    return render(request, "careers/ladder.html", context)


@require_GET
def pay_data_notes(request):
    release = _release_or_404()
    context = {
        "release": release,
        "sources": sorted(release.provenance.get("sources", {}).items()),
        "footnotes": sorted(release.footnotes.items(), key=lambda item: int(item[0])),
        "breadcrumbs": _salary_crumbs(("About the pay data", "")),
    }
    return render(request, "careers/pay_notes.html", context)


@require_GET
def eligibility(request):
    form = EligibilityForm(request.GET or None)
    result = ccs_eligibility(form.cleaned_data) if form.is_valid() else None
    context = {
        "form": form,
        "result": result,
        "routes": RECOMMENDED_ROUTES,
        "current_page": CURRENT_PAGE,
        "older_page": OLDER_PAGE,
    }
    response = render(request, "careers/eligibility.html", context)
    if form.is_bound and not form.is_valid():
        mark_uncacheable(response)
    return response
