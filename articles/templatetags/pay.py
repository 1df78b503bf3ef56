"""Template filters of the pay pages ({% load pay %}); the wording rules are in articles.careers.money."""

from django import template

from articles.careers.money import difference_text, measure_text
from articles.careers.pay import latest_release, zip_pay
from articles.careers.places import UnknownZip

register = template.Library()


@register.filter
def pay(estimate, name: str) -> str:
    """{{ estimate|pay:"annual_median" }} → "$51,140", "≥ $239,200" or "not released"."""
    return measure_text(estimate, name)


@register.filter
def lookup(mapping: dict, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def estimate_of(estimates: dict, area, soc: str):
    """{% estimate_of estimates area "29-2072" as e %}: one area's estimate for one occupation."""
    return estimates.get((area.pk, soc)) if area is not None else None


@register.simple_tag
def versus(value, base) -> str:
    return difference_text(value, base)


@register.inclusion_tag("careers/_local_pay_line.html")
def local_pay_line(zip_code: str) -> dict:
    """One line of local pay for a ZIP code (the finder's results): the nearest metro area's median."""
    release = latest_release()
    if release is None:
        return {}
    try:
        found = zip_pay(release=release, zip_code=zip_code)
    except UnknownZip:
        return {}
    return {"release": release, **found}
