from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from articles.careers.facts import source_name_for
from articles.models import OccupationFact

register = template.Library()


@register.filter
def fact_value(fact: OccupationFact) -> str:
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


@register.filter
def source_label(url: str) -> str:
    return source_name_for(url).replace("BLS figure via", "BLS figures via")


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key)
