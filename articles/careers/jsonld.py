"""JSON-LD for the occupation: what medical records specialists earn."""

from collections.abc import Mapping

from careersite.seo import SCHEMA, SOC_CODE, absolute_url, jsonld_compact

SOC_TITLE = "Medical Records Specialists"


def occupation_jsonld(
    *,
    url: str,
    median_annual: float | int | None = None,
    percentiles: Mapping[int, float | int] | None = None,
    period: str = "",
    source_url: str = "",
    name: str = SOC_TITLE,
    description: str = "",
    location: str = "United States",
    location_type: str = "Country",
) -> dict:
    """schema.org Occupation with estimatedSalary as a yearly MonetaryAmountDistribution in USD.

    `percentiles` maps 10/25/75/90 to annual wages; only figures a source gives belong here.
    Without any figure there is no estimatedSalary at all, rather than an empty one.
    """
    distribution = {
        "@type": "MonetaryAmountDistribution",
        "name": "base",
        "currency": "USD",
        "duration": "P1Y",
        "median": median_annual,
        "description": ", ".join(part for part in ("Annual wage", period) if part),
        "url": source_url,
    }
    for rank, value in (percentiles or {}).items():
        if int(rank) in (10, 25, 75, 90) and value is not None:
            distribution[f"percentile{int(rank)}"] = value
    has_figure = median_annual is not None or any(
        key.startswith("percentile") for key in distribution
    )
    return jsonld_compact(
        {
            "@context": SCHEMA,
            "@type": "Occupation",
            "name": name,
            "description": description,
            "occupationalCategory": SOC_CODE,
            "occupationLocation": {"@type": location_type, "name": location},
            "estimatedSalary": [jsonld_compact(distribution)] if has_figure else None,
            "mainEntityOfPage": absolute_url(url),
        }
    )
