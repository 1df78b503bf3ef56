from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles.careers.chart import dollars, wage_chart_build, wage_tile_map
from articles.careers.eligibility import (
    CURRENT_PAGE,
    OLDER_PAGE,
    RECOMMENDED_ROUTES,
    ccs_eligibility,
)
from articles.careers.forms import EligibilityForm
from articles.careers.jsonld import occupation_jsonld
from articles.careers.salary import salary_page_data
from careersite.pagecache import mark_uncacheable
from careersite.seo import jsonld_script


def _occupation_jsonld(data: dict):
    """Occupation JSON-LD with the national median, only when it has a printed period."""
    median = data["facts"].get("median-pay")
    dated = median is not None and median.period_end is not None
    return jsonld_script(
        occupation_jsonld(
            url=reverse("careers:salary"),
            median_annual=int(median.value) if dated else None,
            period=median.period if dated else "",
            source_url=median.source_url if dated else "",
            description="Medical records specialists, the occupation that includes medical coders.",
        )
    )


@require_GET
def salary(request):
    data = salary_page_data(sort=request.GET.get("sort", ""))
    period = data["chart_period"]
    if period is not None:
        national = data["national_mean"]
        if national is not None:
            mean, label, note = (
                national.value,
                f"U.S. mean: {dollars(national.value)}",
                "",
            )
            description = f"the U.S. annual mean wage for {national.period}, {dollars(national.value)}"
        else:
            count = period.states_with_wage
            mean = data["states_average"]
            label = f"Average of these {count} states: {dollars(mean)}"
            note = "(simple average, not a national figure)"
            description = f"the simple average of these {count} states, {dollars(mean)}, which is not a national figure"
        data["chart"] = wage_chart_build(
            rows=period.wage_rows,
            period=period.period,
            occupation=period.occupation_title,
            mean=mean,
            mean_label=label,
            mean_note=note,
            mean_description=description,
        )
        data["wage_map"] = wage_tile_map(rows=period.wage_rows, period=period.period)
    data["occupation_jsonld"] = _occupation_jsonld(data)
    return render(request, "careers/salary.html", data)


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
